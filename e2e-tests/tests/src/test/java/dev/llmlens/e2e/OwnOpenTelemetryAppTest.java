package dev.llmlens.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmlens.e2e.fixture.ChildJvm;
import dev.llmlens.e2e.fixture.OtlpReceiver;
import dev.llmlens.e2e.fixture.ScriptedOpenAiServer;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A service that brings its own, older OpenTelemetry SDK (registered as the global one) and its
 * own ByteBuddy keeps using them, unaware of the agent's shaded copies, while the agent observes
 * its LLM calls.
 */
class OwnOpenTelemetryAppTest {

  @Test
  void theAppKeepsItsOwnOpenTelemetryAndByteBuddyWhileTheAgentWorks() {
    try (ScriptedOpenAiServer server = ScriptedOpenAiServer.start();
        OtlpReceiver receiver = OtlpReceiver.start()) {
      server.setDefault(OpenAiScript::byModel);
      ChildJvm.Result result =
          ScenarioApps.withAgent(ScenarioApps.ownOtelApp(), ScenarioApps.OWN_OTEL_APP)
              .systemProperty("otel.metrics.exporter", "otlp")
              .systemProperty("otel.traces.exporter", "otlp")
              .systemProperty("otel.exporter.otlp.protocol", "http/protobuf")
              .systemProperty("otel.exporter.otlp.endpoint", receiver.httpEndpoint())
              .systemProperty("otel.service.name", "support-bot")
              .args(server.baseUrl())
              .run()
              .requireSuccess();

      assertThat(result.stdout().lines())
          .contains(
              "BYTEBUDDY byte-buddy-1.14.18.jar made by the app's ByteBuddy",
              "OWN SPANS 1 handle-ticket",
              "OWN METRICS tickets.handled 1",
              "OWN SDK io.opentelemetry.sdk.OpenTelemetrySdk");
      assertThat(result.stderr()).doesNotContain("[llmlens] WARN");

      assertThat(receiver.metrics().sum("ai.requests", Map.of("model", "gpt-4o", "status", "success"))).isEqualTo(2);
      assertThat(receiver.metrics().metricNames()).doesNotContain("tickets.handled");
      assertThat(receiver.metrics().resourceAttributes()).containsEntry("service.name", "support-bot");
      assertThat(receiver.spans()).extracting(span -> span.getName()).containsExactly("chat gpt-4o", "chat gpt-4o");
    }
  }

  /**
   * Attribution from the application's own Baggage (OpenTelemetry API 1.40, not the agent's),
   * with 10,000 distinct feature values: the series stay at the cardinality limit, the rest is
   * "other", and the overflow is counted.
   */
  @Test
  void baggageNamesTheFeatureAndTenThousandValuesStayAtTheLimit() {
    try (ScriptedOpenAiServer server = ScriptedOpenAiServer.start();
        OtlpReceiver receiver = OtlpReceiver.start()) {
      server.setDefault(OpenAiScript::byModel);
      ChildJvm.Result result =
          ScenarioApps.withAgent(ScenarioApps.ownOtelApp(), ScenarioApps.OWN_OTEL_APP)
              .systemProperty("otel.metrics.exporter", "otlp")
              .systemProperty("otel.exporter.otlp.protocol", "http/protobuf")
              .systemProperty("otel.exporter.otlp.endpoint", receiver.httpEndpoint())
              .systemProperty("llmlens.attribution.rules", "dev.llmlens.e2e.ownotel=from-rule")
              .systemProperty("llmlens.cardinality.limit", "100")
              .timeout(java.time.Duration.ofMinutes(3))
              .args(server.baseUrl(), "10000")
              .run()
              .requireSuccess();
      assertThat(result.stdout()).contains("BAGGAGE CALLS 10000");

      dev.llmlens.e2e.fixture.MetricsView metrics = receiver.metrics();
      assertThat(metrics.sum("ai.requests", Map.of())).isEqualTo(10_002);
      // The two calls without Baggage fall back to the caller rule.
      assertThat(metrics.sum("ai.requests", Map.of("feature", "from-rule"))).isEqualTo(2);
      java.util.Set<String> features = new java.util.HashSet<>();
      metrics.attributeSets("ai.requests").forEach(attributes -> features.add(attributes.get("feature")));
      // 100 distinct values admitted (the rule's among them), then "other".
      assertThat(features).hasSize(101).contains("other", "from-rule", "feature-0", "feature-98");
      assertThat(metrics.sum("ai.requests", Map.of("feature", "other"))).isEqualTo(10_000 - 99);
      assertThat(metrics.sum("ai.label_overflow", Map.of("label", "feature"))).isEqualTo(10_000 - 99);
      // user.tier from Baggage is a label of its own.
      assertThat(metrics.sum("ai.requests", Map.of("user_tier", "gold"))).isEqualTo(5_000);
      assertThat(metrics.sum("ai.requests", Map.of("user_tier", "free"))).isEqualTo(5_000);
    }
  }
}
