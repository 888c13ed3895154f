package dev.llmlens.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmlens.e2e.fixture.ChildJvm;
import dev.llmlens.e2e.fixture.MetricsView;
import dev.llmlens.e2e.fixture.OtlpReceiver;
import dev.llmlens.e2e.fixture.PrometheusScrape;
import dev.llmlens.e2e.fixture.ScriptedOpenAiServer;
import java.util.Collections;
import java.util.Map;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/**
 * Label values the agent does not choose, through the built agent jar: model names the
 * application builds and feature values from its Baggage arrive cut at 128 characters, with
 * control characters as {@code _}, and values that differ only past the cut share one series.
 */
class LabelValuesFromOutsideTest {

  static final String X200 = String.join("", Collections.nCopies(200, "x"));

  @AutoClose final ScriptedOpenAiServer server = OpenAiScript.server();

  @Test
  void modelNamesAreCutAndCleaned() {
    ChildJvm.Result result =
        ScenarioApps.withAgentAndScrape(ScenarioApps.chatApp(), ScenarioApps.CHAT_APP)
            .systemProperty("scenario.maxRetries", "0")
            .args(server.baseUrl(), "blocking:" + X200 + "1,blocking:" + X200 + "2,blocking:gpt\n4o\u0007")
            .run()
            .requireSuccess();

    PrometheusScrape scrape = PrometheusScrape.parse(ScenarioApps.printedScrape(result));
    assertThat(scrape.value("ai_requests_total", Map.of())).isEqualTo(3);
    assertThat(scrape.value("ai_requests_total", Map.of("model", X200.substring(0, 128)))).isEqualTo(2);
    assertThat(scrape.value("ai_requests_total", Map.of("model", "gpt_4o_"))).isEqualTo(1);
    assertThat(result.stderr().lines().filter(line -> line.startsWith("[llmlens]")))
        .allSatisfy(line -> assertThat(line).doesNotContain("\u0007"));
  }

  @Test
  void baggageFeaturesAreCutAndCleaned() {
    try (OtlpReceiver receiver = OtlpReceiver.start()) {
      String prefix = "line\nbreak " + X200;
      ScenarioApps.withAgent(ScenarioApps.ownOtelApp(), ScenarioApps.OWN_OTEL_APP)
          .systemProperty("otel.metrics.exporter", "otlp")
          .systemProperty("otel.exporter.otlp.endpoint", receiver.grpcEndpoint())
          .systemProperty("llmlens.cardinality.limit", "3")
          .systemProperty("ownotel.featurePrefix", prefix)
          .args(server.baseUrl(), "5")
          .run()
          .requireSuccess();

      MetricsView metrics = receiver.metrics();
      String label = ("line_break " + X200).substring(0, 128);
      assertThat(metrics.sum("ai.requests", Map.of())).isEqualTo(7);
      assertThat(metrics.sum("ai.requests", Map.of("feature", label))).isEqualTo(5);
      assertThat(metrics.sum("ai.requests", Map.of("feature", "unknown"))).isEqualTo(2);
      // Two distinct values, under the limit of 3: nothing became "other".
      java.util.Set<String> features = new java.util.HashSet<>();
      metrics.attributeSets("ai.requests").forEach(attributes -> features.add(attributes.get("feature")));
      assertThat(features).containsExactlyInAnyOrder(label, "unknown");
    }
  }
}
