package dev.llmlens.e2e;

import static dev.llmlens.e2e.ExportedSpans.attributes;
import static dev.llmlens.e2e.ExportedSpans.durationNanos;
import static dev.llmlens.e2e.ExportedSpans.parentId;
import static dev.llmlens.e2e.ExportedSpans.spanId;
import static dev.llmlens.e2e.ExportedSpans.traceId;
import static org.assertj.core.api.Assertions.assertThat;

import dev.llmlens.e2e.fixture.ChildJvm;
import dev.llmlens.e2e.fixture.MetricsView;
import dev.llmlens.e2e.fixture.OtlpReceiver;
import dev.llmlens.e2e.fixture.PrometheusScrape;
import dev.llmlens.e2e.fixture.ScriptedOpenAiServer;
import dev.llmlens.e2e.fixture.ScriptedResponse;
import io.opentelemetry.proto.trace.v1.Span;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The spans of openai-java calls as a trace backend receives them (real OTLP protobuf from the
 * built agent in a child JVM): one CLIENT span per call, blocking, async, streamed and
 * async-streamed, each covering its whole call (a stream's span ends with its last chunk, an
 * async call's when its future completes), each a trace of its own when the application has
 * none. And the exemplars that lead from the latency histograms to those spans, in OpenMetrics
 * and in OTLP.
 */
class SpanTreeEndToEndTest {

  /** Headroom for span and application timestamps coming from different clock readings. */
  private static final long CLOCK_READINGS_NANOS = Duration.ofMillis(2).toNanos();
  private static final Duration ANSWER_DELAY = Duration.ofMillis(300);
  private static final Duration LAST_CHUNK_DELAY = Duration.ofMillis(500);

  ScriptedOpenAiServer server;
  OtlpReceiver receiver;

  @BeforeEach
  void start() {
    server = ScriptedOpenAiServer.start();
    receiver = OtlpReceiver.start();
  }

  @AfterEach
  void stop() {
    server.close();
    receiver.close();
  }

  @Test
  void eachCallIsOneClientSpanCoveringTheWholeCallInATraceOfItsOwn() {
    server.enqueue(ScriptedResponse.chatCompletion("gpt-4o-2024-08-06", 12, 7).withDelay(ANSWER_DELAY));
    server.enqueue(ScriptedResponse.chatCompletion("gpt-4o-mini-2024-07-18", 20, 3).withDelay(ANSWER_DELAY));
    server.enqueue(SseBodies.stream("gpt-4o-2024-08-06", "stop", new long[] {30, 4, 0, 0}, "Your", " parcel")
        .withLastEventDelay(LAST_CHUNK_DELAY));
    server.enqueue(SseBodies.stream("gpt-4o-2024-08-06", "stop", null, "Your", " parcel").withLastEventDelay(LAST_CHUNK_DELAY));

    ChildJvm.Result result =
        ScenarioApps.exportingTo(ScenarioApps.withAgent(ScenarioApps.chatApp(), ScenarioApps.CHAT_APP), receiver)
            .systemProperty("scenario.maxRetries", "0")
            .args(server.baseUrl(), "blocking:gpt-4o,async:gpt-4o-mini,stream-usage:gpt-4o,astream:gpt-4o")
            .run()
            .requireSuccess();
    assertThat(ScenarioApps.callLines(result))
        .containsExactly(
            "CALL 0 blocking gpt-4o OK gpt-4o-2024-08-06 12 7",
            "CALL 1 async gpt-4o-mini OK gpt-4o-mini-2024-07-18 20 3",
            "CALL 2 stream-usage gpt-4o STREAM 5 chunks: Your parcel",
            "CALL 3 astream gpt-4o STREAM 4 chunks: Your parcel");
    assertThat(result.stderr()).doesNotContain("[llmlens] WARN");

    List<Span> spans = ExportedSpans.byStart(receiver.spans());
    assertThat(spans).extracting(Span::getName).containsExactly("chat gpt-4o", "chat gpt-4o-mini", "chat gpt-4o", "chat gpt-4o");
    assertThat(spans).allMatch(span -> span.getKind() == Span.SpanKind.SPAN_KIND_CLIENT);
    // No trace in the application: each call is the root of a trace of its own.
    assertThat(spans).allMatch(span -> parentId(span).isEmpty());
    assertThat(spans.stream().map(ExportedSpans::traceId).distinct()).hasSize(4);

    String port = String.valueOf(java.net.URI.create(server.baseUrl()).getPort());
    Map<String, String> common =
        Map.of("gen_ai.operation.name", "chat", "gen_ai.provider.name", "openai", "server.address", "127.0.0.1", "server.port", port);
    assertThat(attributes(spans.get(0)))
        .containsAllEntriesOf(common)
        .containsEntry("gen_ai.request.model", "gpt-4o")
        .containsEntry("gen_ai.response.model", "gpt-4o-2024-08-06")
        .containsEntry("gen_ai.usage.input_tokens", "12")
        .containsEntry("gen_ai.usage.output_tokens", "7")
        .containsEntry("gen_ai.response.finish_reasons", "[stop]")
        .doesNotContainKeys("gen_ai.request.stream", "gen_ai.response.time_to_first_chunk", "error.type");
    assertThat(attributes(spans.get(1)))
        .containsAllEntriesOf(common)
        .containsEntry("gen_ai.request.model", "gpt-4o-mini")
        .containsEntry("gen_ai.response.model", "gpt-4o-mini-2024-07-18")
        .containsEntry("gen_ai.usage.input_tokens", "20")
        .containsEntry("gen_ai.usage.output_tokens", "3");
    assertThat(attributes(spans.get(2)))
        .containsAllEntriesOf(common)
        .containsEntry("gen_ai.request.stream", "true")
        .containsEntry("gen_ai.response.model", "gpt-4o-2024-08-06")
        .containsEntry("gen_ai.usage.input_tokens", "30")
        .containsEntry("gen_ai.usage.output_tokens", "4")
        .containsEntry("gen_ai.response.finish_reasons", "[stop]")
        .containsKey("gen_ai.response.time_to_first_chunk");
    assertThat(attributes(spans.get(3)))
        .containsAllEntriesOf(common)
        .containsEntry("gen_ai.request.stream", "true")
        .containsEntry("gen_ai.response.finish_reasons", "[stop]")
        .containsKey("gen_ai.response.time_to_first_chunk")
        .doesNotContainKeys("gen_ai.usage.input_tokens", "error.type");
    assertThat(spans).allMatch(span -> span.getStatus().getCode() != io.opentelemetry.proto.trace.v1.Status.StatusCode.STATUS_CODE_ERROR);

    // Each span covers its call: it ends after the answer (after the last chunk of a stream,
    // which the server sent 0.5 s after the others; after an async call's future completed).
    // The first chunk's time is not compared: under load, loading the stream classes on first
    // use can take longer than the pause.
    assertThat(durationNanos(spans.get(0))).isGreaterThanOrEqualTo(ANSWER_DELAY.toNanos());
    assertThat(durationNanos(spans.get(1))).isGreaterThanOrEqualTo(ANSWER_DELAY.toNanos());
    assertThat(durationNanos(spans.get(2))).isGreaterThanOrEqualTo(LAST_CHUNK_DELAY.toNanos());
    assertThat(durationNanos(spans.get(3))).isGreaterThanOrEqualTo(LAST_CHUNK_DELAY.toNanos());
    // (The server received the request after the span started and sent the last chunk 0.5 s
    // later, so only a span that waits for the last chunk lasts that long.)
    // ...and within what the application saw: started after the call began; the blocking and
    // the stream read on the caller's thread ended before the call returned.
    List<long[]> windows = ScenarioApps.callWindows(result);
    for (int i = 0; i < 4; i++) {
      assertThat(spans.get(i).getStartTimeUnixNano()).isGreaterThanOrEqualTo(windows.get(i)[0] - CLOCK_READINGS_NANOS);
    }
    assertThat(spans.get(0).getEndTimeUnixNano()).isLessThanOrEqualTo(windows.get(0)[1] + CLOCK_READINGS_NANOS);
    assertThat(spans.get(2).getEndTimeUnixNano()).isLessThanOrEqualTo(windows.get(2)[1] + CLOCK_READINGS_NANOS);
  }

  /**
   * The duration and first-token histograms keep, per bucket, the trace and span of a call that
   * fell into it: in the OpenMetrics exposition (what Prometheus stores as exemplars, and what
   * the Debug dashboard links to the trace with) and on OTLP histogram points.
   */
  @Test
  void latencyHistogramsCarryTheirCallsTraceIdsAsExemplars() {
    server.setDefault(OpenAiScript::byModel);
    int prometheusPort = ScenarioApps.freePort();
    ChildJvm.Result result =
        ScenarioApps.exportingTo(ScenarioApps.withAgent(ScenarioApps.chatApp(), ScenarioApps.CHAT_APP), receiver)
            .systemProperty("otel.metrics.exporter", "otlp,prometheus")
            .systemProperty("otel.exporter.prometheus.port", String.valueOf(prometheusPort))
            .systemProperty("otel.exporter.prometheus.host", "127.0.0.1")
            .systemProperty("scenario.scrapePort", String.valueOf(prometheusPort))
            .systemProperty("scenario.scrapeAccept", "application/openmetrics-text; version=1.0.0; charset=utf-8")
            .systemProperty("scenario.maxRetries", "0")
            .args(server.baseUrl(), "3*blocking:gpt-4o,async:gpt-4o-mini,stream:streamed")
            .run()
            .requireSuccess();
    assertThat(ScenarioApps.callLines(result)).hasSize(5).noneMatch(line -> line.contains("ERROR"));

    List<Span> spans = receiver.spans();
    assertThat(spans).hasSize(5);
    Map<String, String> spanNameById =
        spans.stream().collect(Collectors.toMap(span -> traceId(span) + "/" + spanId(span), Span::getName));

    String exposition = ScenarioApps.printedScrape(result);
    assertThat(exposition).as("OpenMetrics ends with # EOF").contains("# EOF");
    PrometheusScrape scrape = PrometheusScrape.parse(exposition);
    assertExemplarsPointAtSpans(scrape, "ai_request_duration_seconds_bucket", spanNameById, "gpt-4o", "gpt-4o-mini", "streamed");
    assertExemplarsPointAtSpans(scrape, "gen_ai_client_operation_duration_seconds_bucket", spanNameById, "gpt-4o", "gpt-4o-mini", "streamed");
    assertExemplarsPointAtSpans(scrape, "ai_time_to_first_token_seconds_bucket", spanNameById, "streamed");

    MetricsView metrics = receiver.metrics();
    for (String model : List.of("gpt-4o", "gpt-4o-mini", "streamed")) {
      Set<String> exemplars = metrics.histogramExemplars("ai.request.duration", Map.of("model", model));
      assertThat(exemplars).as("OTLP exemplars of ai.request.duration{model=%s}", model).isNotEmpty();
      assertThat(exemplars).allSatisfy(id -> assertThat(spanNameById).containsEntry(id, "chat " + model));
    }
    assertThat(metrics.histogramExemplars("ai.time_to_first_token", Map.of()))
        .singleElement()
        .satisfies(id -> assertThat(spanNameById).containsEntry(id, "chat streamed"));
  }

  /** Every exemplar of these bucket samples names an exported span of the sample's model. */
  private static void assertExemplarsPointAtSpans(
      PrometheusScrape scrape, String sampleName, Map<String, String> spanNameById, String... models) {
    List<PrometheusScrape.Exemplar> exemplars = scrape.exemplars(sampleName);
    Set<String> modelsWithExemplars = new HashSet<>();
    for (PrometheusScrape.Exemplar exemplar : exemplars) {
      assertThat(exemplar.labels()).containsOnlyKeys("trace_id", "span_id");
      String model = exemplar.sample().labels().getOrDefault("model", exemplar.sample().labels().get("gen_ai_request_model"));
      String id = exemplar.labels().get("trace_id") + "/" + exemplar.labels().get("span_id");
      assertThat(spanNameById).as("span of exemplar %s", exemplar).containsEntry(id, "chat " + model);
      assertThat(exemplar.value()).as("exemplar value within its bucket %s", exemplar)
          .isLessThanOrEqualTo(PrometheusScrape.parseValue(exemplar.sample().labels().get("le")));
      modelsWithExemplars.add(model);
    }
    assertThat(modelsWithExemplars).as("models with %s exemplars", sampleName).containsExactlyInAnyOrder(models);
  }
}
