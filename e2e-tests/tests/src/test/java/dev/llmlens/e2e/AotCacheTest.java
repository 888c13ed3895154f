package dev.llmlens.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmlens.e2e.fixture.ChildJvm;
import dev.llmlens.e2e.fixture.MetricsView;
import dev.llmlens.e2e.fixture.OtlpReceiver;
import dev.llmlens.e2e.fixture.ScriptedOpenAiServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * JDK 25's ahead-of-time cache (JEP 483 and 514) with the agent in both runs, as its users make
 * it: a training run with {@code -XX:AOTCacheOutput} writes the cache, the next runs start from
 * it with {@code -XX:AOTMode=on} (which makes the JVM fail rather than run without it). A
 * training run whose agent redefines {@code java.lang.ClassLoader} makes the JVM crash while it
 * writes the cache, so there llmlens watches library classes with a transformer instead.
 * Both runs must count every call exactly.
 * Runs in the e2e tests' {@code jdk25} execution only.
 */
class AotCacheTest {

  static final String PLAN = "3*blocking:gpt-4o,2*async:gpt-4o-mini";

  @TempDir Path directory;

  @Test
  void aTrainingRunWithTheAgentWritesACacheThatTheNextRunStartsFromAndEveryCallIsCounted() throws Exception {
    assertThat(Runtime.Version.parse(javaVersion()).feature())
        .as("this test needs the JDK 25 child JVMs of the jdk25 execution (llmlens.e2e.java)")
        .isGreaterThanOrEqualTo(25);
    Path cache = directory.resolve("app.aot");

    ChildJvm.Result training = run("-XX:AOTCacheOutput=" + cache);
    assertThat(training.stdout() + training.stderr()).doesNotContain("A fatal error", "Child process failed");
    assertThat(training.stderr()).contains("the JVM is writing a class-data archive (AOT cache or CDS)");
    assertThat(cache).isRegularFile();
    assertThat(Files.size(cache)).isGreaterThan(1_000_000);

    // The cache loads most of openai-java's classes before premain, but not those the training
    // run wove: the JVM leaves a class a transformer changed out of the cache. So those load as
    // usual, through ClassLoader, and ByteBuddy is built beside the application.
    ChildJvm.Result cached = run("-XX:AOTMode=on", "-XX:AOTCache=" + cache);
    assertThat(cached.stderr())
        .contains("library classes are watched from ClassLoader.defineClass; no class file transformer is registered")
        .doesNotContain("is already loaded", "[error]", "[warning]", "[llmlens] WARN");
  }

  /** One run of the chat app, its five calls checked exactly in what the agent exported. */
  private ChildJvm.Result run(String... jvmArgs) {
    try (ScriptedOpenAiServer server = ScriptedOpenAiServer.start();
        OtlpReceiver receiver = OtlpReceiver.start()) {
      server.setDefault(OpenAiScript::byModel);
      ChildJvm.Builder builder =
          ScenarioApps.exportingTo(ScenarioApps.withAgent(ScenarioApps.chatAppAsJars(), ScenarioApps.CHAT_APP), receiver)
              .systemProperty("llmlens.debug", "true")
              .args(server.baseUrl(), PLAN);
      for (String jvmArg : jvmArgs) {
        builder.jvmArg(jvmArg);
      }
      ChildJvm.Result result = builder.run().requireSuccess();
      assertThat(ScenarioApps.callLines(result)).hasSize(5).allMatch(line -> line.contains(" OK "));
      MetricsView metrics = receiver.metrics();
      assertThat(metrics.sum("ai.requests", Map.of("model", "gpt-4o", "status", "success"))).isEqualTo(3);
      assertThat(metrics.sum("ai.requests", Map.of("model", "gpt-4o-mini", "status", "success"))).isEqualTo(2);
      assertThat(metrics.sum("ai.tokens", Map.of("direction", "input"))).isEqualTo(3 * 12 + 2 * 20);
      assertThat(receiver.spans()).hasSize(5);
      return result;
    }
  }

  private static String javaVersion() throws Exception {
    Path release = ChildJvm.childJavaHome().resolve("release");
    for (String line : Files.readAllLines(release)) {
      if (line.startsWith("JAVA_VERSION=")) {
        return line.substring("JAVA_VERSION=".length()).replace("\"", "");
      }
    }
    throw new AssertionError("no JAVA_VERSION in " + release);
  }
}
