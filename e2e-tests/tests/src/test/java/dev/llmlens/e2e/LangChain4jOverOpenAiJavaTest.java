package dev.llmlens.e2e;

import static dev.llmlens.e2e.LangChain4jScript.STREAM_INPUT;
import static dev.llmlens.e2e.LangChain4jScript.STREAM_OUTPUT;
import static org.assertj.core.api.Assertions.assertThat;

import dev.llmlens.e2e.fixture.PrometheusScrape;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * langchain4j-open-ai-official calls openai-java, which the agent instruments too: one logical
 * call is still one request with one token record, blocking and streaming, success and error.
 */
class LangChain4jOverOpenAiJavaTest {

  @Test
  void eachCallIsCountedOnceThoughBothLayersAreInstrumented() {
    LangChain4jRun run =
        LangChain4jRun.of(ScenarioApps.langchain4jAppOn("open-ai-official"), ScenarioApps.LANGCHAIN4J_APP,
            "2*official-chat,official-stream,official-chat:limited", UnaryOperator.identity());
    PrometheusScrape scrape = run.scrape();

    assertThat(run.result().stderr()).doesNotContain("[llmlens] WARN");
    assertThat(run.callLines())
        .containsExactly(
            "CALL 0 official-chat gpt-4o OK Scripted answer. 12 7",
            "CALL 1 official-chat gpt-4o OK Scripted answer. 12 7",
            "CALL 2 official-stream streamed-usage STREAM \"Your parcel\" complete 9 2",
            "CALL 3 official-chat limited ERROR com.openai.errors.RateLimitException");
    // openai-java retried the 429 once (maxRetries 1): still one request.
    assertThat(run.attemptsByModel()).containsEntry("limited", 2L);

    assertThat(run.requests(Map.of())).isEqualTo(4);
    assertThat(run.requests(Map.of("provider", "openai", "operation", "chat", "model", "gpt-4o", "status", "success"))).isEqualTo(2);
    assertThat(run.requests(Map.of("model", "streamed-usage", "status", "success"))).isEqualTo(1);
    assertThat(run.requests(Map.of("model", "limited", "status", "error"))).isEqualTo(1);
    assertThat(scrape.value("ai_errors_total", Map.of())).isEqualTo(1);
    assertThat(scrape.value("ai_errors_total", Map.of("model", "limited", "error_type", "rate_limit"))).isEqualTo(1);
    assertThat(scrape.value("ai_tokens_total", Map.of("model", "gpt-4o", "direction", "input"))).isEqualTo(24);
    assertThat(scrape.value("ai_tokens_total", Map.of("model", "gpt-4o", "direction", "output"))).isEqualTo(14);
    assertThat(scrape.value("ai_tokens_total", Map.of("model", "streamed-usage", "direction", "input"))).isEqualTo(STREAM_INPUT);
    assertThat(scrape.value("ai_tokens_total", Map.of("model", "streamed-usage", "direction", "output"))).isEqualTo(STREAM_OUTPUT);
    assertThat(scrape.value("ai_tokens_total", Map.of())).isEqualTo(24 + 14 + STREAM_INPUT + STREAM_OUTPUT);
    assertThat(scrape.value("ai_request_duration_seconds_count", Map.of())).isEqualTo(4);
    assertThat(scrape.value("ai_time_to_first_token_seconds_count", Map.of())).isEqualTo(1);
    assertThat(scrape.value("ai_active_requests", Map.of())).isEqualTo(0);
  }
}
