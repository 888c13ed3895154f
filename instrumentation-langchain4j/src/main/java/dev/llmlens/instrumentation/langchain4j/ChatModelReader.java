package dev.llmlens.instrumentation.langchain4j;

import dev.llmlens.instrumentation.api.ContentReader;
import dev.llmlens.instrumentation.api.ErrorType;
import dev.llmlens.instrumentation.api.GenAiMessages;
import dev.llmlens.instrumentation.api.LlmCall;
import dev.llmlens.instrumentation.api.LlmCallReader;
import dev.llmlens.instrumentation.api.ObjectAccessor;

/**
 * Reads a LangChain4j chat call, blocking or streamed: the provider from the model, the model
 * the request asks for (its parameters, else the model's defaults, which {@code chat} merges in
 * only after the advice has read the request), and from the {@code ChatResponse} the model
 * that answered, the token usage and the finish reason.
 */
final class ChatModelReader implements LlmCallReader, ContentReader {

  private static final ObjectAccessor MESSAGES = ObjectAccessor.method("messages");
  private static final ObjectAccessor TYPE = ObjectAccessor.method("type");
  private static final ObjectAccessor TEXT = ObjectAccessor.method("text");
  private static final ObjectAccessor SINGLE_TEXT = ObjectAccessor.method("singleText");
  private static final ObjectAccessor AI_MESSAGE = ObjectAccessor.method("aiMessage");

  static final String HANDLER_INTERFACE = "dev.langchain4j.model.chat.response.StreamingChatResponseHandler";

  private static final ObjectAccessor PARAMETERS = ObjectAccessor.method("parameters");
  private static final ObjectAccessor DEFAULT_PARAMETERS = ObjectAccessor.method("defaultRequestParameters");
  private static final ObjectAccessor MODEL_NAME = ObjectAccessor.method("modelName");
  private static final ObjectAccessor METADATA = ObjectAccessor.method("metadata");
  private static final ObjectAccessor TOKEN_USAGE = ObjectAccessor.method("tokenUsage");
  private static final ObjectAccessor FINISH_REASON = ObjectAccessor.method("finishReason");

  @Override
  public LlmCall start(Object model, Object request) {
    return new LlmCall(LangChain4jProvider.of(model), "chat");
  }

  /** {@code ChatRequest}, its parameters and the model's default parameters are immutable. */
  @Override
  public void readRequest(Object model, Object request, LlmCall call) {
    Object requested = MODEL_NAME.read(PARAMETERS.read(request));
    if (requested == null) {
      requested = MODEL_NAME.read(DEFAULT_PARAMETERS.read(model));
    }
    if (requested instanceof String) {
      call.requestModel((String) requested);
    }
  }

  @Override
  public void readResponse(Object response, LlmCall call) {
    Object metadata = METADATA.read(response);
    Object answered = MODEL_NAME.read(metadata != null ? metadata : response);
    if (answered instanceof String) {
      call.responseModel((String) answered);
    }
    LangChain4jUsage.read(TOKEN_USAGE.read(metadata != null ? metadata : response), call);
    Object reason = FINISH_REASON.read(metadata != null ? metadata : response);
    if (reason != null) {
      call.addFinishReason(finishReason(reason.toString()));
    }
  }

  /** LangChain4j's {@code FinishReason} in the providers' own words (OpenAI's). */
  static String finishReason(String name) {
    if (name.equals("TOOL_EXECUTION")) {
      return "tool_calls";
    }
    return name.toLowerCase(java.util.Locale.ROOT);
  }

  /** {@code ChatRequest.messages()}: system, user, AI and tool-result messages with their text. */
  @Override
  public void readInputMessages(Object request, GenAiMessages messages) {
    Object list = MESSAGES.read(request);
    if (!(list instanceof Iterable)) {
      return;
    }
    for (Object message : (Iterable<?>) list) {
      Object type = TYPE.read(message);
      messages.add(role(type == null ? "" : type.toString()), messageText(message), null);
    }
  }

  @Override
  public void readOutputMessages(Object response, GenAiMessages messages) {
    Object reason = FINISH_REASON.read(METADATA.read(response));
    if (reason == null) {
      reason = FINISH_REASON.read(response);
    }
    messages.add(
        "assistant", messageText(AI_MESSAGE.read(response)), reason == null ? null : finishReason(reason.toString()));
  }

  /** LangChain4j's {@code ChatMessageType} as a GenAI role. */
  static String role(String type) {
    if (type.equals("AI")) {
      return "assistant";
    }
    if (type.equals("TOOL_EXECUTION_RESULT")) {
      return "tool";
    }
    return type.toLowerCase(java.util.Locale.ROOT);
  }

  /** A user message's single text, or any other message's {@code text()}. */
  private static String messageText(Object message) {
    Object text = TEXT.read(message);
    if (!(text instanceof String)) {
      text = SINGLE_TEXT.read(message);
    }
    return text instanceof String ? (String) text : null;
  }

  @Override
  public ErrorType classify(Throwable error) {
    return LangChain4jErrors.classify(error);
  }

  /**
   * A streamed part: text ({@code String} or {@code PartialResponse}) and tool-call arguments are
   * generated content; thinking is a chunk but not yet the answer.
   */
  @Override
  public boolean isContent(Object part) {
    if (part instanceof String) {
      return !((String) part).isEmpty();
    }
    return part != null && !part.getClass().getSimpleName().contains("Thinking");
  }

  @Override
  public String handlerInterface() {
    return HANDLER_INTERFACE;
  }
}
