package dev.llmlens.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmlens.e2e.fixture.ChildJvm;
import dev.llmlens.e2e.fixture.MetricsView;
import dev.llmlens.e2e.fixture.OtlpReceiver;
import dev.llmlens.e2e.fixture.ScriptedOpenAiServer;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A batch job: {@value #CALLS} calls (blocking and async), then {@code main} returns at once,
 * long before the first periodic export (15 s for metrics, 5 s for spans). Everything reaches
 * the collector through the final flush at exit, exactly, and the JVM is gone within 5 s.
 */
class ShutdownTest {

  static final int CALLS = 40;
  static final String PLAN = "25*blocking:gpt-4o,15*async:gpt-4o-mini";

  @ParameterizedTest(name = "OTLP over {0}")
  @ValueSource(strings = {"grpc", "http/protobuf"})
  void aJobThatExitsRightAfterItsCallsHasExportedThemAll(String protocol) {
    try (ScriptedOpenAiServer server = ScriptedOpenAiServer.start();
        OtlpReceiver receiver = OtlpReceiver.start()) {
      server.setDefault(OpenAiScript::byModel);
      ChildJvm.Result result =
          ScenarioApps.withAgent(ScenarioApps.chatApp(), ScenarioApps.CHAT_APP)
              .systemProperty("otel.metrics.exporter", "otlp")
              .systemProperty("otel.traces.exporter", "otlp")
              .systemProperty("otel.exporter.otlp.protocol", protocol)
              .systemProperty("otel.exporter.otlp.endpoint", protocol.equals("grpc") ? receiver.grpcEndpoint() : receiver.httpEndpoint())
              .args(server.baseUrl(), PLAN)
              .run()
              .requireSuccess();

      Duration exit = result.sinceMarker(ScenarioApps.DONE);
      System.out.printf("ShutdownTest %s: %d calls, JVM gone %d ms after main returned%n", protocol, CALLS, exit.toMillis());
      assertThat(ScenarioApps.callLines(result)).hasSize(CALLS).allMatch(line -> line.contains(" OK "));
      assertThat(exit).isLessThan(Duration.ofSeconds(5));
      MetricsView metrics = receiver.metrics();
      assertThat(metrics.sum("ai.requests", Map.of())).isEqualTo(CALLS);
      assertThat(metrics.sum("ai.requests", Map.of("model", "gpt-4o", "status", "success"))).isEqualTo(25);
      assertThat(metrics.sum("ai.requests", Map.of("model", "gpt-4o-mini", "status", "success"))).isEqualTo(15);
      assertThat(metrics.sum("ai.tokens", Map.of("direction", "input"))).isEqualTo(25 * 12 + 15 * 20);
      assertThat(metrics.sum("ai.active_requests", Map.of())).isEqualTo(0);
      assertThat(receiver.spans()).hasSize(CALLS);
    }
  }
}
