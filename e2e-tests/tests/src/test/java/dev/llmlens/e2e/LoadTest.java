package dev.llmlens.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmlens.e2e.fixture.ChildJvm;
import dev.llmlens.e2e.fixture.PrometheusScrape;
import dev.llmlens.e2e.fixture.ScriptedOpenAiServer;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * 50 threads make blocking chat completions for {@code -Dllmlens.e2e.load.seconds} (default 60)
 * through the built agent, and the same without it. With the agent, every call the server
 * answered is in {@code ai_requests_total}, exactly, none stays in {@code ai_active_requests},
 * and the per-call latency the application measured stays close to the run without the agent
 * (p50 and p99 printed; asserted loosely: within 2x + 5 ms, the machine is shared).
 */
class LoadTest {

  private static final int THREADS = 50;
  private static final Pattern LATENCY = Pattern.compile("(?m)^LATENCY p50_us=(\\d+) p99_us=(\\d+)$");
  private static final Pattern CALLS = Pattern.compile("(?m)^CALLS (\\d+) ok=(\\d+) errors=(\\d+)$");

  @Test
  void fiftyThreadsAreCountedExactlyAndKeepTheirLatency() {
    long seconds = Long.getLong("llmlens.e2e.load.seconds", 60);
    long[] without = new long[3];
    run(ScenarioApps.withoutAgent(ScenarioApps.chatApp(), BackendFaultsTest.LOAD_APP), seconds, without);
    long[] with = new long[3];
    ChildJvm.Result result = run(ScenarioApps.withAgentAndScrape(ScenarioApps.chatApp(), BackendFaultsTest.LOAD_APP), seconds, with);
    System.out.printf(
        "LoadTest: %d threads for %d s: without the agent %d calls, p50 %.1f ms, p99 %.1f ms;"
            + " with the agent %d calls, p50 %.1f ms, p99 %.1f ms%n",
        THREADS, seconds, without[0], without[1] / 1000.0, without[2] / 1000.0, with[0], with[1] / 1000.0, with[2] / 1000.0);

    PrometheusScrape scrape = PrometheusScrape.parse(ScenarioApps.printedScrape(result));
    assertThat(scrape.value("ai_requests_total", Map.of()))
        .as("ai_requests_total (llmlens_calls_dropped_total: %s)", scrape.samples("llmlens_calls_dropped_total"))
        .isEqualTo(with[0]);
    assertThat(scrape.value("ai_requests_total", Map.of("status", "success", "model", "gpt-4o"))).isEqualTo(with[0]);
    assertThat(scrape.value("ai_request_duration_seconds_count", Map.of())).isEqualTo(with[0]);
    assertThat(scrape.value("ai_tokens_total", Map.of("direction", "input"))).isEqualTo(12 * with[0]);
    assertThat(scrape.value("ai_active_requests", Map.of())).isEqualTo(0);
    assertThat(scrape.samples("ai_active_requests")).isNotEmpty();
    assertThat(result.stderr()).doesNotContain("[llmlens] WARN");
    assertThat(with[2]).as("p99 with the agent (us)").isLessThanOrEqualTo(2 * without[2] + 5_000);
    assertThat(with[1]).as("p50 with the agent (us)").isLessThanOrEqualTo(2 * without[1] + 5_000);
  }

  /** Runs the load against a fresh server and fills {@code figures}: {calls, p50 us, p99 us}. */
  private static ChildJvm.Result run(ChildJvm.Builder app, long seconds, long[] figures) {
    try (ScriptedOpenAiServer server = ScriptedOpenAiServer.start()) {
      server.setDefault(OpenAiScript::byModel);
      server.recordRequests(false);
      ChildJvm.Result result =
          app.systemProperty("scenario.durationMillis", String.valueOf(seconds * 1000))
              .args(server.baseUrl(), String.valueOf(THREADS))
              .timeout(Duration.ofSeconds(seconds + 90))
              .run()
              .requireSuccess();
      System.arraycopy(figures(result, server), 0, figures, 0, 3);
      return result;
    }
  }

  /** {calls, p50 us, p99 us}; every call succeeded and the server saw each once. */
  private static long[] figures(ChildJvm.Result result, ScriptedOpenAiServer server) {
    Matcher calls = CALLS.matcher(result.stdout());
    Matcher latency = LATENCY.matcher(result.stdout());
    assertThat(calls.find() && latency.find()).as("CALLS and LATENCY lines in\n%s", result).isTrue();
    long total = Long.parseLong(calls.group(1));
    assertThat(calls.group(3)).as("failed calls").isEqualTo("0");
    assertThat(total).isPositive().isEqualTo(server.requestCount());
    return new long[] {total, Long.parseLong(latency.group(1)), Long.parseLong(latency.group(2))};
  }
}
