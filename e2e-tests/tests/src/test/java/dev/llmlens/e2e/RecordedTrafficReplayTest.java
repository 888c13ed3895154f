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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Real OpenAI responses (recorded traffic) replayed to the real client with the agent attached:
 * the tokens and models the agent exports equal what the recorded bodies say, and streamed
 * responses reach the application exactly as without the agent.
 */
class RecordedTrafficReplayTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void recordedChatCompletionsGiveTheRecordedModelsAndTokens() throws IOException {
    List<RecordedExchange> chats = new ArrayList<>();
    for (RecordedExchange exchange : RecordedTraffic.loadAllOpenAi()) {
      if (exchange.url().equals("/chat/completions") && !exchange.streaming()) {
        chats.add(exchange);
      }
    }
    // basic, multiplechoices, testdevelopermessage, alltheclientoptions, toolcalls (two turns)
    assertThat(chats).hasSize(6);

    long input = 0;
    long output = 0;
    List<String> steps = new ArrayList<>();
    List<String> expectedLines = new ArrayList<>();
    try (ScriptedOpenAiServer server = ScriptedOpenAiServer.start()) {
      for (RecordedExchange exchange : chats) {
        JsonNode request = JSON.readTree(exchange.requestBody());
        JsonNode response = JSON.readTree(exchange.responseBody());
        JsonNode usage = response.get("usage");
        input += usage.get("prompt_tokens").asLong();
        output += usage.get("completion_tokens").asLong();
        String model = request.get("model").asText();
        expectedLines.add("CALL " + steps.size() + " blocking " + model + " OK " + response.get("model").asText() + " "
            + usage.get("prompt_tokens").asLong() + " " + usage.get("completion_tokens").asLong());
        steps.add("blocking:" + model);
        server.enqueue(exchange.toScriptedResponse());
      }
      ChildJvm.Result result =
          ScenarioApps.withAgentAndScrape(ScenarioApps.chatApp(), ScenarioApps.CHAT_APP)
              .args(server.baseUrl(), String.join(",", steps))
              .run()
              .requireSuccess();

      assertThat(ScenarioApps.callLines(result)).containsExactlyElementsOf(expectedLines);
      PrometheusScrape scrape = PrometheusScrape.parse(ScenarioApps.printedScrape(result));
      assertThat(scrape.value("ai_requests_total", Map.of("model", "gpt-4o-mini", "status", "success"))).isEqualTo(6);
      assertThat(scrape.value("ai_requests_total", Map.of())).isEqualTo(6);
      assertThat(scrape.value("ai_tokens_total", Map.of("model", "gpt-4o-mini", "direction", "input"))).isEqualTo(input);
      assertThat(scrape.value("ai_tokens_total", Map.of("model", "gpt-4o-mini", "direction", "output"))).isEqualTo(output);
      assertThat(scrape.value("gen_ai_client_token_usage_count",
              Map.of("gen_ai_response_model", "gpt-4o-mini-2024-07-18", "gen_ai_token_type", "input")))
          .isEqualTo(6);
      // Rate-limit headroom as the last real response stated it.
      Map<String, String> last = lowerCase(chats.get(chats.size() - 1).responseHeaders());
      Map<String, String> limits = Map.of("model", "gpt-4o-mini", "server_address", "127.0.0.1");
      assertThat(scrape.value("ai_ratelimit_remaining", with(limits, "kind", "requests")))
          .isEqualTo(Double.parseDouble(last.get("x-ratelimit-remaining-requests")));
      assertThat(scrape.value("ai_ratelimit_limit", with(limits, "kind", "requests")))
          .isEqualTo(Double.parseDouble(last.get("x-ratelimit-limit-requests")));
      assertThat(scrape.value("ai_ratelimit_remaining", with(limits, "kind", "tokens")))
          .isEqualTo(Double.parseDouble(last.get("x-ratelimit-remaining-tokens")));
      assertThat(scrape.value("ai_ratelimit_limit", with(limits, "kind", "tokens")))
          .isEqualTo(Double.parseDouble(last.get("x-ratelimit-limit-tokens")));
    }
  }

  @Test
  void recordedStreamsReachTheApplicationUnchanged() throws IOException {
    List<RecordedExchange> streams = new ArrayList<>();
    streams.addAll(RecordedTraffic.openAi("abstractchattest.stream.yaml"));
    streams.addAll(RecordedTraffic.openAi("abstractchattest.streamincludeusage.yaml"));
    assertThat(streams).hasSize(2).allMatch(RecordedExchange::streaming);

    List<String> withAgent = streamLines(streams, true);
    List<String> withoutAgent = streamLines(streams, false);
    assertThat(withAgent).hasSize(2).isEqualTo(withoutAgent);
    for (int i = 0; i < streams.size(); i++) {
      assertThat(withAgent.get(i)).endsWith(": " + streamedContent(streams.get(i).responseBody()));
    }
  }

  private static Map<String, String> lowerCase(Map<String, String> headers) {
    Map<String, String> lower = new java.util.HashMap<>();
    headers.forEach((name, value) -> lower.put(name.toLowerCase(java.util.Locale.ROOT), value));
    return lower;
  }

  private static Map<String, String> with(Map<String, String> labels, String key, String value) {
    Map<String, String> copy = new java.util.HashMap<>(labels);
    copy.put(key, value);
    return copy;
  }

  private static List<String> streamLines(List<RecordedExchange> streams, boolean agent) {
    try (ScriptedOpenAiServer server = ScriptedOpenAiServer.start()) {
      streams.forEach(exchange -> server.enqueue(exchange.toScriptedResponse()));
      ChildJvm.Builder child =
          agent
              ? ScenarioApps.withAgent(ScenarioApps.chatApp(), ScenarioApps.CHAT_APP)
              : ScenarioApps.withoutAgent(ScenarioApps.chatApp(), ScenarioApps.CHAT_APP);
      ChildJvm.Result result = child.args(server.baseUrl(), "2*stream:gpt-4o-mini").run().requireSuccess();
      if (agent) {
        assertThat(result.stderr()).doesNotContain("[llmlens] WARN");
      }
      return ScenarioApps.callLines(result);
    }
  }

  /** The text the recorded SSE body carries in {@code choices[0].delta.content}. */
  private static String streamedContent(String sse) throws IOException {
    StringBuilder text = new StringBuilder();
    for (String line : sse.split("\n")) {
      if (line.startsWith("data: {")) {
        JsonNode choices = JSON.readTree(line.substring("data: ".length())).get("choices");
        for (JsonNode choice : choices) {
          JsonNode content = choice.path("delta").path("content");
          if (content.isTextual()) {
            text.append(content.asText());
          }
        }
      }
    }
    return text.toString();
  }
}
