package com.acme.support.fakellm;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The bodies of streamed answers (server-sent chunks) and the prompt cache's {@code cached_tokens}. */
class StreamedBodiesAndPromptCacheTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void streamedChunksAreTheApisFieldForField() throws Exception {
    List<String> events =
        OpenAiBodies.chatCompletionChunks(
            "gpt-4o-2024-08-06", List.of("Your parcel", " left today."), new OpenAiBodies.Usage(1100, 4, 1024),
            true, new Random(7));

    assertThat(events).hasSize(6).last().isEqualTo("[DONE]");
    JsonNode first = JSON.readTree(events.get(0));
    assertThat(first.path("id").asText()).matches("chatcmpl-[A-Za-z0-9]{29}");
    assertThat(first.path("system_fingerprint").asText()).matches("fp_[0-9a-f]{10}");
    assertThat(first.path("created").asLong()).isPositive();
    String head =
        "{\"id\":\"ID\",\"object\":\"chat.completion.chunk\",\"created\":0,\"model\":\"gpt-4o-2024-08-06\","
            + "\"service_tier\":\"default\",\"system_fingerprint\":\"FP\",";
    String tail = "\"logprobs\":null,\"finish_reason\":null}],\"usage\":null}";
    List<String> normalized = new ArrayList<>();
    for (String event : events.subList(0, 5)) {
      ObjectNode chunk = (ObjectNode) JSON.readTree(event);
      // One id, created and fingerprint for the whole stream.
      assertThat(chunk.path("id")).isEqualTo(first.path("id"));
      assertThat(chunk.path("created")).isEqualTo(first.path("created"));
      assertThat(chunk.path("system_fingerprint")).isEqualTo(first.path("system_fingerprint"));
      chunk.put("id", "ID").put("created", 0).put("system_fingerprint", "FP");
      normalized.add(chunk.toString());
    }
    assertThat(normalized)
        .containsExactly(
            head + "\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\",\"refusal\":null}," + tail,
            head + "\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Your parcel\"}," + tail,
            head + "\"choices\":[{\"index\":0,\"delta\":{\"content\":\" left today.\"}," + tail,
            head + "\"choices\":[{\"index\":0,\"delta\":{},\"logprobs\":null,\"finish_reason\":\"stop\"}],\"usage\":null}",
            head + "\"choices\":[],\"usage\":{\"prompt_tokens\":1100,\"completion_tokens\":4,\"total_tokens\":1104,"
                + "\"prompt_tokens_details\":{\"cached_tokens\":1024,\"audio_tokens\":0},"
                + "\"completion_tokens_details\":{\"reasoning_tokens\":0,\"audio_tokens\":0,"
                + "\"accepted_prediction_tokens\":0,\"rejected_prediction_tokens\":0}}}");
  }

  @Test
  void withoutIncludeUsageNoChunkHasAUsageField() throws Exception {
    List<String> events =
        OpenAiBodies.chatCompletionChunks(
            "gpt-4o-2024-08-06", List.of("Hi."), new OpenAiBodies.Usage(10, 1, 0), false, new Random(7));

    assertThat(events).hasSize(4).last().isEqualTo("[DONE]");
    for (String event : events.subList(0, 3)) {
      assertThat(JSON.readTree(event).has("usage")).isFalse();
    }
  }

  @Test
  void piecesConcatenateBackToTheText() {
    assertThat(ReplyText.pieces("one two three four five six seven.", 3))
        .containsExactly("one two", " three four", " five six seven.");
    assertThat(ReplyText.pieces("short.", 4)).containsExactly("short.");
  }

  @Test
  void cachedTokensAreThePreviousTurnsPromptRoundedDownTo128FromA1024TokenPrefixOn() throws Exception {
    // The previous request, {"model":"gpt-4o","messages":[system, user]}, was 4,093 bytes: 1,024 tokens.
    assertThat(PromptCache.cachedTokens(conversation(4000, true), 4162)).isEqualTo(1024);
    // 4,293 bytes: 1,074 tokens, 1,024 of them in whole 128-token blocks.
    assertThat(PromptCache.cachedTokens(conversation(4200, true), 4362)).isEqualTo(1024);
    // 4,083 bytes: 1,021 tokens, below the minimum.
    assertThat(PromptCache.cachedTokens(conversation(3990, true), 4152)).isZero();
    // A first turn continues nothing.
    assertThat(PromptCache.cachedTokens(conversation(8000, false), 8093)).isZero();
  }

  private static JsonNode conversation(int systemLength, boolean continued) throws Exception {
    String messages =
        "{\"role\":\"system\",\"content\":\"" + "x".repeat(systemLength) + "\"},{\"role\":\"user\",\"content\":\"hi\"}"
            + (continued ? ",{\"role\":\"assistant\",\"content\":\"ok\"},{\"role\":\"user\",\"content\":\"next\"}" : "");
    String body = "{\"model\":\"gpt-4o\",\"messages\":[" + messages + "]}";
    assertThat(body.length()).isEqualTo(systemLength + (continued ? 162 : 93));
    return JSON.readTree(body);
  }
}
