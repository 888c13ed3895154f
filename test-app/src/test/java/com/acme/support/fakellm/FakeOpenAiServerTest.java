package com.acme.support.fakellm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.http.HttpResponseFor;
import com.openai.core.http.StreamResponse;
import com.openai.errors.InternalServerException;
import com.openai.errors.OpenAIIoException;
import com.openai.errors.RateLimitException;
import com.openai.models.ChatModel;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import com.openai.models.completions.CompletionUsage;
import java.io.InterruptedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
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
  private static final ChatCompletionStreamOptions WITH_USAGE =
      ChatCompletionStreamOptions.builder().includeUsage(true).build();
  private static final ChatCompletionCreateParams STREAMED = PARAMS.toBuilder().streamOptions(WITH_USAGE).build();
  private static final ObjectMapper JSON = new ObjectMapper();

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
  void answersStreamRequestsWithServerSentEvents() throws Exception {
    start(ResponsePlan.alwaysOk());
    String body =
        "{\"model\":\"gpt-4o\",\"stream\":true,\"stream_options\":{\"include_usage\":true},"
            + "\"messages\":[{\"role\":\"user\",\"content\":\"Where is my order?\"}]}";

    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(server.baseUrl() + "/chat/completions"))
                    .POST(HttpRequest.BodyPublishers.ofString(body))
                    .build(),
                HttpResponse.BodyHandlers.ofString());

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("content-type")).contains("text/event-stream; charset=utf-8");
    assertThat(response.body()).startsWith("data: {").endsWith("\n\ndata: [DONE]\n\n");
    String[] events = response.body().split("\n\n");
    ServedRequest served = server.servedRequests().get(0);
    assertThat(served.streamed()).isTrue();
    // Role, the pieces, finish, usage, [DONE].
    assertThat(events.length).isBetween(7, 10);
    StringBuilder text = new StringBuilder();
    for (int i = 1; i < events.length - 3; i++) {
      text.append(JSON.readTree(events[i].substring("data: ".length())).path("choices").get(0).path("delta").path("content").asText());
    }
    assertThat(text.toString().split(" ")).hasSize((int) served.completionTokens());
    JsonNode usage = JSON.readTree(events[events.length - 2].substring("data: ".length())).path("usage");
    assertThat(usage.path("prompt_tokens").asLong()).isEqualTo(served.promptTokens()).isEqualTo((body.length() + 3) / 4);
    assertThat(usage.path("completion_tokens").asLong()).isEqualTo(served.completionTokens());
  }

  @Test
  void theSdkReadsTheStreamTextAndUsage() throws Exception {
    start(ResponsePlan.alwaysOk());

    StringBuilder text = new StringBuilder();
    CompletionUsage usage = null;
    int chunks = 0;
    try (StreamResponse<ChatCompletionChunk> stream = client.chat().completions().createStreaming(STREAMED)) {
      for (ChatCompletionChunk chunk : (Iterable<ChatCompletionChunk>) stream.stream()::iterator) {
        chunks++;
        assertThat(chunk.model()).isEqualTo("gpt-4o-2024-08-06");
        chunk.choices().forEach(choice -> choice.delta().content().ifPresent(text::append));
        if (chunk.usage().isPresent()) {
          usage = chunk.usage().get();
        }
      }
    }

    ServedRequest served = server.servedRequests().get(0);
    assertThat(chunks).isBetween(6, 9);
    assertThat(text.toString()).endsWith(".");
    assertThat(text.toString().split(" ")).hasSize((int) served.completionTokens());
    assertThat(usage).isNotNull();
    assertThat(usage.promptTokens()).isEqualTo(served.promptTokens());
    assertThat(usage.completionTokens()).isEqualTo(served.completionTokens());
    assertThat(usage.promptTokensDetails().orElseThrow().cachedTokens()).contains(0L);
  }

  @Test
  void aStreamedCallMeetsTheSameFaultsBeforeAnyChunk() throws Exception {
    start(ResponsePlan.scripted(ResponseKind.RATE_LIMITED, ResponseKind.RATE_LIMITED, ResponseKind.RATE_LIMITED));

    assertThatThrownBy(
            () -> {
              try (StreamResponse<ChatCompletionChunk> stream = client.chat().completions().createStreaming(STREAMED)) {
                stream.stream().forEach(chunk -> {});
              }
            })
        .isInstanceOf(RateLimitException.class);
    assertThat(server.servedRequests())
        .extracting(ServedRequest::status, ServedRequest::streamed)
        .containsOnly(org.assertj.core.groups.Tuple.tuple(429, false));
    assertThat(server.servedRequests()).hasSize(3);
  }

  @Test
  void theSecondTurnReadsTheFirstTurnsPromptFromTheCache() throws Exception {
    start(ResponsePlan.alwaysOk());
    ChatCompletionCreateParams first =
        ChatCompletionCreateParams.builder()
            .model(ChatModel.GPT_4O)
            .addSystemMessage("x".repeat(4400))
            .addUserMessage("Where is my order #4711?")
            .build();
    ChatCompletionCreateParams second =
        first.toBuilder().addAssistantMessage("It left today.").addUserMessage("Thanks!").build();

    CompletionUsage firstUsage = client.chat().completions().create(first).usage().orElseThrow();
    CompletionUsage secondUsage;
    try (StreamResponse<ChatCompletionChunk> stream =
        client.chat().completions().createStreaming(second.toBuilder().streamOptions(WITH_USAGE).build())) {
      secondUsage = stream.stream().filter(chunk -> chunk.usage().isPresent()).findFirst().orElseThrow().usage().get();
    }

    assertThat(firstUsage.promptTokensDetails().orElseThrow().cachedTokens()).contains(0L);
    assertThat(firstUsage.promptTokens()).isGreaterThan(1024);
    assertThat(secondUsage.promptTokensDetails().orElseThrow().cachedTokens())
        .contains(firstUsage.promptTokens() / 128 * 128);
    assertThat(server.servedRequests()).extracting(ServedRequest::cachedTokens)
        .containsExactly(0L, firstUsage.promptTokens() / 128 * 128);
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
