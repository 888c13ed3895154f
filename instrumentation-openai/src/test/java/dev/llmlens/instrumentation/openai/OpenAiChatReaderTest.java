package dev.llmlens.instrumentation.openai;

import static org.assertj.core.api.Assertions.assertThat;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.models.ChatModel;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionMessage;
import com.openai.models.completions.CompletionUsage;
import com.openai.services.async.chat.ChatCompletionServiceAsync;
import com.openai.services.blocking.chat.ChatCompletionService;
import dev.llmlens.instrumentation.api.LlmCall;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class OpenAiChatReaderTest {

  /** As the agent reads a call: started on the application's thread, its request read on the recorder's. */
  private LlmCall started(Object client, Object request) {
    LlmCall call = reader.start(client, request);
    reader.readRequest(client, request, call);
    return call;
  }

  private final OpenAiChatReader reader = new OpenAiChatReader("chat");
  private final List<OpenAIClient> clients = new ArrayList<>();

  @AfterEach
  void closeClients() {
    clients.forEach(OpenAIClient::close);
  }

  /** A real client: building it and getting its services makes no network call. */
  private OpenAIClient client(String baseUrl) {
    OpenAIClient client =
        OpenAIOkHttpClient.builder().apiKey("sk-test").baseUrl(baseUrl).maxRetries(0).build();
    clients.add(client);
    return client;
  }

  private static ChatCompletionCreateParams params(ChatModel model) {
    return ChatCompletionCreateParams.builder().model(model).addUserMessage("Hello").build();
  }

  private static ChatCompletion.Builder completion(String model) {
    return ChatCompletion.builder()
        .id("chatcmpl-1")
        .created(1751612521L)
        .model(model)
        .choices(
            Collections.singletonList(
                ChatCompletion.Choice.builder()
                    .index(0)
                    .finishReason(ChatCompletion.Choice.FinishReason.STOP)
                    .logprobs(java.util.Optional.empty())
                    .message(
                        ChatCompletionMessage.builder()
                            .content("Atlantic Ocean")
                            .refusal(java.util.Optional.empty())
                            .build())
                    .build()));
  }

  @Test
  void azureServiceWithAnExplicitPort() {
    ChatCompletionService service =
        client("https://example.openai.azure.com:8443/openai").chat().completions();

    LlmCall call = started(service, params(ChatModel.GPT_4O));

    assertThat(call.provider()).isEqualTo("openai");
    assertThat(call.operation()).isEqualTo("chat");
    assertThat(call.requestModel()).isEqualTo("gpt-4o");
    assertThat(call.serverAddress()).isEqualTo("example.openai.azure.com");
    assertThat(call.serverPort()).isEqualTo(8443);
    assertThat(call.responseModel()).isNull();
    assertThat(call.inputTokens()).isEqualTo(LlmCall.UNKNOWN);
    assertThat(call.outputTokens()).isEqualTo(LlmCall.UNKNOWN);
    assertThat(call.errorType()).isNull();
  }

  @Test
  void freeStringModel() {
    ChatCompletionService service = client("https://api.openai.com/v1").chat().completions();

    LlmCall call = started(service, params(ChatModel.of("my-finetune")));

    assertThat(call.requestModel()).isEqualTo("my-finetune");
    assertThat(call.serverAddress()).isEqualTo("api.openai.com");
    assertThat(call.serverPort()).isEqualTo(443);
  }

  @Test
  void modelGivenAsAString() {
    ChatCompletionService service = client("https://api.openai.com/v1").chat().completions();
    ChatCompletionCreateParams params =
        ChatCompletionCreateParams.builder().model("gpt-4.1-mini").addUserMessage("Hi").build();

    assertThat(started(service, params).requestModel()).isEqualTo("gpt-4.1-mini");
  }

  @Test
  void httpsDefaultPort() {
    ChatCompletionService service =
        client("https://example.openai.azure.com/openai").chat().completions();

    LlmCall call = started(service, params(ChatModel.GPT_4O_MINI));

    assertThat(call.requestModel()).isEqualTo("gpt-4o-mini");
    assertThat(call.serverAddress()).isEqualTo("example.openai.azure.com");
    assertThat(call.serverPort()).isEqualTo(443);
  }

  @Test
  void httpDefaultPort() {
    ChatCompletionService service = client("http://llm-gateway.internal/v1").chat().completions();

    LlmCall call = started(service, params(ChatModel.GPT_4O));

    assertThat(call.serverAddress()).isEqualTo("llm-gateway.internal");
    assertThat(call.serverPort()).isEqualTo(80);
  }

  @Test
  void defaultBaseUrlIsApiOpenAiCom() {
    OpenAIClient client = OpenAIOkHttpClient.builder().apiKey("sk-test").build();
    clients.add(client);

    LlmCall call = started(client.chat().completions(), params(ChatModel.GPT_4O));

    assertThat(call.serverAddress()).isEqualTo("api.openai.com");
    assertThat(call.serverPort()).isEqualTo(443);
  }

  @Test
  void asyncService() {
    ChatCompletionServiceAsync service =
        client("http://localhost:11434/v1").async().chat().completions();

    LlmCall call = started(service, params(ChatModel.GPT_4O));

    assertThat(call.requestModel()).isEqualTo("gpt-4o");
    assertThat(call.serverAddress()).isEqualTo("localhost");
    assertThat(call.serverPort()).isEqualTo(11434);
  }

  @Test
  void serviceWithOptionsKeepsItsBaseUrl() {
    ChatCompletionService service =
        client("https://api.openai.com/v1")
            .chat()
            .completions()
            .withOptions(options -> options.baseUrl("http://proxy.internal:9000/v1"));

    LlmCall call = started(service, params(ChatModel.GPT_4O));

    assertThat(call.serverAddress()).isEqualTo("proxy.internal");
    assertThat(call.serverPort()).isEqualTo(9000);
  }

  @Test
  void responseModelAndTokens() {
    LlmCall call = started(client("https://api.openai.com/v1").chat().completions(),
        params(ChatModel.GPT_4O));
    ChatCompletion response =
        completion("gpt-4o-2024-08-06")
            .usage(
                CompletionUsage.builder()
                    .promptTokens(1000)
                    .completionTokens(500)
                    .totalTokens(1500)
                    .build())
            .build();

    reader.readResponse(response, call);

    assertThat(call.requestModel()).isEqualTo("gpt-4o");
    assertThat(call.responseModel()).isEqualTo("gpt-4o-2024-08-06");
    assertThat(call.model()).isEqualTo("gpt-4o");
    assertThat(call.inputTokens()).isEqualTo(1000);
    assertThat(call.outputTokens()).isEqualTo(500);
  }

  @Test
  void responseWithoutUsageLeavesTokensUnknown() {
    LlmCall call = started(client("https://api.openai.com/v1").chat().completions(),
        params(ChatModel.GPT_4O));

    reader.readResponse(completion("gpt-4o-2024-08-06").build(), call);

    assertThat(call.responseModel()).isEqualTo("gpt-4o-2024-08-06");
    assertThat(call.inputTokens()).isEqualTo(LlmCall.UNKNOWN);
    assertThat(call.outputTokens()).isEqualTo(LlmCall.UNKNOWN);
  }

  @Test
  void unexpectedObjectsLeaveEverythingUnknown() {
    LlmCall call = started(new Object(), "not params");

    assertThat(call.provider()).isEqualTo("openai");
    assertThat(call.operation()).isEqualTo("chat");
    assertThat(call.requestModel()).isNull();
    assertThat(call.serverAddress()).isNull();
    assertThat(call.serverPort()).isEqualTo(-1);

    reader.readResponse(null, call);
    reader.readResponse("not a completion", call);
    assertThat(call.responseModel()).isNull();
    assertThat(call.inputTokens()).isEqualTo(LlmCall.UNKNOWN);
    assertThat(call.outputTokens()).isEqualTo(LlmCall.UNKNOWN);
  }

  @Test
  void recordedRealResponseThroughTheRealClient() throws Exception {
    try (LocalOpenAiServer server = LocalOpenAiServer.replaying("abstractchattest.basic.yaml")) {
      ChatCompletionService service = client(server.baseUrl()).chat().completions();
      ChatCompletionCreateParams params =
          ChatCompletionCreateParams.builder()
              .model(ChatModel.GPT_4O_MINI)
              .addUserMessage("Answer in up to 3 words: Which ocean contains Bouvet Island?")
              .build();

      LlmCall call = started(service, params);
      ChatCompletion response = service.create(params);
      reader.readResponse(response, call);

      assertThat(call.requestModel()).isEqualTo("gpt-4o-mini");
      assertThat(call.serverAddress()).isEqualTo("127.0.0.1");
      assertThat(call.serverPort()).isEqualTo(server.port());
      assertThat(call.responseModel()).isEqualTo("gpt-4o-mini-2024-07-18");
      assertThat(call.inputTokens()).isEqualTo(22);
      assertThat(call.outputTokens()).isEqualTo(2);
    }
  }

  @Test
  void recordedRealResponseWithAllClientOptions() throws Exception {
    try (LocalOpenAiServer server =
        LocalOpenAiServer.replaying("abstractchattest.alltheclientoptions.yaml")) {
      ChatCompletionServiceAsync service = client(server.baseUrl()).async().chat().completions();
      ChatCompletionCreateParams params =
          ChatCompletionCreateParams.builder()
              .model(ChatModel.GPT_4O_MINI)
              .addUserMessage("Answer in up to 3 words: Which ocean contains Bouvet Island?")
              .seed(100)
              .build();

      LlmCall call = started(service, params);
      reader.readResponse(service.create(params).get(10, java.util.concurrent.TimeUnit.SECONDS), call);

      assertThat(call.responseModel()).isEqualTo("gpt-4o-mini-2024-07-18");
      assertThat(call.inputTokens()).isEqualTo(22);
      assertThat(call.outputTokens()).isEqualTo(3);
    }
  }

  @Test
  void recordedToolCallResponse() throws Exception {
    try (LocalOpenAiServer server = LocalOpenAiServer.replaying("abstractchattest.toolcalls.yaml")) {
      com.fasterxml.jackson.databind.JsonNode recorded =
          com.fasterxml.jackson.databind.json.JsonMapper.builder().build().readTree(
              LocalOpenAiServer.firstMapping(
                      LocalOpenAiServer.RECORDINGS.resolve("abstractchattest.toolcalls.yaml"))
                  .get("response")
                  .get("body")
                  .asText());
      ChatCompletionService service = client(server.baseUrl()).chat().completions();
      ChatCompletionCreateParams params = params(ChatModel.GPT_4O_MINI);

      LlmCall call = started(service, params);
      reader.readResponse(service.create(params), call);

      assertThat(call.responseModel()).isEqualTo(recorded.get("model").asText());
      assertThat(call.inputTokens()).isEqualTo(recorded.get("usage").get("prompt_tokens").asLong());
      assertThat(call.outputTokens())
          .isEqualTo(recorded.get("usage").get("completion_tokens").asLong());
    }
  }

  @Test
  void contentCaptureReadsEachMessagesRoleAndTextAndEachChoice() {
    ChatCompletionCreateParams params =
        ChatCompletionCreateParams.builder()
            .model(ChatModel.GPT_4O)
            .addSystemMessage("You answer in one line.")
            .addUserMessage("Which ocean is the largest?")
            .addAssistantMessage("The Pacific.")
            .addUserMessageOfArrayOfContentParts(
                java.util.Arrays.asList(
                    com.openai.models.chat.completions.ChatCompletionContentPart.ofText(
                        com.openai.models.chat.completions.ChatCompletionContentPartText.builder().text("And the second?").build())))
            .build();
    dev.llmlens.instrumentation.api.GenAiMessages input = new dev.llmlens.instrumentation.api.GenAiMessages();
    dev.llmlens.instrumentation.api.GenAiMessages output = new dev.llmlens.instrumentation.api.GenAiMessages();

    reader.readInputMessages(params, input);
    reader.readOutputMessages(completion("gpt-4o-2024-08-06").build(), output);

    assertThat(input.toJson())
        .isEqualTo(
            "[{\"role\":\"system\",\"parts\":[{\"type\":\"text\",\"content\":\"You answer in one line.\"}]},"
                + "{\"role\":\"user\",\"parts\":[{\"type\":\"text\",\"content\":\"Which ocean is the largest?\"}]},"
                + "{\"role\":\"assistant\",\"parts\":[{\"type\":\"text\",\"content\":\"The Pacific.\"}]},"
                + "{\"role\":\"user\",\"parts\":[{\"type\":\"text\",\"content\":\"And the second?\"}]}]");
    assertThat(output.toJson())
        .isEqualTo(
            "[{\"role\":\"assistant\",\"parts\":[{\"type\":\"text\",\"content\":\"Atlantic Ocean\"}],\"finish_reason\":\"stop\"}]");
  }

  /** A chunk as openai-java parses it from the wire. */
  private static ChatCompletionChunk chunk(String delta, String finishReason, String usage) throws Exception {
    return com.openai.core.ObjectMappers.jsonMapper()
        .readValue(
            "{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\",\"created\":1,"
                + "\"model\":\"gpt-4o-mini-2024-07-18\",\"choices\":"
                + (delta == null
                    ? "[]"
                    : "[{\"index\":0,\"delta\":" + delta + ",\"finish_reason\":" + finishReason + "}]")
                + (usage == null ? "" : ",\"usage\":" + usage)
                + "}",
            ChatCompletionChunk.class);
  }

  @Test
  void streamedChunksGiveContentFinishReasonAndUsage() throws Exception {
    List<ChatCompletionChunk> stream =
        java.util.Arrays.asList(
            chunk("{\"role\":\"assistant\",\"content\":\"\"}", "null", null),
            chunk("{\"content\":\"Your parcel\"}", "null", null),
            chunk("{\"content\":\" ships today.\"}", "null", null),
            chunk("{}", "\"stop\"", null),
            chunk(null, null, "{\"prompt_tokens\":12,\"completion_tokens\":6,\"total_tokens\":18}"));
    LlmCall call = new LlmCall("openai", "chat");
    List<Boolean> content = new ArrayList<>();
    for (ChatCompletionChunk chunk : stream) {
      content.add(reader.isContent(chunk));
      reader.readChunk(chunk, call);
    }

    // The role chunk's empty text is not content; the stop and usage chunks carry none.
    assertThat(content).containsExactly(false, true, true, false, false);
    assertThat(call.responseModel()).isEqualTo("gpt-4o-mini-2024-07-18");
    assertThat(call.finishReasonCount()).isEqualTo(1);
    assertThat(call.finishReason(0)).isEqualTo("stop");
    assertThat(call.inputTokens()).isEqualTo(12);
    assertThat(call.outputTokens()).isEqualTo(6);
  }

  @Test
  void aToolCallOrARefusalIsContentToo() throws Exception {
    assertThat(
            reader.isContent(
                chunk(
                    "{\"tool_calls\":[{\"index\":0,\"id\":\"call_1\",\"type\":\"function\","
                        + "\"function\":{\"name\":\"track\",\"arguments\":\"\"}}]}",
                    "null",
                    null)))
        .isTrue();
    assertThat(reader.isContent(chunk("{\"refusal\":\"I can't\"}", "null", null))).isTrue();
  }
}
