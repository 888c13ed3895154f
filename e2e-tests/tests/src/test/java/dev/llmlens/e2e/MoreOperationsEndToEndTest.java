package dev.llmlens.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmlens.e2e.fixture.ChildJvm;
import dev.llmlens.e2e.fixture.PrometheusScrape;
import dev.llmlens.e2e.fixture.ScriptedOpenAiServer;
import dev.llmlens.e2e.fixture.ScriptedResponse;
import java.io.IOException;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The other ways openai-java calls a model, through the built agent: the Responses API (blocking
 * and streamed: operation chat, with cached and reasoning tokens), legacy completions
 * (text_completion) and async streaming of chat completions.
 */
class MoreOperationsEndToEndTest {

  private static final String RESPONSE =
      "{\"id\":\"resp_1\",\"object\":\"response\",\"created_at\":1,\"status\":\"%s\",\"model\":\"gpt-4o-2024-08-06\","
          + "\"incomplete_details\":%s,"
          + "\"output\":[{\"type\":\"message\",\"id\":\"msg_1\",\"status\":\"completed\",\"role\":\"assistant\","
          + "\"content\":[{\"type\":\"output_text\",\"text\":\"Your parcel is on its way.\",\"annotations\":[]}]}],"
          + "\"usage\":{\"input_tokens\":15,\"input_tokens_details\":{\"cached_tokens\":5},"
          + "\"output_tokens\":8,\"output_tokens_details\":{\"reasoning_tokens\":3},\"total_tokens\":23}}";

  @Test
  void responsesCompletionsAndAsyncStreamsAreCountedWithTheirTokens() throws IOException {
    try (ScriptedOpenAiServer server = ScriptedOpenAiServer.start()) {
      server.enqueue(ScriptedResponse.json(200, String.format(RESPONSE, "completed", "null")));
      server.enqueue(
          ScriptedResponse.eventStream(
              "event: response.created\ndata: {\"type\":\"response.created\",\"sequence_number\":0,\"response\":"
                  + String.format(RESPONSE, "in_progress", "null").replace(",\"usage\"", ",\"x\"") + "}\n\n"
                  + "event: response.output_text.delta\ndata: {\"type\":\"response.output_text.delta\",\"sequence_number\":1,"
                  + "\"item_id\":\"msg_1\",\"output_index\":0,\"content_index\":0,\"delta\":\"Your\",\"logprobs\":[]}\n\n"
                  + "event: response.incomplete\ndata: {\"type\":\"response.incomplete\",\"sequence_number\":2,\"response\":"
                  + String.format(RESPONSE, "incomplete", "{\"reason\":\"max_output_tokens\"}") + "}\n\n"));
      server.enqueue(
          ScriptedResponse.json(
              200,
              "{\"id\":\"cmpl-1\",\"object\":\"text_completion\",\"created\":1,\"model\":\"gpt-3.5-turbo-instruct\","
                  + "\"choices\":[{\"text\":\"On its way\",\"index\":0,\"logprobs\":null,\"finish_reason\":\"length\"}],"
                  + "\"usage\":{\"prompt_tokens\":5,\"completion_tokens\":7,\"total_tokens\":12}}"));
      server.enqueue(SseBodies.stream("gpt-4o-mini-2024-07-18", "stop", new long[] {9, 2, 0, 0}, "On", " its", " way"));

      ChildJvm.Result result =
          ScenarioApps.withAgentAndScrape(ScenarioApps.chatApp(), ScenarioApps.CHAT_APP)
              .systemProperty("scenario.maxRetries", "0")
              .args(server.baseUrl(), "responses:gpt-4o,responses-stream:gpt-4o,complete:gpt-3.5-turbo-instruct,astream:gpt-4o-mini")
              .run()
              .requireSuccess();

      assertThat(result.stderr()).doesNotContain("[llmlens] WARN");
      assertThat(ScenarioApps.callLines(result))
          .containsExactly(
              "CALL 0 responses gpt-4o OK completed 15 8",
              "CALL 1 responses-stream gpt-4o STREAM 3 events",
              "CALL 2 complete gpt-3.5-turbo-instruct OK gpt-3.5-turbo-instruct 5 7",
              "CALL 3 astream gpt-4o-mini STREAM 6 chunks: On its way");
      PrometheusScrape scrape = PrometheusScrape.parse(ScenarioApps.printedScrape(result));

      // Responses API: operation chat, blocking and streamed, usage from the final response.
      assertThat(scrape.value("ai_requests_total", Map.of("operation", "chat", "model", "gpt-4o", "status", "success"))).isEqualTo(2);
      assertThat(scrape.value("ai_tokens_total", Map.of("model", "gpt-4o", "direction", "input"))).isEqualTo(30);
      assertThat(scrape.value("ai_tokens_total", Map.of("model", "gpt-4o", "direction", "output"))).isEqualTo(16);
      assertThat(scrape.value("ai_token_details_total", Map.of("model", "gpt-4o", "type", "cached_input"))).isEqualTo(10);
      assertThat(scrape.value("ai_token_details_total", Map.of("model", "gpt-4o", "type", "reasoning"))).isEqualTo(6);
      assertThat(scrape.value("ai_finish_reasons_total", Map.of("model", "gpt-4o", "finish_reason", "stop"))).isEqualTo(1);
      assertThat(scrape.value("ai_finish_reasons_total", Map.of("model", "gpt-4o", "finish_reason", "length"))).isEqualTo(1);
      assertThat(scrape.value("ai_time_to_first_token_seconds_count", Map.of("model", "gpt-4o"))).isEqualTo(1);

      // Legacy completions.
      assertThat(scrape.value("ai_requests_total", Map.of("operation", "text_completion", "model", "gpt-3.5-turbo-instruct", "status", "success"))).isEqualTo(1);
      assertThat(scrape.value("ai_tokens_total", Map.of("model", "gpt-3.5-turbo-instruct", "direction", "output"))).isEqualTo(7);
      assertThat(scrape.value("ai_finish_reasons_total", Map.of("model", "gpt-3.5-turbo-instruct", "finish_reason", "length"))).isEqualTo(1);

      // Async streaming of chat completions.
      assertThat(scrape.value("ai_requests_total", Map.of("operation", "chat", "model", "gpt-4o-mini", "status", "success"))).isEqualTo(1);
      assertThat(scrape.value("ai_tokens_total", Map.of("model", "gpt-4o-mini", "direction", "input"))).isEqualTo(9);
      assertThat(scrape.value("ai_time_to_first_token_seconds_count", Map.of("model", "gpt-4o-mini"))).isEqualTo(1);

      assertThat(scrape.value("ai_requests_total", Map.of())).isEqualTo(4);
      assertThat(scrape.value("ai_active_requests", Map.of())).isEqualTo(0);
    }
  }

  @Test
  void anAsyncStreamClosedByItsHandlerIsOneRequestAndNothingStaysActive() throws IOException {
    try (ScriptedOpenAiServer server = ScriptedOpenAiServer.start()) {
      server.enqueue(SseBodies.stream("gpt-4o-mini-2024-07-18", "stop", new long[] {9, 2, 0, 0}, "On", " its", " way"));
      server.enqueue(SseBodies.stream("gpt-4o-mini-2024-07-18", "stop", new long[] {9, 2, 0, 0}, "On", " its", " way"));
      ChildJvm.Result result =
          ScenarioApps.withAgentAndScrape(ScenarioApps.chatApp(), ScenarioApps.CHAT_APP)
              .systemProperty("scenario.maxRetries", "0")
              .args(server.baseUrl(), "astream-first:gpt-4o-mini,astream:gpt-4o-mini")
              .run()
              .requireSuccess();

      assertThat(result.stderr()).doesNotContain("[llmlens] WARN");
      assertThat(ScenarioApps.callLines(result))
          .containsExactly(
              "CALL 0 astream-first gpt-4o-mini STREAM closed after 1 chunk",
              "CALL 1 astream gpt-4o-mini STREAM 6 chunks: On its way");
      PrometheusScrape scrape = PrometheusScrape.parse(ScenarioApps.printedScrape(result));
      assertThat(scrape.value("ai_requests_total", Map.of("model", "gpt-4o-mini", "status", "success"))).isEqualTo(2);
      assertThat(scrape.value("ai_active_requests", Map.of())).isEqualTo(0);
      // Only the stream read to its end reported usage.
      assertThat(scrape.value("ai_tokens_total", Map.of("direction", "input"))).isEqualTo(9);
      assertThat(scrape.value("ai_streams_without_usage_total", Map.of())).isEqualTo(1);
    }
  }
}
