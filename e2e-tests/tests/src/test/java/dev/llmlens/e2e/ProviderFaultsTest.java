package dev.llmlens.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmlens.e2e.fixture.ChildJvm;
import dev.llmlens.e2e.fixture.FaultyOpenAiServer;
import dev.llmlens.e2e.fixture.PrometheusScrape;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * A provider failing in every way it can, and an application giving up on calls (interrupting
 * the calling thread, cancelling the future): the same plan runs twice against the same {@link
 * FaultyOpenAiServer}, without and with the built agent. What the application sees, each
 * exception's class and message or each result, must be identical, and the agent must count
 * every call once with the right {@code error_type}: a reset or a body cut short is {@code
 * connection}, a body that is not JSON {@code other}, the client's timeout {@code timeout}, an
 * interrupted thread or a cancelled future {@code cancelled}.
 *
 * <p>The client timeout is 3 s: at 1 s, the first streamed call with the agent (streaming
 * classes woven on first use) sometimes hit the client's call timeout on a busy 2-core machine.
 */
class ProviderFaultsTest {

  static final String FAULT_APP = "dev.llmlens.e2e.app.FaultScenarioApp";

  static final String PLAN =
      "blocking:gpt-4o-mini,async:gpt-4o-mini,3*blocking:rate-limited,async:rate-limited,blocking:server-error,async:unavailable,"
          + "blocking:reset,async:reset,blocking:truncated,async:truncated,blocking:malformed,async:malformed,"
          + "stream:stream-cut,stream:stream-garbled,blocking:hang,async:hang,interrupt:hang,cancel:hang";

  @Test
  void theAppSeesTheSameOutcomesAndEveryCallIsCountedWithItsErrorType() {
    try (FaultyOpenAiServer server = FaultyOpenAiServer.start()) {
      ChildJvm.Result without =
          ScenarioApps.withoutAgent(ScenarioApps.chatApp(), FAULT_APP).systemProperty("scenario.timeoutMillis", "3000").args(server.baseUrl(), PLAN).timeout(Duration.ofSeconds(120)).run().requireSuccess();
      ChildJvm.Result with =
          ScenarioApps.withAgentAndScrape(ScenarioApps.chatApp(), FAULT_APP).systemProperty("scenario.timeoutMillis", "3000").args(server.baseUrl(), PLAN).timeout(Duration.ofSeconds(120)).run().requireSuccess();

      List<String> seenWithout = ScenarioApps.callLines(without);
      System.out.println("ProviderFaultsTest, what the app saw:\n" + String.join("\n", seenWithout));
      PrometheusScrape scrape = PrometheusScrape.parse(ScenarioApps.printedScrape(with));
      assertThat(ScenarioApps.callLines(with)).containsExactlyElementsOf(seenWithout);
      assertThat(with.stderr()).doesNotContain("[llmlens] WARN");
      assertThat(seenWithout).hasSize(20);
      assertThat(scrape.value("ai_requests_total", Map.of())).isEqualTo(20);
      assertThat(scrape.value("ai_requests_total", Map.of("status", "success"))).isEqualTo(2);
      assertThat(scrape.value("ai_active_requests", Map.of())).isEqualTo(0);
      Map<String, Double> errors = new TreeMap<>();
      scrape.samples("ai_errors_total").forEach(sample ->
          errors.merge(sample.labels().get("model") + " " + sample.labels().get("error_type"), sample.value(), Double::sum));
      assertThat(errors)
          .containsExactlyInAnyOrderEntriesOf(Map.ofEntries(
              Map.entry("rate-limited rate_limit", 4.0),
              Map.entry("server-error server_error", 1.0),
              Map.entry("unavailable server_error", 1.0),
              Map.entry("reset connection", 2.0),
              Map.entry("truncated connection", 2.0),
              Map.entry("stream-cut connection", 1.0),
              Map.entry("malformed other", 2.0),
              Map.entry("stream-garbled other", 1.0),
              Map.entry("hang timeout", 2.0),
              Map.entry("hang cancelled", 2.0)));
    }
  }
}
