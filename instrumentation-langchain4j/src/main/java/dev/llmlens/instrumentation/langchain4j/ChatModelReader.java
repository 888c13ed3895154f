package dev.llmlens.instrumentation.langchain4j;

import dev.llmlens.instrumentation.api.ErrorType;
import dev.llmlens.instrumentation.api.LlmCall;
import dev.llmlens.instrumentation.api.LlmCallReader;
import dev.llmlens.instrumentation.api.ObjectAccessor;

/**
 * Reads a LangChain4j chat call, blocking or streamed: the provider from the model, the model
 * the request asks for (its parameters, else the model's defaults, which {@code chat} merges in
 * only after the advice has read the request), and from the {@code ChatResponse} the model
 * that answered, the token usage and the finish reason.
 */
final class ChatModelReader implements LlmCallReader {

  static final String HANDLER_INTERFACE = "dev.langchain4j.model.chat.response.StreamingChatResponseHandler";

  private static final ObjectAccessor PARAMETERS = ObjectAccessor.method("parameters");
  private static final ObjectAccessor DEFAULT_PARAMETERS = ObjectAccessor.method("defaultRequestParameters");
  private static final ObjectAccessor MODEL_NAME = ObjectAccessor.method("modelName");
  private static final ObjectAccessor METADATA = ObjectAccessor.method("metadata");
  private static final ObjectAccessor TOKEN_USAGE = ObjectAccessor.method("tokenUsage");
  private static final ObjectAccessor FINISH_REASON = ObjectAccessor.method("finishReason");

  @Override
  public LlmCall start(Object model, Object request) {
    LlmCall call = new LlmCall(LangChain4jProvider.of(model), "chat");
    Object requested = MODEL_NAME.read(PARAMETERS.read(request));
    if (requested == null) {
      requested = MODEL_NAME.read(DEFAULT_PARAMETERS.read(model));
    }
    if (requested instanceof String) {
      call.requestModel((String) requested);
    }
    return call;
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

  @Override
  public ErrorType classify(Throwable error) {
    return LangChain4jErrors.classify(error);
  }

  /**
   * A streamed part: text ({@code String} or {@code PartialResponse}) and tool-call arguments are
   * generated content; thinking is a chunk but not yet the answer.
   */
  @Override
  public boolean readChunk(Object part, LlmCall call) {
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
