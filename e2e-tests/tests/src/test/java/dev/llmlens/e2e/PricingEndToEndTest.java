package dev.llmlens.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.llmlens.e2e.fixture.ChildJvm;
import dev.llmlens.e2e.fixture.PrometheusScrape;
import dev.llmlens.e2e.fixture.ScriptedOpenAiServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Cost through the built agent with a user's price file: its prices override the built-in ones,
 * its malformed line is reported and skipped, cached input is priced at the cached rate, a model
 * without a price is counted as unpriced (never $0), and the catalog version is exported.
 */
class PricingEndToEndTest {

  @TempDir Path dir;

  @Test
  void aUserPriceFileOverridesWithCachedPricesAndReportsItsBadLine() throws IOException {
    Path prices = dir.resolve("prices.csv");
    Files.write(
        prices,
        List.of("version,acme-7", "gpt-4o,5.00,0.50,20.00,,2025-01-01", "gpt-4o-mini,free,,1,,2025-01-01"),
        StandardCharsets.UTF_8);
    try (ScriptedOpenAiServer server = ScriptedOpenAiServer.start()) {
      // 30 input of which 12 cached, 4 output.
      server.enqueue(SseBodies.stream("gpt-4o-2024-08-06", "stop", new long[] {30, 4, 12, 0}, "Yes"));
      server.setDefault(OpenAiScript::byModel);
      ChildJvm.Result result =
          ScenarioApps.withAgentAndScrape(ScenarioApps.chatApp(), ScenarioApps.CHAT_APP)
              .systemProperty("llmlens.pricing.file", prices.toString())
              .args(server.baseUrl(), "stream-usage:gpt-4o,blocking:gpt-4o-mini,blocking:unknown-model-x")
              .run()
              .requireSuccess();

      assertThat(result.stderr().lines().filter(line -> line.startsWith("[llmlens]")))
          .containsExactly(
              "[llmlens] WARN llmlens.pricing.file=" + prices + " line 3 \"gpt-4o-mini,free,,1,,2025-01-01\": "
                  + "the input price \"free\" is not a number; accepted: model,input,cached_input,output,cache_write,"
                  + "effective with USD per 1M tokens (cached_input and cache_write may be empty) and effective as "
                  + "YYYY-MM-DD. The line is ignored.",
              "[llmlens] WARN no price for model \"unknown-model-x\": its calls count in ai_unpriced_requests_total, "
                  + "not in ai_cost_dollars_total");
      PrometheusScrape scrape = PrometheusScrape.parse(ScenarioApps.printedScrape(result));
      // The file's gpt-4o: 18 uncached x $5 + 12 cached x $0.50 + 4 output x $20, per million.
      assertThat(scrape.value("ai_cost_dollars_total", Map.of("model", "gpt-4o")))
          .isCloseTo((18 * 5.00 + 12 * 0.50 + 4 * 20.00) / 1e6, within(1e-15));
      // The bad line left the built-in gpt-4o-mini price: 20 x $0.15 + 3 x $0.60.
      assertThat(scrape.value("ai_cost_dollars_total", Map.of("model", "gpt-4o-mini")))
          .isCloseTo((20 * 0.15 + 3 * 0.60) / 1e6, within(1e-15));
      assertThat(scrape.value("ai_unpriced_requests_total", Map.of("model", "unknown-model-x"))).isEqualTo(1);
      assertThat(scrape.samples("ai_cost_dollars_total")).noneMatch(sample -> sample.labels().get("model").equals("unknown-model-x"));
      assertThat(scrape.value("ai_pricing_catalog", Map.of("version", "2026-11-01+acme-7"))).isEqualTo(1);
    }
  }
}
