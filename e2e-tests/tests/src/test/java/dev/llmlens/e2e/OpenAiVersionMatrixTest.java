package dev.llmlens.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmlens.e2e.fixture.ChildJvm;
import dev.llmlens.e2e.fixture.PrometheusScrape;
import dev.llmlens.e2e.fixture.ScriptedOpenAiServer;
import java.io.IOException;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * openai-java versions other than the one the project builds with: every supported line is
 * observed exactly like 4.x (blocking, async, errors, streaming); an older 0.x layout is refused
 * with one line and left untouched.
 */
class OpenAiVersionMatrixTest {

  /** The oldest claimed, then one per major line; the project itself builds with 4.x. */
  @ParameterizedTest(name = "openai-java {0}")
  @ValueSource(strings = {"0.40.1", "legacy", "2.20.1", "3.7.1"})
  void everySupportedLineIsObservedExactly(String version) throws IOException {
    try (ScriptedOpenAiServer server = ScriptedOpenAiServer.start()) {
      server.setDefault(OpenAiScript::byModel);
      ChildJvm.Result result =
          ScenarioApps.withAgentAndScrape(ScenarioApps.chatAppOnOpenAi(version), ScenarioApps.CHAT_APP)
              .args(server.baseUrl(), "2*blocking:gpt-4o,async:gpt-4o-mini,blocking:limited,stream:streamed")
              .run()
              .requireSuccess();

      assertThat(result.stderr()).doesNotContain("[llmlens] WARN");
      assertThat(ScenarioApps.callLines(result))
          .containsExactly(
              "CALL 0 blocking gpt-4o OK gpt-4o-2024-08-06 12 7",
              "CALL 1 blocking gpt-4o OK gpt-4o-2024-08-06 12 7",
              "CALL 2 async gpt-4o-mini OK gpt-4o-mini-2024-07-18 20 3",
              "CALL 3 blocking limited ERROR com.openai.errors.RateLimitException",
              "CALL 4 stream streamed STREAM 4 chunks: Your parcel");
      PrometheusScrape scrape = PrometheusScrape.parse(ScenarioApps.printedScrape(result));
      assertThat(scrape.value("ai_requests_total", Map.of("model", "gpt-4o", "status", "success"))).isEqualTo(2);
      assertThat(scrape.value("ai_requests_total", Map.of("model", "gpt-4o-mini", "status", "success"))).isEqualTo(1);
      assertThat(scrape.value("ai_errors_total", Map.of("model", "limited", "error_type", "rate_limit"))).isEqualTo(1);
      assertThat(scrape.value("ai_tokens_total", Map.of("direction", "input"))).isEqualTo(44);
      assertThat(scrape.value("ai_tokens_total", Map.of("direction", "output"))).isEqualTo(17);
      assertThat(scrape.value("ai_requests_total", Map.of("model", "streamed", "status", "success"))).isEqualTo(1);
      assertThat(scrape.value("ai_time_to_first_token_seconds_count", Map.of("model", "streamed"))).isEqualTo(1);
      assertThat(scrape.value("ai_active_requests", Map.of())).isEqualTo(0);
    }
  }

  @Test
  void aPreviousLayoutIsRefusedWithOneLineAndLeftUntouched() {
    ChildJvm.Result result =
        ScenarioApps.withAgent(ScenarioApps.chatAppOnOpenAi("0.22.0"), ScenarioApps.LEGACY_APP)
            .systemProperty("llmlens.debug", "true")
            .args("http://127.0.0.1:9")
            .run()
            .requireSuccess();

    assertThat(result.stdout()).contains("CLIENT com.openai.services.blocking.chat.CompletionServiceImpl");
    assertThat(result.stderr().lines().filter(line -> line.contains("WARN")))
        .containsExactly(
            "[llmlens] WARN openai: this version of com.openai:openai-java is not instrumented (it lacks "
                + "ChatCompletionServiceImpl.create(ChatCompletionCreateParams, RequestOptions)); supported "
                + "versions: 0.40 to 4.x. The application runs unchanged; its calls are not observed.");
    assertThat(result.stderr()).doesNotContain("DEBUG instrumented");
  }
}
