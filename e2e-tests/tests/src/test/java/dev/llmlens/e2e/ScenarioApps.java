package dev.llmlens.e2e;

import dev.llmlens.e2e.fixture.ChildJvm;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Classpaths of the applications the end-to-end tests run (built by the sibling modules), and
 * launchers for them with or without the agent.
 */
final class ScenarioApps {

  static final String CHAT_APP = "dev.llmlens.e2e.app.ChatScenarioApp";
  static final String LEGACY_APP = "dev.llmlens.e2e.app.LegacyClientApp";
  static final String OWN_OTEL_APP = "dev.llmlens.e2e.ownotel.OwnTelemetryApp";
  static final String TRACE_JOINING_APP = "dev.llmlens.e2e.ownotel.TraceJoiningApp";
  static final String LOGGING_APP = "dev.llmlens.e2e.logging.LoggingSupportApp";
  static final String LANGCHAIN4J_APP = "dev.llmlens.e2e.langchain4j.LangChain4jScenarioApp";
  static final String LANGCHAIN4J_LEGACY_APP = "dev.llmlens.e2e.langchain4j.LegacyLangChain4jApp";
  static final String DONE = "SCENARIO DONE";

  private ScenarioApps() {}

  /** The scenario app on openai-java as the project builds it (4.x). */
  static List<Path> chatApp() {
    return moduleClasspath("scenario-app");
  }

  /**
   * The same, its classes from the module's jar rather than its classes directory: JDK 25's AOT
   * cache takes only jars on the class path.
   */
  static List<Path> chatAppAsJars() {
    Path target = e2eDir().resolve("scenario-app").resolve("target");
    List<Path> classpath = new ArrayList<>();
    classpath.add(moduleJar(target, "llmlens-e2e-scenario-app-"));
    classpath.addAll(ChildJvm.classpathFile(target.resolve("classpath.txt")));
    return classpath;
  }

  /** The scenario app repackaged as a Spring Boot executable jar (openai-java in BOOT-INF/lib). */
  static Path springBootJar() {
    return e2eDir().resolve("spring-boot-app/target/spring-boot-app.jar");
  }

  /**
   * The launcher that runs the scenario app in a URLClassLoader of its own: its classpath holds
   * the launcher alone; the scenario app and openai-java come as its first argument.
   */
  static List<Path> childLoaderLauncher() {
    return List.of(e2eDir().resolve("child-loader-app/target/classes"));
  }

  static final String CHILD_LOADER_APP = "dev.llmlens.e2e.childloader.ChildLoaderApp";

  /** The LangChain4j scenario app on the LangChain4j version the project builds with. */
  static List<Path> langchain4jApp() {
    return moduleClasspath("langchain4j-app");
  }

  /**
   * The LangChain4j scenario app's classes on another resolved classpath of {@code
   * langchain4j-classpaths}: a version ({@code 1.0.1}, {@code 1.8.0}, {@code 0.36.2}) or {@code
   * open-ai-official}.
   */
  static List<Path> langchain4jAppOn(String classpath) {
    List<Path> entries = new ArrayList<>();
    entries.add(e2eDir().resolve("langchain4j-app/target/classes"));
    entries.addAll(ChildJvm.classpathFile(e2eDir().resolve("langchain4j-classpaths").resolve(classpath).resolve("target/classpath.txt")));
    return entries;
  }

  static List<Path> ownOtelApp() {
    return moduleClasspath("own-otel-app");
  }

  /** A LangChain4j service that logs through Logback and Log4j 2. */
  static List<Path> loggingApp() {
    return moduleClasspath("logging-app");
  }

  /**
   * The scenario app with openai-java's two jars swapped for another version's, e.g. {@code
   * legacy} (the supported older line) or {@code 0.22} (a layout the agent must refuse).
   */
  static List<Path> chatAppOnOpenAi(String version) {
    Path jars = e2eDir().resolve("openai-legacy-classpath/target/openai");
    List<Path> classpath = new ArrayList<>();
    for (Path entry : chatApp()) {
      String name = entry.getFileName().toString();
      if (name.startsWith("openai-java-core-")) {
        classpath.add(jars.resolve("openai-java-core-" + version + ".jar"));
      } else if (name.startsWith("openai-java-client-okhttp-")) {
        classpath.add(jars.resolve("openai-java-client-okhttp-" + version + ".jar"));
      } else {
        classpath.add(entry);
      }
    }
    return classpath;
  }

  /** A child JVM running {@code mainClass} with the built agent jar and quiet exporters. */
  static ChildJvm.Builder withAgent(List<Path> classpath, String mainClass) {
    return ChildJvm.builder()
        .agent(ChildJvm.agentJar())
        .classpath(classpath)
        .mainClass(mainClass)
        .systemProperty("otel.metrics.exporter", "none")
        .systemProperty("otel.traces.exporter", "none");
  }

  /**
   * Like {@link #withAgent}, with the Prometheus exporter on a free port that the scenario app
   * scrapes and prints once every call is counted (see {@link #printedScrape}).
   */
  static ChildJvm.Builder withAgentAndScrape(List<Path> classpath, String mainClass) {
    return withAgentAndScrape(classpath, mainClass, freePort());
  }

  /** The same on this port, for tests that scrape it themselves too. */
  static ChildJvm.Builder withAgentAndScrape(List<Path> classpath, String mainClass, int port) {
    return withAgent(classpath, mainClass)
        .systemProperty("otel.metrics.exporter", "prometheus")
        .systemProperty("otel.exporter.prometheus.port", String.valueOf(port))
        .systemProperty("scenario.scrapePort", String.valueOf(port));
  }

  /**
   * The chat app with the agent making one blocking gpt-4o call to {@code server}, its
   * Prometheus endpoint on {@code port}; started, it prints its scrape and then holds for a
   * minute, so a test can look at the running process.
   */
  static ChildJvm.Running startHoldingItsEndpoint(
      dev.llmlens.e2e.fixture.ScriptedOpenAiServer server, int port, java.util.function.UnaryOperator<ChildJvm.Builder> more) {
    ChildJvm.Running running =
        more.apply(
                withAgentAndScrape(chatApp(), CHAT_APP, port)
                    .systemProperty("scenario.holdMillis", "60000")
                    .args(server.baseUrl(), "blocking:gpt-4o"))
            .start();
    try {
      running.awaitStdoutLine("--- SCRAPE END ---", ChildJvm.DEFAULT_TIMEOUT);
    } catch (RuntimeException | AssertionError e) {
      running.close();
      throw e;
    }
    return running;
  }

  /** Spans and metrics exported over OTLP http/protobuf to this receiver. */
  static ChildJvm.Builder exportingTo(ChildJvm.Builder builder, dev.llmlens.e2e.fixture.OtlpReceiver receiver) {
    return builder
        .systemProperty("otel.traces.exporter", "otlp")
        .systemProperty("otel.metrics.exporter", "otlp")
        .systemProperty("otel.exporter.otlp.protocol", "http/protobuf")
        .systemProperty("otel.exporter.otlp.endpoint", receiver.httpEndpoint());
  }

  static int freePort() {
    try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  static ChildJvm.Builder withoutAgent(List<Path> classpath, String mainClass) {
    return ChildJvm.builder().classpath(classpath).mainClass(mainClass);
  }

  /** The lines the app printed about its calls: what the application saw. */
  static List<String> callLines(ChildJvm.Result result) {
    return result.stdout().lines().filter(line -> line.startsWith("CALL ")).toList();
  }

  /**
   * The {@code WINDOW i startMicros endMicros} lines of the scenario app: when each call began
   * and returned, in epoch nanoseconds (microsecond precision), by call index.
   */
  static List<long[]> callWindows(ChildJvm.Result result) {
    return result.stdout().lines()
        .filter(line -> line.startsWith("WINDOW "))
        .map(line -> line.split(" "))
        .map(parts -> new long[] {Long.parseLong(parts[2]) * 1000, Long.parseLong(parts[3]) * 1000})
        .toList();
  }

  /** The Prometheus exposition the scenario app printed between its markers. */
  static String printedScrape(ChildJvm.Result result) {
    String out = result.stdout();
    int begin = out.indexOf("--- SCRAPE BEGIN ---\n");
    int end = out.indexOf("--- SCRAPE END ---");
    if (begin < 0 || end < 0) {
      throw new AssertionError("the app printed no scrape\n" + result);
    }
    return out.substring(begin + "--- SCRAPE BEGIN ---\n".length(), end);
  }

  private static List<Path> moduleClasspath(String module) {
    Path target = e2eDir().resolve(module).resolve("target");
    List<Path> classpath = new ArrayList<>();
    classpath.add(target.resolve("classes"));
    classpath.addAll(ChildJvm.classpathFile(target.resolve("classpath.txt")));
    return classpath;
  }

  private static Path moduleJar(Path target, String prefix) {
    try (Stream<Path> files = Files.list(target)) {
      return files
          .filter(file -> file.getFileName().toString().startsWith(prefix) && file.getFileName().toString().endsWith(".jar"))
          .findFirst()
          .orElseThrow(() -> new AssertionError("no " + prefix + "*.jar in " + target + ": run mvn verify from the repository root"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Path e2eDir() {
    return ChildJvm.repoRoot().resolve("e2e-tests");
  }
}
