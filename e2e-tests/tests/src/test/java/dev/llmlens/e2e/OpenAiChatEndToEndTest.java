package dev.llmlens.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.llmlens.e2e.fixture.ChildJvm;
import dev.llmlens.e2e.fixture.MetricsView;
import dev.llmlens.e2e.fixture.OtlpReceiver;
import dev.llmlens.e2e.fixture.PrometheusScrape;
import dev.llmlens.e2e.fixture.ScriptedOpenAiServer;
import io.opentelemetry.proto.trace.v1.Span;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The agent the way users run it: a child JVM with {@code -javaagent:llmlens-agent.jar} makes
 * blocking and async chat completions through the real openai-java client against a local
 * server that answers with usage, 429s, 500s, 400s, 404s, 401s and a hang. What the agent
 * exported is read from its Prometheus endpoint and from an OTLP receiver, and must equal what
 * the calls were, exactly.
 */
class OpenAiChatEndToEndTest {

  /** 12 calls: 5 succeed, 7 fail in six different ways. */
  static final String PLAN =
      "3*blocking:gpt-4o,2*async:gpt-4o-mini,blocking:limited,async:limited,blocking:broken,"
          + "async:too-long,blocking:unknown-model,blocking:unauthorized,blocking:slow";

  ScriptedOpenAiServer server;
  OtlpReceiver receiver;

  @BeforeEach
  void start() {
    server = ScriptedOpenAiServer.start();
    server.setDefault(OpenAiScript::byModel);
    receiver = OtlpReceiver.start();
  }

  @AfterEach
  void stop() {
    server.close();
    receiver.close();
  }

  @ParameterizedTest(name = "OTLP over {0}")
  @ValueSource(strings = {"grpc", "http/protobuf"})
  void everyCallIsCountedOnceWithItsOutcomeInPrometheusAndOtlp(String protocol) throws IOException {
    int prometheusPort = freePort();
    ChildJvm.Result result =
        ScenarioApps.withAgent(ScenarioApps.chatApp(), ScenarioApps.CHAT_APP)
            .systemProperty("otel.metrics.exporter", "otlp,prometheus")
            .systemProperty("otel.traces.exporter", "otlp")
            .systemProperty("otel.exporter.otlp.protocol", protocol)
            .systemProperty("otel.exporter.otlp.endpoint", protocol.equals("grpc") ? receiver.grpcEndpoint() : receiver.httpEndpoint())
            .systemProperty("otel.exporter.prometheus.port", String.valueOf(prometheusPort))
            .systemProperty("otel.exporter.prometheus.host", "127.0.0.1")
            .systemProperty("scenario.scrapePort", String.valueOf(prometheusPort))
            .systemProperty("scenario.timeoutMillis", "1000")
            .args(server.baseUrl(), PLAN)
            .run()
            .requireSuccess();

    assertThat(result.stderr()).doesNotContain("[llmlens] WARN");
    assertThat(result.sinceMarker(ScenarioApps.DONE)).isLessThan(Duration.ofSeconds(5));
    assertThat(ScenarioApps.callLines(result)).containsExactlyElementsOf(expectedCallLines());
    assertServerSawRetries();

    PrometheusScrape scrape = PrometheusScrape.parse(ScenarioApps.printedScrape(result));
    assertPrometheus(scrape);

    MetricsView metrics = receiver.metrics();
    assertOtlpMetrics(metrics);
    assertThat(metrics.resourceAttributes()).containsEntry("service.name", "ChatScenarioApp");
    assertSpans(receiver.spans());
  }

  @Test
  void theApplicationSeesExactlyWhatItSeesWithoutTheAgent() {
    ChildJvm.Result without =
        ScenarioApps.withoutAgent(ScenarioApps.chatApp(), ScenarioApps.CHAT_APP)
            .systemProperty("scenario.timeoutMillis", "1000")
            .args(server.baseUrl(), PLAN)
            .run()
            .requireSuccess();
    assertThat(ScenarioApps.callLines(without)).containsExactlyElementsOf(expectedCallLines());
  }

  /** What the app itself prints: response models, tokens, and the exception of each failure. */
  static List<String> expectedCallLines() {
    return List.of(
        "CALL 0 blocking gpt-4o OK gpt-4o-2024-08-06 12 7",
        "CALL 1 blocking gpt-4o OK gpt-4o-2024-08-06 12 7",
        "CALL 2 blocking gpt-4o OK gpt-4o-2024-08-06 12 7",
        "CALL 3 async gpt-4o-mini OK gpt-4o-mini-2024-07-18 20 3",
        "CALL 4 async gpt-4o-mini OK gpt-4o-mini-2024-07-18 20 3",
        "CALL 5 blocking limited ERROR com.openai.errors.RateLimitException",
        "CALL 6 async limited ERROR com.openai.errors.RateLimitException",
        "CALL 7 blocking broken ERROR com.openai.errors.InternalServerException",
        "CALL 8 async too-long ERROR com.openai.errors.BadRequestException",
        "CALL 9 blocking unknown-model ERROR com.openai.errors.NotFoundException",
        "CALL 10 blocking unauthorized ERROR com.openai.errors.UnauthorizedException",
        "CALL 11 blocking slow ERROR com.openai.errors.OpenAIIoException");
  }

  /** The SDK retried 429, 500 and the timeout twice each; those are still one request each. */
  private void assertServerSawRetries() {
    Map<String, Long> attempts =
        server.requests().stream().collect(Collectors.groupingBy(OpenAiScript::model, Collectors.counting()));
    assertThat(attempts)
        .containsExactlyInAnyOrderEntriesOf(
            Map.of("gpt-4o", 3L, "gpt-4o-mini", 2L, "limited", 6L, "broken", 3L, "too-long", 1L,
                "unknown-model", 1L, "unauthorized", 1L, "slow", 3L));
  }

  private static void assertPrometheus(PrometheusScrape scrape) {
    assertThat(scrape.value("ai_requests_total", Map.of())).isEqualTo(12);
    assertThat(scrape.value("ai_requests_total", Map.of("model", "gpt-4o", "status", "success", "provider", "openai", "operation", "chat", "feature", "unknown"))).isEqualTo(3);
    assertThat(scrape.value("ai_requests_total", Map.of("model", "gpt-4o-mini", "status", "success"))).isEqualTo(2);
    assertThat(scrape.value("ai_requests_total", Map.of("model", "limited", "status", "error"))).isEqualTo(2);
    assertThat(scrape.value("ai_requests_total", Map.of("status", "error"))).isEqualTo(7);

    assertThat(scrape.value("ai_errors_total", Map.of())).isEqualTo(7);
    assertThat(scrape.value("ai_errors_total", Map.of("error_type", "rate_limit"))).isEqualTo(2);
    assertThat(scrape.value("ai_errors_total", Map.of("error_type", "server_error", "model", "broken"))).isEqualTo(1);
    assertThat(scrape.value("ai_errors_total", Map.of("error_type", "context_length_exceeded", "model", "too-long"))).isEqualTo(1);
    assertThat(scrape.value("ai_errors_total", Map.of("error_type", "not_found"))).isEqualTo(1);
    assertThat(scrape.value("ai_errors_total", Map.of("error_type", "authentication"))).isEqualTo(1);
    assertThat(scrape.value("ai_errors_total", Map.of("error_type", "timeout", "model", "slow"))).isEqualTo(1);

    assertThat(scrape.value("ai_tokens_total", Map.of("model", "gpt-4o", "direction", "input"))).isEqualTo(36);
    assertThat(scrape.value("ai_tokens_total", Map.of("model", "gpt-4o", "direction", "output"))).isEqualTo(21);
    assertThat(scrape.value("ai_tokens_total", Map.of("model", "gpt-4o-mini", "direction", "input"))).isEqualTo(40);
    assertThat(scrape.value("ai_tokens_total", Map.of("model", "gpt-4o-mini", "direction", "output"))).isEqualTo(6);
    assertThat(scrape.value("ai_tokens_total", Map.of())).isEqualTo(103);

    // gpt-4o $2.50/$10 and gpt-4o-mini $0.15/$0.60 per million tokens, dated snapshots included.
    assertThat(scrape.value("ai_cost_dollars_total", Map.of("model", "gpt-4o"))).isCloseTo(36 * 2.5e-6 + 21 * 10e-6, within(1e-12));
    assertThat(scrape.value("ai_cost_dollars_total", Map.of("model", "gpt-4o-mini"))).isCloseTo(40 * 0.15e-6 + 6 * 0.6e-6, within(1e-12));

    assertThat(scrape.value("ai_active_requests", Map.of())).isEqualTo(0);
    assertThat(scrape.samples("ai_active_requests")).isNotEmpty();
    assertThat(scrape.value("ai_request_duration_seconds_count", Map.of())).isEqualTo(12);
    assertThat(scrape.value("ai_request_duration_seconds_count", Map.of("model", "gpt-4o", "status", "success"))).isEqualTo(3);
    assertThat(scrape.value("ai_request_duration_seconds_bucket", Map.of("model", "slow", "le", "0.64"))).isEqualTo(0);
    assertThat(scrape.value("ai_request_duration_seconds_bucket", Map.of("model", "slow", "le", "+Inf"))).isEqualTo(1);
    assertThat(scrape.value("gen_ai_client_operation_duration_seconds_count", Map.of())).isEqualTo(12);
    assertThat(scrape.value("gen_ai_client_operation_duration_seconds_count", Map.of("error_type", "rate_limit"))).isEqualTo(2);
    assertThat(scrape.value("gen_ai_client_token_usage_count", Map.of())).isEqualTo(10);
    assertThat(scrape.value("gen_ai_client_token_usage_sum", Map.of("gen_ai_request_model", "gpt-4o", "gen_ai_token_type", "input", "gen_ai_response_model", "gpt-4o-2024-08-06"))).isEqualTo(36);

    assertThat(scrape.type("ai_requests_total")).isEqualTo("counter");
    assertThat(scrape.type("ai_request_duration_seconds")).isEqualTo("histogram");
    assertThat(scrape.type("ai_active_requests")).isEqualTo("gauge");
    assertThat(scrape.sampleNames()).noneMatch(name -> name.contains("_total_total"));
  }

  private void assertOtlpMetrics(MetricsView metrics) {
    String port = String.valueOf(java.net.URI.create(server.baseUrl()).getPort());
    assertThat(metrics.sum("ai.requests", Map.of())).isEqualTo(12);
    assertThat(metrics.sum("ai.requests", Map.of("model", "gpt-4o", "status", "success"))).isEqualTo(3);
    assertThat(metrics.sum("ai.errors", Map.of("error_type", "rate_limit"))).isEqualTo(2);
    assertThat(metrics.sum("ai.errors", Map.of("error_type", "timeout"))).isEqualTo(1);
    assertThat(metrics.sum("ai.tokens", Map.of("direction", "input"))).isEqualTo(76);
    assertThat(metrics.sum("ai.tokens", Map.of("direction", "output"))).isEqualTo(27);
    assertThat(metrics.sum("ai.active_requests", Map.of())).isEqualTo(0);
    assertThat(metrics.isMonotonic("ai.active_requests")).isFalse();
    assertThat(metrics.histogramCount("ai.request.duration", Map.of())).isEqualTo(12);
    assertThat(metrics.unit("ai.request.duration")).isEqualTo("s");
    assertThat(metrics.histogramBounds("ai.request.duration"))
        .containsExactly(0.01, 0.02, 0.04, 0.08, 0.16, 0.32, 0.64, 1.28, 2.56, 5.12, 10.24, 20.48, 40.96, 81.92);
    assertThat(metrics.histogramCount("gen_ai.client.operation.duration",
            Map.of("gen_ai.provider.name", "openai", "gen_ai.operation.name", "chat", "server.address", "127.0.0.1", "server.port", port)))
        .isEqualTo(12);
    assertThat(metrics.histogramBounds("gen_ai.client.token.usage"))
        .containsExactly(1.0, 4.0, 16.0, 64.0, 256.0, 1024.0, 4096.0, 16384.0, 65536.0, 262144.0, 1048576.0, 4194304.0, 16777216.0, 67108864.0);
    assertThat(metrics.histogramSum("gen_ai.client.token.usage", Map.of("gen_ai.token.type", "output", "gen_ai.request.model", "gpt-4o-mini")))
        .isEqualTo(6);
  }

  private static void assertSpans(List<Span> spans) {
    assertThat(spans).hasSize(12);
    assertThat(spans).allMatch(span -> span.getKind() == Span.SpanKind.SPAN_KIND_CLIENT);
    Map<String, Long> byName = spans.stream().collect(Collectors.groupingBy(Span::getName, Collectors.counting()));
    assertThat(byName).containsEntry("chat gpt-4o", 3L).containsEntry("chat gpt-4o-mini", 2L).containsEntry("chat limited", 2L);
    Span success = spans.stream().filter(span -> span.getName().equals("chat gpt-4o")).findFirst().orElseThrow();
    Map<String, String> attributes = MetricsView.attributes(success.getAttributesList());
    assertThat(attributes)
        .containsEntry("gen_ai.operation.name", "chat")
        .containsEntry("gen_ai.provider.name", "openai")
        .containsEntry("gen_ai.request.model", "gpt-4o")
        .containsEntry("gen_ai.response.model", "gpt-4o-2024-08-06")
        .containsEntry("gen_ai.usage.input_tokens", "12")
        .containsEntry("gen_ai.usage.output_tokens", "7")
        .containsEntry("server.address", "127.0.0.1");
    assertThat(success.getStatus().getCode()).isNotEqualTo(io.opentelemetry.proto.trace.v1.Status.StatusCode.STATUS_CODE_ERROR);
    Span failed = spans.stream().filter(span -> span.getName().equals("chat too-long")).findFirst().orElseThrow();
    assertThat(MetricsView.attributes(failed.getAttributesList())).containsEntry("error.type", "context_length_exceeded");
    assertThat(failed.getStatus().getCode()).isEqualTo(io.opentelemetry.proto.trace.v1.Status.StatusCode.STATUS_CODE_ERROR);
  }

  static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
