package dev.llmlens.instrumentation.langchain4j;

import static org.assertj.core.api.Assertions.assertThat;

import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.PartialResponse;
import dev.langchain4j.model.chat.response.PartialThinking;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import dev.langchain4j.model.openai.OpenAiChatModel;
import dev.langchain4j.model.openai.OpenAiTokenUsage;
import dev.langchain4j.model.output.FinishReason;
import dev.langchain4j.model.output.TokenUsage;
import dev.llmlens.instrumentation.api.LlmCall;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ChatModelReaderTest {

  /** As the agent reads a call: started on the application's thread, its request read on the recorder's. */
  private LlmCall started(Object client, Object request) {
    LlmCall call = reader.start(client, request);
    reader.readRequest(client, request, call);
    return call;
  }

  /** Building the model makes no network call: nothing listens on the base URL. */
  private static final OpenAiChatModel MODEL =
      OpenAiChatModel.builder().baseUrl("http://localhost:1/v1").apiKey("test-key").modelName("gpt-4o").build();

  private final ChatModelReader reader = new ChatModelReader();

  private static ChatRequest request(String modelName) {
    return ChatRequest.builder().messages(UserMessage.from("Hi")).modelName(modelName).build();
  }

  private static ChatResponse.Builder response() {
    return ChatResponse.builder().aiMessage(AiMessage.from("Hello"));
  }

  @Test
  void requestModelFromTheRequestParameters() {
    LlmCall call = started(MODEL, request("gpt-4o-mini"));

    assertThat(call.provider()).isEqualTo("openai");
    assertThat(call.operation()).isEqualTo("chat");
    assertThat(call.requestModel()).isEqualTo("gpt-4o-mini");
  }

  @Test
  void requestModelFromTheModelDefaultsWhenTheRequestNamesNone() {
    LlmCall call = started(MODEL, request(null));

    assertThat(call.provider()).isEqualTo("openai");
    assertThat(call.requestModel()).isEqualTo("gpt-4o");
  }

  @Test
  void noRequestModelWhenNeitherNamesOne() {
    LlmCall call = started(new AppChatModel(), request(null));

    assertThat(call.provider()).isEqualTo("other");
    assertThat(call.requestModel()).isNull();
  }

  @Test
  void responseModelUsageAndFinishReason() {
    LlmCall call = started(MODEL, request(null));

    reader.readResponse(
        response()
            .modelName("gpt-4o-2024-08-06")
            .tokenUsage(new TokenUsage(12, 5))
            .finishReason(FinishReason.STOP)
            .build(),
        call);

    assertThat(call.responseModel()).isEqualTo("gpt-4o-2024-08-06");
    assertThat(call.inputTokens()).isEqualTo(12);
    assertThat(call.outputTokens()).isEqualTo(5);
    assertThat(call.cachedInputTokens()).isEqualTo(LlmCall.UNKNOWN);
    assertThat(call.reasoningTokens()).isEqualTo(LlmCall.UNKNOWN);
    assertThat(call.finishReasonCount()).isEqualTo(1);
    assertThat(call.finishReason(0)).isEqualTo("stop");
  }

  @Test
  void openAiCachedAndReasoningTokens() {
    OpenAiTokenUsage usage =
        OpenAiTokenUsage.builder()
            .inputTokenCount(1200)
            .inputTokensDetails(OpenAiTokenUsage.InputTokensDetails.builder().cachedTokens(1024).build())
            .outputTokenCount(300)
            .outputTokensDetails(OpenAiTokenUsage.OutputTokensDetails.builder().reasoningTokens(256).build())
            .totalTokenCount(1500)
            .build();
    LlmCall call = started(MODEL, request(null));

    reader.readResponse(response().modelName("o3-mini").tokenUsage(usage).build(), call);

    assertThat(call.inputTokens()).isEqualTo(1200);
    assertThat(call.outputTokens()).isEqualTo(300);
    assertThat(call.cachedInputTokens()).isEqualTo(1024);
    assertThat(call.reasoningTokens()).isEqualTo(256);
    assertThat(call.finishReasonCount()).isZero();
  }

  @Test
  void openAiUsageWithoutDetailsReportsNoDetails() {
    OpenAiTokenUsage usage = OpenAiTokenUsage.builder().inputTokenCount(10).outputTokenCount(2).build();
    LlmCall call = started(MODEL, request(null));

    reader.readResponse(response().tokenUsage(usage).build(), call);

    assertThat(call.inputTokens()).isEqualTo(10);
    assertThat(call.outputTokens()).isEqualTo(2);
    assertThat(call.cachedInputTokens()).isEqualTo(LlmCall.UNKNOWN);
    assertThat(call.reasoningTokens()).isEqualTo(LlmCall.UNKNOWN);
  }

  @Test
  void responseWithoutUsageLeavesTokensUnknown() {
    LlmCall call = started(MODEL, request(null));

    reader.readResponse(response().build(), call);

    assertThat(call.responseModel()).isNull();
    assertThat(call.inputTokens()).isEqualTo(LlmCall.UNKNOWN);
    assertThat(call.outputTokens()).isEqualTo(LlmCall.UNKNOWN);
    assertThat(call.finishReasonCount()).isZero();
  }

  @ParameterizedTest
  @CsvSource({
    "STOP, stop",
    "LENGTH, length",
    "TOOL_EXECUTION, tool_calls",
    "CONTENT_FILTER, content_filter",
    "OTHER, other"
  })
  void finishReasonsInOpenAiWords(FinishReason reason, String expected) {
    LlmCall call = started(MODEL, request(null));

    reader.readResponse(response().finishReason(reason).build(), call);

    assertThat(call.finishReasonCount()).isEqualTo(1);
    assertThat(call.finishReason(0)).isEqualTo(expected);
  }

  @Test
  void textChunksAreContentThinkingIsNot() {
    assertThat(reader.isContent("")).isFalse();
    assertThat(reader.isContent("Hel")).isTrue();
    assertThat(reader.isContent(new PartialThinking("Let me think"))).isFalse();
    assertThat(reader.isContent(new PartialResponse("Hel"))).isTrue();
    assertThat(reader.isContent(null)).isFalse();
  }

  @Test
  void handlerInterfaceIsLangChain4js() {
    assertThat(reader.handlerInterface())
        .isEqualTo("dev.langchain4j.model.chat.response.StreamingChatResponseHandler")
        .isEqualTo(StreamingChatResponseHandler.class.getName());
  }

  @Test
  void contentCaptureReadsEveryMessageTypeAndTheAnswer() {
    dev.langchain4j.agent.tool.ToolExecutionRequest toolCall =
        dev.langchain4j.agent.tool.ToolExecutionRequest.builder().id("call_1").name("orderStatus").arguments("{}").build();
    ChatRequest request =
        ChatRequest.builder()
            .messages(
                dev.langchain4j.data.message.SystemMessage.from("Be brief."),
                UserMessage.from("Where is order 7?"),
                AiMessage.from(toolCall),
                dev.langchain4j.data.message.ToolExecutionResultMessage.from(toolCall, "shipped"))
            .build();
    ChatResponse response =
        ChatResponse.builder().aiMessage(AiMessage.from("It shipped.")).finishReason(FinishReason.STOP).build();
    dev.llmlens.instrumentation.api.GenAiMessages input = new dev.llmlens.instrumentation.api.GenAiMessages();
    dev.llmlens.instrumentation.api.GenAiMessages output = new dev.llmlens.instrumentation.api.GenAiMessages();

    new ChatModelReader().readInputMessages(request, input);
    new ChatModelReader().readOutputMessages(response, output);

    assertThat(input.toJson())
        .isEqualTo(
            "[{\"role\":\"system\",\"parts\":[{\"type\":\"text\",\"content\":\"Be brief.\"}]},"
                + "{\"role\":\"user\",\"parts\":[{\"type\":\"text\",\"content\":\"Where is order 7?\"}]},"
                + "{\"role\":\"assistant\",\"parts\":[]},"
                + "{\"role\":\"tool\",\"parts\":[{\"type\":\"text\",\"content\":\"shipped\"}]}]");
    assertThat(output.toJson())
        .isEqualTo(
            "[{\"role\":\"assistant\",\"parts\":[{\"type\":\"text\",\"content\":\"It shipped.\"}],\"finish_reason\":\"stop\"}]");
  }
}
