package dev.llmlens.benchmarks;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * The configurations compared side by side: no agent, llmlens, the OpenTelemetry Java agent, and
 * the OpenTelemetry agent with only its openai instrumentation on. Both agents export OTLP
 * http/protobuf to the benchmark's own loopback sink every 15 s (llmlens' default interval), so
 * both pay for recording and for export.
 *
 * <p>Paths are relative to the repository root; {@code -Dbench.llmlensAgent} and
 * {@code -Dbench.otelAgent} override them. {@code -Dbench.llmlensBefore=other.jar} adds a setup
 * {@code llmlens-before} with another build of llmlens, to show a change before and after in the
 * same interleaved rounds ({@code llmlens-before-metrics-only}: the same, spans off).
 */
final class AgentSetup {

  static final String LLMLENS_JAR = System.getProperty("bench.llmlensAgent", "agent/target/llmlens-agent.jar");
  static final String OTEL_JAR =
      System.getProperty("bench.otelAgent", "benchmarks/target/agents/opentelemetry-javaagent.jar");

  final String name;
  private final List<String> agentArguments;

  private AgentSetup(String name, String... agentArguments) {
    this.name = name;
    this.agentArguments = Arrays.asList(agentArguments);
  }

  /**
   * {@code -Dbench.setups=none,llmlens} picks some; by default all but {@code llmlens-before} and
   * {@code llmlens-metrics-only}.
   */
  static List<AgentSetup> selected() {
    List<AgentSetup> all = Arrays.asList(
        new AgentSetup("none"),
        new AgentSetup("llmlens", "-javaagent:" + LLMLENS_JAR),
        new AgentSetup("llmlens-before", "-javaagent:" + System.getProperty("bench.llmlensBefore")),
        // Metrics only: no span is recorded (the sampler drops them all, so nothing is exported
        // either), which shows what the per-call span costs in time and bytes.
        new AgentSetup("llmlens-metrics-only", "-javaagent:" + LLMLENS_JAR,
            "-Dotel.traces.exporter=none", "-Dotel.traces.sampler=always_off"),
        // The advice woven, with no handler for it to call: the bridge's handler is taken away
        // before the first call (LoadRun), as LlmlensSwitch does for its "off" blocks, but for
        // the whole run. Between separate JVMs, what llmlens costs beyond this is its handler's
        // and recorder's work. It exports nothing; its debug output shows the weaving instead.
        new AgentSetup("llmlens-handlerless", "-javaagent:" + LLMLENS_JAR, "-Dllmlens.debug=true", "-D" + LoadRun.HANDLERLESS + "=true"),
        new AgentSetup("llmlens-before-metrics-only", "-javaagent:" + System.getProperty("bench.llmlensBefore"),
            "-Dotel.traces.exporter=none", "-Dotel.traces.sampler=always_off"),
        new AgentSetup("otel", "-javaagent:" + OTEL_JAR),
        new AgentSetup("otel-openai-only", "-javaagent:" + OTEL_JAR,
            "-Dotel.instrumentation.common.default-enabled=false", "-Dotel.instrumentation.openai.enabled=true"));
    String wanted = System.getProperty("bench.setups", System.getProperty("bench.llmlensBefore") == null
        ? "none,llmlens,otel,otel-openai-only" : "none,llmlens-before,llmlens,otel,otel-openai-only");
    List<AgentSetup> chosen = new ArrayList<>();
    for (AgentSetup setup : all) {
      if (Arrays.asList(wanted.split(",")).contains(setup.name)) {
        chosen.add(setup);
      }
    }
    return chosen;
  }

  boolean hasAgent() {
    return !agentArguments.isEmpty();
  }

  /** The size of the {@code -javaagent} jar, in bytes; 0 without an agent. */
  long agentJarBytes() {
    for (String argument : agentArguments) {
      if (argument.startsWith("-javaagent:")) {
        return new File(argument.substring("-javaagent:".length())).length();
      }
    }
    return 0;
  }

  /**
   * An agent that failed to weave is cheap: a run with an agent counts only if the agent
   * exported something naming the calls' {@code model}.
   */
  void requireObserved(boolean observed, String model, String output) {
    if (agentArguments.contains("-D" + LoadRun.HANDLERLESS + "=true")) {
      observed = output.contains(LoadRun.WOVEN);
      model = "(handlerless: no export) the woven service, " + LoadRun.WOVEN + ",";
    }
    if (hasAgent() && !observed) {
      throw new IllegalStateException(
          name + " exported nothing naming " + model + ": its agent did not observe the calls, so its figures"
              + " would not be its cost. The run's output:\n" + output);
    }
  }

  /** JVM arguments of a child process whose loopback server listens on {@code port}. */
  List<String> jvmArguments(int port) {
    for (String argument : agentArguments) {
      String jar = argument.substring(argument.indexOf(':') + 1);
      if (argument.startsWith("-javaagent:") && !new File(jar).isFile()) {
        throw new IllegalStateException(jar + " is missing: build it first (see the README, Performance)");
      }
    }
    List<String> arguments = new ArrayList<>(agentArguments);
    arguments.add("-Dsun.net.httpserver.nodelay=true");
    arguments.add("-D" + LoopbackServer.PORT_PROPERTY + "=" + port);
    if (hasAgent()) {
      arguments.add("-Dotel.exporter.otlp.protocol=http/protobuf");
      arguments.add("-Dotel.exporter.otlp.endpoint=http://127.0.0.1:" + port);
      arguments.add("-Dotel.metric.export.interval=15000");
      arguments.add("-Dotel.logs.exporter=none");
      arguments.add("-Dotel.service.name=bench");
    }
    return arguments;
  }

  static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  /** The order of round {@code round}: rotated, so no setup always runs first or last. */
  static List<AgentSetup> inRound(List<AgentSetup> setups, int round) {
    List<AgentSetup> order = new ArrayList<>(setups);
    Collections.rotate(order, round);
    return order;
  }

  static double median(List<Double> values) {
    List<Double> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    int n = sorted.size();
    return n == 0 ? Double.NaN : n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
  }
}
