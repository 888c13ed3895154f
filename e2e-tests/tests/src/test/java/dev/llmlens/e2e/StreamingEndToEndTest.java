package dev.llmlens.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.llmlens.e2e.fixture.ChildJvm;
import dev.llmlens.e2e.fixture.PrometheusScrape;
import dev.llmlens.e2e.fixture.RecordedExchange;
import dev.llmlens.e2e.fixture.RecordedTraffic;
import dev.llmlens.e2e.fixture.ScriptedOpenAiServer;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Streamed chat completions through the built agent: every recorded stream replayed (time to
 * first token, usage when the request asked for it, finish reasons), and the ways a stream
 * ends early: the application closes it, its own code throws, the server cuts the body. Each
 * is one request with its outcome, and nothing stays active.
 */
class StreamingEndToEndTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void everyRecordedStreamIsOneRequestWithItsFirstTokenUsageAndFinishReasons() throws IOException {
    List<RecordedExchange> streams = new ArrayList<>();
    for (RecordedExchange exchange : RecordedTraffic.loadAllOpenAi()) {
      if (exchange.streaming()) {
        streams.add(exchange);
      }
    }
    assertThat(streams).hasSize(11);
    long stops = 0;
    long toolCalls = 0;
    long input = 0;
    long output = 0;
    long withoutUsage = 0;
    for (RecordedExchange exchange : streams) {
      boolean usage = false;
      for (String line : exchange.responseBody().split("\n")) {
        if (line.startsWith("data: {")) {
          JsonNode chunk = JSON.readTree(line.substring("data: ".length()));
          for (JsonNode choice : chunk.path("choices")) {
            stops += choice.path("finish_reason").asText().equals("stop") ? 1 : 0;
            toolCalls += choice.path("finish_reason").asText().equals("tool_calls") ? 1 : 0;
          }
          if (chunk.path("usage").isObject()) {
            usage = true;
            input += chunk.path("usage").path("prompt_tokens").asLong();
            output += chunk.path("usage").path("completion_tokens").asLong();
          }
        }
      }
      withoutUsage += usage ? 0 : 1;
    }

    try (ScriptedOpenAiServer server = ScriptedOpenAiServer.start()) {
      streams.forEach(exchange -> server.enqueue(exchange.toScriptedResponse()));
      PrometheusScrape scrape = runWithScrape(server, streams.size() + "*stream:gpt-4o-mini");

      assertThat(scrape.value("ai_requests_total", Map.of("model", "gpt-4o-mini", "status", "success"))).isEqualTo(11);
      assertThat(scrape.value("ai_time_to_first_token_seconds_count", Map.of("model", "gpt-4o-mini"))).isEqualTo(11);
      assertThat(scrape.value("gen_ai_client_operation_time_to_first_chunk_seconds_count", Map.of())).isEqualTo(11);
      assertThat(scrape.value("ai_tokens_total", Map.of("direction", "input"))).isEqualTo(input).isEqualTo(22);
      assertThat(scrape.value("ai_tokens_total", Map.of("direction", "output"))).isEqualTo(output).isEqualTo(3);
      assertThat(scrape.value("ai_streams_without_usage_total", Map.of())).isEqualTo(withoutUsage).isEqualTo(10);
      assertThat(scrape.value("ai_finish_reasons_total", Map.of("finish_reason", "stop"))).isEqualTo(stops).isEqualTo(5);
      assertThat(scrape.value("ai_finish_reasons_total", Map.of("finish_reason", "tool_calls"))).isEqualTo(toolCalls).isEqualTo(7);
      assertThat(scrape.value("ai_active_requests", Map.of())).isEqualTo(0);
    }
  }

  @Test
  void streamsThatEndEarlyAreOneRequestEachWithTheirOutcome() {
    try (ScriptedOpenAiServer server = ScriptedOpenAiServer.start()) {
      long[] usage = {30, 4, 12, 2};
      server.enqueue(SseBodies.stream("gpt-4o-2024-08-06", "length", usage, "Your", " parcel", " is"));
      server.enqueue(SseBodies.stream("gpt-4o-2024-08-06", "stop", null, "Your", " parcel"));
      server.enqueue(SseBodies.stream("gpt-4o-2024-08-06", "stop", null, "Your", " parcel"));
      server.enqueue(SseBodies.cutMidChunk("gpt-4o-2024-08-06"));
      server.enqueue(SseBodies.stream("gpt-4o-2024-08-06", "content_filter", null, "Sorry").withDelay(Duration.ofMillis(700)));
      server.enqueue(dev.llmlens.e2e.fixture.ScriptedResponse.hanging());
      ChildJvm.Result result =
          run(server, "stream-usage:gpt-4o,stream-first:gpt-4o,stream-throw:gpt-4o,stream:gpt-4o,stream:gpt-4o,stream:gpt-4o");

      // A body cut mid-chunk ends the SDK's stream quietly after the last whole chunk: one
      // request, no finish reason, no usage (a silent failure the finish-reason series shows).
      assertThat(ScenarioApps.callLines(result))
          .containsExactly(
              "CALL 0 stream-usage gpt-4o STREAM 6 chunks: Your parcel is",
              "CALL 1 stream-first gpt-4o STREAM 1 chunks: ",
              "CALL 2 stream-throw gpt-4o STREAM 1 chunks, then the application's own failure",
              "CALL 3 stream gpt-4o STREAM 1 chunks: Your",
              "CALL 4 stream gpt-4o STREAM 3 chunks: Sorry",
              "CALL 5 stream gpt-4o ERROR com.openai.errors.OpenAIIoException");
      PrometheusScrape scrape = PrometheusScrape.parse(ScenarioApps.printedScrape(result));
      assertThat(scrape.value("ai_requests_total", Map.of("model", "gpt-4o"))).isEqualTo(6);
      assertThat(scrape.value("ai_requests_total", Map.of("model", "gpt-4o", "status", "error"))).isEqualTo(1);
      assertThat(scrape.value("ai_errors_total", Map.of("model", "gpt-4o", "error_type", "timeout"))).isEqualTo(1);
      assertThat(scrape.value("ai_active_requests", Map.of())).isEqualTo(0);
      // Usage only where asked for; cached and reasoning tokens are parts of it, not added to it.
      assertThat(scrape.value("ai_tokens_total", Map.of("direction", "input"))).isEqualTo(30);
      assertThat(scrape.value("ai_tokens_total", Map.of("direction", "output"))).isEqualTo(4);
      assertThat(scrape.value("ai_token_details_total", Map.of("type", "cached_input"))).isEqualTo(12);
      assertThat(scrape.value("ai_token_details_total", Map.of("type", "reasoning"))).isEqualTo(2);
      assertThat(scrape.value("ai_streams_without_usage_total", Map.of())).isEqualTo(4);
      // The silent failures: truncated by max tokens, filtered.
      assertThat(scrape.value("ai_finish_reasons_total", Map.of("finish_reason", "length"))).isEqualTo(1);
      assertThat(scrape.value("ai_finish_reasons_total", Map.of("finish_reason", "content_filter"))).isEqualTo(1);
      // A first token where content arrived (the two stopped after the role-only first chunk got
      // none); the slow one waited 0.7 s for it. A first chunk for every stream that had one.
      assertThat(scrape.value("ai_time_to_first_token_seconds_count", Map.of())).isEqualTo(3);
      assertThat(scrape.value("ai_time_to_first_token_seconds_sum", Map.of())).isGreaterThanOrEqualTo(0.7);
      assertThat(scrape.value("ai_time_to_first_token_seconds_bucket", Map.of("le", "0.64"))).isLessThanOrEqualTo(2);
      assertThat(scrape.value("gen_ai_client_operation_time_to_first_chunk_seconds_count", Map.of())).isEqualTo(5);
    }
  }

  @Test
  void embeddingsAreCountedWithTheirInputTokens() throws IOException {
    try (ScriptedOpenAiServer server = ScriptedOpenAiServer.start()) {
      List<RecordedExchange> embeddings = new ArrayList<>();
      embeddings.addAll(RecordedTraffic.openAi("abstractembeddingstest.basic.yaml"));
      embeddings.addAll(RecordedTraffic.openAi("abstractembeddingstest.alltheclientoptions.yaml"));
      assertThat(embeddings).hasSize(2);
      long prompt = 0;
      for (RecordedExchange exchange : embeddings) {
        server.enqueue(exchange.toScriptedResponse());
        prompt += JSON.readTree(exchange.responseBody()).path("usage").path("prompt_tokens").asLong();
      }
      ChildJvm.Result result = run(server, "2*embed:text-embedding-3-small");
      assertThat(ScenarioApps.callLines(result)).hasSize(2).allMatch(line -> line.contains(" OK text-embedding-3-small "));
      PrometheusScrape scrape = PrometheusScrape.parse(ScenarioApps.printedScrape(result));
      assertThat(scrape.value("ai_requests_total", Map.of("operation", "embeddings", "model", "text-embedding-3-small", "status", "success"))).isEqualTo(2);
      assertThat(scrape.value("ai_tokens_total", Map.of("model", "text-embedding-3-small", "direction", "input"))).isEqualTo(prompt).isPositive();
      assertThat(scrape.value("ai_cost_dollars_total", Map.of("model", "text-embedding-3-small"))).isEqualTo(prompt * 0.02e-6, org.assertj.core.api.Assertions.within(1e-15));
      assertThat(scrape.sampleNames()).doesNotContain("ai_unpriced_requests_total");
    }
  }

  private static PrometheusScrape runWithScrape(ScriptedOpenAiServer server, String plan) {
    return PrometheusScrape.parse(ScenarioApps.printedScrape(run(server, plan)));
  }

  private static ChildJvm.Result run(ScriptedOpenAiServer server, String plan) {
    ChildJvm.Result result =
        ScenarioApps.withAgentAndScrape(ScenarioApps.chatApp(), ScenarioApps.CHAT_APP)
            .systemProperty("scenario.maxRetries", "0")
            .systemProperty("scenario.timeoutMillis", "1500")
            .args(server.baseUrl(), plan)
            .run()
            .requireSuccess();
    assertThat(result.stderr()).doesNotContain("[llmlens] WARN");
    return result;
  }
}
