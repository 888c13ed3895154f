package dev.llmlens.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmlens.e2e.fixture.ChildJvm;
import dev.llmlens.e2e.fixture.PrometheusScrape;
import dev.llmlens.e2e.fixture.ScriptedOpenAiServer;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The agent's Prometheus endpoint answers in the text formats whatever a scraper asks for first.
 * The agent leaves protobuf out (README, Jar), so a Prometheus with native histograms on, which
 * asks for the protobuf format first, must get its next choice, OpenMetrics, and not an error;
 * a scraper that asks for protobuf alone gets the classic text format. Without the agent's patch
 * of the Prometheus client's protobuf writer (agent/src/build/java/dev/llmlens/build/
 * LibraryClassPatches.java), both got HTTP 500.
 */
class PrometheusScrapeFormatsTest {

  private static final String OPENMETRICS = "application/openmetrics-text; version=1.0.0; charset=utf-8";
  private static final String TEXT = "text/plain; version=0.0.4; charset=utf-8";
  private static final Map<String, String> THE_CALL =
      Map.of("model", "gpt-4o", "status", "success", "provider", "openai", "operation", "chat");

  @Test
  void aScraperAskingForProtobufGetsATextFormatItAlsoReads() {
    try (ScriptedOpenAiServer server = ScriptedOpenAiServer.start()) {
      server.setDefault(OpenAiScript::byModel);
      int port = ScenarioApps.freePort();
      try (ChildJvm.Running running = ScenarioApps.startHoldingItsEndpoint(server, port, child -> child)) {
        HttpResponse<String> nativeHistograms = PrometheusScrape.get(port, PrometheusScrape.NATIVE_HISTOGRAMS_ACCEPT);
        assertThat(nativeHistograms.statusCode()).as(nativeHistograms.body()).isEqualTo(200);
        assertThat(nativeHistograms.headers().firstValue("Content-Type")).hasValue(OPENMETRICS);
        assertThat(nativeHistograms.body()).endsWith("# EOF\n");
        assertThat(PrometheusScrape.parse(nativeHistograms.body()).value("ai_requests_total", THE_CALL)).isEqualTo(1);

        HttpResponse<String> byDefault = PrometheusScrape.get(port, PrometheusScrape.PROMETHEUS_ACCEPT);
        assertThat(byDefault.statusCode()).isEqualTo(200);
        assertThat(byDefault.headers().firstValue("Content-Type")).hasValue(OPENMETRICS);

        HttpResponse<String> protobufOnly =
            PrometheusScrape.get(port, "application/vnd.google.protobuf;proto=io.prometheus.client.MetricFamily;encoding=delimited");
        assertThat(protobufOnly.statusCode()).as(protobufOnly.body()).isEqualTo(200);
        assertThat(protobufOnly.headers().firstValue("Content-Type")).hasValue(TEXT);
        assertThat(PrometheusScrape.parse(protobufOnly.body()).value("ai_requests_total", THE_CALL)).isEqualTo(1);
      }
    }
  }

  /**
   * The SDK's experimental setting for exponential histograms on the Prometheus exporter would
   * leave one {@code +Inf} bucket per histogram in the text formats: it is refused with one
   * warning, and the endpoint keeps its explicit buckets.
   */
  @Test
  void exponentialHistogramsForPrometheusAreRefusedWithOneWarning() {
    try (ScriptedOpenAiServer server = ScriptedOpenAiServer.start()) {
      server.setDefault(OpenAiScript::byModel);
      int port = ScenarioApps.freePort();
      ChildJvm.Result result =
          ScenarioApps.withAgentAndScrape(ScenarioApps.chatApp(), ScenarioApps.CHAT_APP, port)
              .systemProperty("otel.java.experimental.exporter.prometheus.metrics.default.histogram.aggregation",
                  "BASE2_EXPONENTIAL_BUCKET_HISTOGRAM")
              .args(server.baseUrl(), "blocking:gpt-4o")
              .run()
              .requireSuccess();

      assertThat(result.stderr().lines().filter(line -> line.startsWith("[llmlens] WARN")))
          .containsExactly(
              "[llmlens] WARN otel.java.experimental.exporter.prometheus.metrics.default.histogram.aggregation="
                  + "\"BASE2_EXPONENTIAL_BUCKET_HISTOGRAM\" is not supported by llmlens' Prometheus endpoint, which"
                  + " serves the text formats only: an exponential histogram would be one +Inf bucket there. Accepted:"
                  + " EXPLICIT_BUCKET_HISTOGRAM. Using the default: EXPLICIT_BUCKET_HISTOGRAM. Exponential histograms"
                  + " go out over OTLP (otel.exporter.otlp.metrics.default.histogram.aggregation).");
      PrometheusScrape scrape = PrometheusScrape.parse(ScenarioApps.printedScrape(result));
      List<String> bounds =
          scrape.samples("ai_request_duration_seconds_bucket").stream()
              .filter(sample -> sample.labels().get("model").equals("gpt-4o"))
              .map(sample -> sample.labels().get("le"))
              .toList();
      // The GenAI buckets (DESIGN.md), as with the setting left alone.
      assertThat(bounds)
          .containsExactly("0.01", "0.02", "0.04", "0.08", "0.16", "0.32", "0.64", "1.28", "2.56", "5.12", "10.24",
              "20.48", "40.96", "81.92", "+Inf");
    }
  }
}
