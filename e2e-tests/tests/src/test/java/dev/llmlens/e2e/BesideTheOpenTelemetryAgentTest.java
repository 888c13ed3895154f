package dev.llmlens.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmlens.e2e.fixture.ChildJvm;
import dev.llmlens.e2e.fixture.MetricsView;
import dev.llmlens.e2e.fixture.OtlpReceiver;
import dev.llmlens.e2e.fixture.ScriptedOpenAiServer;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * llmlens in the same JVM as the OpenTelemetry Java agent 2.22.0 (which instruments openai-java
 * too), in either order of the two {@code -javaagent} flags: both agents work, and llmlens counts
 * each call exactly once. The OpenTelemetry agent retransforms {@code java.lang.ClassLoader} at
 * start, where llmlens watches for the library's classes; a change llmlens made by
 * retransforming would be lost then, one made by redefining is not.
 */
class BesideTheOpenTelemetryAgentTest {

  static final Path OTEL_AGENT = ChildJvm.repoRoot().resolve("e2e-tests/tests/target/agents/opentelemetry-javaagent.jar");

  @AutoClose final ScriptedOpenAiServer server = OpenAiScript.server();
  @AutoClose final OtlpReceiver receiver = OtlpReceiver.start();

  @ParameterizedTest(name = "{0} first")
  @ValueSource(strings = {"llmlens", "opentelemetry"})
  void bothAgentsObserveTheCallsAndLlmlensCountsEachOnce(String first) {
    assertThat(OTEL_AGENT).as("copied by the build (maven-dependency-plugin)").exists();
    String llmlens = "-javaagent:" + ChildJvm.agentJar();
    String otel = "-javaagent:" + OTEL_AGENT;
    ChildJvm.Builder twoAgents =
        ScenarioApps.withoutAgent(ScenarioApps.chatApp(), ScenarioApps.CHAT_APP)
            .jvmArg(first.equals("llmlens") ? llmlens : otel)
            .jvmArg(first.equals("llmlens") ? otel : llmlens);
    ChildJvm.Result result =
        ScenarioApps.exportingTo(twoAgents, receiver)
            .systemProperty("otel.logs.exporter", "none")
            .args(server.baseUrl(), ClassLoaderEnvironmentsTest.PLAN)
            .run()
            .requireSuccess();

    assertThat(result.stderr()).doesNotContain("[llmlens] WARN");
    assertThat(ScenarioApps.callLines(result)).isEqualTo(ClassLoaderEnvironmentsTest.CALLS);
    MetricsView metrics = receiver.metrics();
    assertThat(metrics.sum("ai.requests", Map.of())).isEqualTo(5);
    assertThat(metrics.sum("ai.requests", Map.of("model", "gpt-4o", "status", "success"))).isEqualTo(2);
    assertThat(metrics.sum("ai.tokens", Map.of("direction", "input"))).isEqualTo(2 * 12 + 20);
    // One span per call from each: llmlens, and the OpenTelemetry agent's openai-java and OkHttp
    // instrumentations.
    assertThat(spansByScope())
        .as(result.stderr())
        .isEqualTo(Map.of("dev.llmlens", 5L, "io.opentelemetry.openai-java-1.1", 5L, "io.opentelemetry.okhttp-3.0", 5L));
  }

  /** How many spans each instrumentation scope exported. */
  private Map<String, Long> spansByScope() {
    Map<String, Long> spans = new TreeMap<>();
    for (ExportTraceServiceRequest request : receiver.traceRequests()) {
      for (ResourceSpans resource : request.getResourceSpansList()) {
        for (ScopeSpans scope : resource.getScopeSpansList()) {
          spans.merge(scope.getScope().getName(), (long) scope.getSpansCount(), Long::sum);
        }
      }
    }
    return spans;
  }
}
