package com.acme.support.chat;

import static org.assertj.core.api.Assertions.assertThat;

import com.acme.support.fakellm.FakeLlmSettings;
import com.acme.support.fakellm.FakeOpenAiServer;
import com.acme.support.fakellm.ResponsePlan;
import com.acme.support.fakellm.ServedRequest;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SupportChatTest {

  /**
   * One call at a time: customer 1 (2 turns) and customer 2 (3 turns) wait for whole answers,
   * customer 3 (2 turns) is on the web widget and streams. Every reply carries the usage the
   * server sent, and from the second turn on the previous turn's prompt is read from the cache.
   */
  @Test
  void everyThirdCustomerStreamsAndLaterTurnsReadTheirPrefixFromTheCache() throws Exception {
    try (FakeOpenAiServer server =
        new FakeOpenAiServer(new FakeLlmSettings(42, 0.01, Duration.ofSeconds(6)), ResponsePlan.alwaysOk())) {
      OpenAIClient client =
          OpenAIOkHttpClient.builder().baseUrl(server.baseUrl()).apiKey("sk-test").maxRetries(0).build();
      try {
        SupportChat chat = new SupportChat(client);
        List<SupportChat.Reply> replies = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
          replies.add(chat.answerNextMessage());
        }

        List<ServedRequest> served = server.servedRequests();
        assertThat(served).hasSize(7);
        assertThat(replies).extracting(SupportChat.Reply::streamed)
            .containsExactly(false, false, false, false, false, true, true);
        assertThat(served).extracting(ServedRequest::streamed)
            .containsExactly(false, false, false, false, false, true, true);
        int[] firstTurns = {0, 2, 5};
        for (int i = 0; i < 7; i++) {
          SupportChat.Reply reply = replies.get(i);
          ServedRequest request = served.get(i);
          assertThat(reply.text().split(" ")).hasSize((int) request.completionTokens());
          assertThat(reply.usage().promptTokens()).isEqualTo(request.promptTokens());
          assertThat(reply.usage().completionTokens()).isEqualTo(request.completionTokens());
          long cached = reply.usage().promptTokensDetails().orElseThrow().cachedTokens().orElseThrow();
          assertThat(cached).isEqualTo(request.cachedTokens());
          // The shop's policies alone are over 1,024 tokens.
          assertThat(request.promptTokens()).isGreaterThan(1024);
          if (i == firstTurns[0] || i == firstTurns[1] || i == firstTurns[2]) {
            assertThat(cached).isZero();
          } else {
            assertThat(cached).isEqualTo(served.get(i - 1).promptTokens() / 128 * 128);
          }
        }
      } finally {
        client.close();
      }
    }
  }
}
