package com.acme.support.fakellm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.http.HttpResponseFor;
import com.openai.errors.InternalServerException;
import com.openai.errors.OpenAIIoException;
import com.openai.errors.RateLimitException;
import com.openai.models.ChatModel;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.completions.CompletionUsage;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The fake server against the real SDK: what the SDK parses is what the server sent. */
class FakeOpenAiServerTest {
  private static final int MAX_RETRIES = 2;
  private static final ChatCompletionCreateParams PARAMS =
      ChatCompletionCreateParams.builder()
          .model(ChatModel.GPT_4O)
          .addSystemMessage("You are a support assistant.")
          .addUserMessage("Where is my order #4711?")
          .build();

  private FakeOpenAiServer server;
  private OpenAIClient client;

  private void start(ResponsePlan plan, Duration clientTimeout, Duration hang) throws Exception {
    server = new FakeOpenAiServer(new FakeLlmSettings(42, 0.01, hang), plan);
    client =
        OpenAIOkHttpClient.builder()
            .baseUrl(server.baseUrl())
            .apiKey("sk-test")
            .maxRetries(MAX_RETRIES)
            .timeout(clientTimeout)
            .build();
  }

  private void start(ResponsePlan plan) throws Exception {
    start(plan, Duration.ofSeconds(5), Duration.ofSeconds(6));
  }

  @AfterEach
  void stop() {
    if (client != null) {
      client.close();
    }
    if (server != null) {
      server.close();
    }
  }

  @Test
  void answersChatCompletionsWithTheUsageItComputed() throws Exception {
    start(ResponsePlan.alwaysOk());

    ChatCompletion completion = client.chat().completions().create(PARAMS);

    assertThat(server.servedRequests()).hasSize(1);
    ServedRequest served = server.servedRequests().get(0);
    assertThat(served.kind()).isEqualTo(ResponseKind.OK);
    assertThat(served.attempt()).isZero();
    assertThat(served.promptTokens()).isPositive();
    assertThat(completion.model()).isEqualTo("gpt-4o-2024-08-06").isEqualTo(served.respondedModel());
    assertThat(completion.id()).startsWith("chatcmpl-");
    assertThat(completion.choices()).hasSize(1);
    assertThat(completion.choices().get(0).finishReason())
        .isEqualTo(ChatCompletion.Choice.FinishReason.STOP);
    String content = completion.choices().get(0).message().content().orElseThrow();
    // One word per completion token.
    assertThat(content.split(" ")).hasSize((int) served.completionTokens());

    CompletionUsage usage = completion.usage().orElseThrow();
    assertThat(usage.promptTokens()).isEqualTo(served.promptTokens());
    assertThat(usage.completionTokens()).isEqualTo(served.completionTokens());
    assertThat(usage.totalTokens()).isEqualTo(served.promptTokens() + served.completionTokens());
    assertThat(usage.promptTokensDetails().orElseThrow().cachedTokens()).contains(0L);
    assertThat(usage.completionTokensDetails().orElseThrow().reasoningTokens()).contains(0L);
  }

  @Test
  void promptTokensAreTheBodyLengthOverFour() throws Exception {
    start(ResponsePlan.alwaysOk());
    ChatCompletionCreateParams longer =
        PARAMS.toBuilder().addUserMessage("x".repeat(4000)).build();

    long shortPrompt = client.chat().completions().create(PARAMS).usage().orElseThrow().promptTokens();
    long longPrompt = client.chat().completions().create(longer).usage().orElseThrow().promptTokens();

    // 4000 more characters of content, plus the JSON around the extra message.
    assertThat(longPrompt - shortPrompt).isBetween(1000L, 1015L);
  }

  @Test
  void sendsTheRateLimitHeadersOfTheRealApi() throws Exception {
    start(ResponsePlan.alwaysOk());

    try (HttpResponseFor<ChatCompletion> response =
        client.chat().completions().withRawResponse().create(PARAMS)) {
      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(response.headers().values("x-ratelimit-limit-requests")).containsExactly("10000");
      assertThat(response.headers().values("x-ratelimit-remaining-requests")).containsExactly("9999");
      assertThat(response.headers().values("x-ratelimit-limit-tokens")).containsExactly("30000000");
      assertThat(response.headers().values("x-ratelimit-remaining-tokens")).hasSize(1);
      assertThat(response.headers().values("x-ratelimit-reset-requests")).containsExactly("6ms");
      assertThat(response.headers().values("x-ratelimit-reset-tokens")).hasSize(1);
      assertThat(response.headers().values("openai-processing-ms")).hasSize(1);
      assertThat(response.headers().values("x-request-id").get(0)).matches("req_[0-9a-f]{32}");
      assertThat(response.headers().values("content-type")).containsExactly("application/json");
      long total = response.parse().usage().orElseThrow().totalTokens();
      assertThat(response.headers().values("x-ratelimit-remaining-tokens"))
          .containsExactly(Long.toString(30_000_000 - total));
    }
  }

  @Test
  void namesTheDatedSnapshotOfGpt4oMini() throws Exception {
    start(ResponsePlan.alwaysOk());

    ChatCompletion completion =
        client.chat().completions().create(PARAMS.toBuilder().model(ChatModel.GPT_4O_MINI).build());

    assertThat(completion.model()).isEqualTo("gpt-4o-mini-2024-07-18");
  }

  @Test
  void keepsRepliesWithinMaxCompletionTokens() throws Exception {
    start(ResponsePlan.alwaysOk());

    for (int i = 0; i < 5; i++) {
      ChatCompletion completion =
          client.chat().completions().create(
              PARAMS.toBuilder().addUserMessage("question " + i).maxCompletionTokens(3).build());
      assertThat(completion.usage().orElseThrow().completionTokens()).isBetween(1L, 3L);
    }
  }

  @Test
  void aPersistent429SurfacesAsRateLimitExceptionAfterTheRetries() throws Exception {
    start(
        ResponsePlan.scripted(
            ResponseKind.RATE_LIMITED, ResponseKind.RATE_LIMITED, ResponseKind.RATE_LIMITED));

    assertThatThrownBy(() -> client.chat().completions().create(PARAMS))
        .isInstanceOf(RateLimitException.class)
        .hasMessageContaining("Rate limit reached for gpt-4o");

    assertThat(server.requestCount()).isEqualTo(MAX_RETRIES + 1);
    assertThat(server.servedRequests())
        .extracting(ServedRequest::attempt, ServedRequest::status)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(0, 429),
            org.assertj.core.groups.Tuple.tuple(1, 429),
            org.assertj.core.groups.Tuple.tuple(2, 429));
  }

  @Test
  void aTransient429IsRetriedAway() throws Exception {
    start(ResponsePlan.scripted(ResponseKind.RATE_LIMITED));

    ChatCompletion completion = client.chat().completions().create(PARAMS);

    assertThat(completion.model()).isEqualTo("gpt-4o-2024-08-06");
    assertThat(server.requestCount()).isEqualTo(2);
  }

  @Test
  void aPersistent500SurfacesAsInternalServerException() throws Exception {
    start(
        ResponsePlan.scripted(
            ResponseKind.SERVER_ERROR, ResponseKind.SERVER_ERROR, ResponseKind.SERVER_ERROR));

    assertThatThrownBy(() -> client.chat().completions().create(PARAMS))
        .isInstanceOf(InternalServerException.class)
        .hasMessageContaining("The server had an error while processing your request.");

    assertThat(server.requestCount()).isEqualTo(MAX_RETRIES + 1);
  }

  @Test
  void aHangSurfacesAsATimeoutOnTheAsyncClient() throws Exception {
    start(
        ResponsePlan.scripted(ResponseKind.TIMEOUT, ResponseKind.TIMEOUT, ResponseKind.TIMEOUT),
        Duration.ofMillis(200),
        Duration.ofMillis(700));

    assertThatThrownBy(() -> client.async().chat().completions().create(PARAMS).join())
        .isInstanceOf(CompletionException.class)
        .cause()
        .isInstanceOf(OpenAIIoException.class)
        .cause()
        .isInstanceOf(InterruptedIOException.class);

    assertThat(server.requestCount()).isEqualTo(MAX_RETRIES + 1);
  }

  @Test
  void theRandomPlanGivesEachCallTheSameFateOnEveryAttempt() {
    ResponsePlan plan = ResponsePlan.random(42, 0.3, 0.1);
    int[] counts = new int[ResponseKind.values().length];
    for (long key = 0; key < 10_000; key++) {
      ResponseKind kind = plan.next(key);
      assertThat(plan.next(key)).isEqualTo(kind);
      counts[kind.ordinal()]++;
    }
    assertThat(counts[ResponseKind.TIMEOUT.ordinal()]).isBetween(900, 1100);
    assertThat(counts[ResponseKind.RATE_LIMITED.ordinal()]).isBetween(1650, 1950);
    assertThat(counts[ResponseKind.SERVER_ERROR.ordinal()]).isBetween(1050, 1350);
  }

  @Test
  void answersOtherPathsWithTheApisNotFoundError() throws Exception {
    start(ResponsePlan.alwaysOk());

    assertThatThrownBy(() -> client.models().list())
        .isInstanceOf(com.openai.errors.NotFoundException.class)
        .hasMessageContaining("Invalid URL (GET /v1/models)");
    assertThat(server.requestCount()).isZero();
  }
}
