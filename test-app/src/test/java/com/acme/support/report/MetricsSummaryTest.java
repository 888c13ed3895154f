package com.acme.support.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class MetricsSummaryTest {

  @Test
  void summarizesRequestsErrorsLatencyTokensAndCost() {
    List<String> lines = MetricsSummary.lines(PrometheusText.parse(Exposition.TEXT), "fixture");

    assertThat(lines)
        .containsExactly(
            "What llmlens exported (fixture):",
            "  requests          240 total",
            "    by feature      support-chat 150, triage 90",
            "    gpt-4o-2024-08-06          error 10, ok 140",
            "    gpt-4o-mini-2024-07-18     ok 90",
            "  errors by type    InternalServerException 4, RateLimitException 6",
            "  latency p50/p95   all models                 434 ms / 988 ms",
            "                    gpt-4o-2024-08-06          594 ms / 1.00 s",
            "                    gpt-4o-mini-2024-07-18     278 ms / 550 ms",
            "  tokens            input 34,500, output 12,270",
            "    support-chat    input 30,000, output 12,000",
            "    triage          input 4,500, output 270",
            "  cost              $0.1958  (gpt-4o-2024-08-06 $0.1950, gpt-4o-mini-2024-07-18 $0.0008)");
  }

  @Test
  void saysSoWhenTheAgentSawNoCall() {
    assertThat(MetricsSummary.lines(PrometheusText.parse("# EOF\n"), "fixture"))
        .containsExactly(
            "What llmlens exported (fixture):",
            "  no ai_requests_total series yet: the agent saw no LLM call.");
  }
}
