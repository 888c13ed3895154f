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
}
