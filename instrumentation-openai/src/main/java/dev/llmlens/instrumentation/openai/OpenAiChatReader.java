package dev.llmlens.instrumentation.openai;

import dev.llmlens.instrumentation.api.LlmCall;
import dev.llmlens.instrumentation.api.ObjectAccessor;

/**
 * Reads a chat completion call (and a legacy completion, which has the same shape): the requested model from {@code ChatCompletionCreateParams},
 * the server from the service's {@code ClientOptions.baseUrl()}, and the response model, token
 * usage and finish reasons from {@code ChatCompletion}, or chunk by chunk from a stream.
 */
final class OpenAiChatReader extends OpenAiReader {

  private static final ObjectAccessor CHOICES = ObjectAccessor.method("choices");
  private static final ObjectAccessor FINISH_REASON = ObjectAccessor.method("finishReason");
  private static final ObjectAccessor DELTA = ObjectAccessor.method("delta");
  private static final ObjectAccessor CONTENT = ObjectAccessor.method("content");
  private static final ObjectAccessor TOOL_CALLS = ObjectAccessor.method("toolCalls");
  private static final ObjectAccessor REFUSAL = ObjectAccessor.method("refusal");
  private static final ObjectAccessor TEXT = ObjectAccessor.method("text");

  /** {@code chat} for chat completions, {@code text_completion} for the legacy completions. */
  OpenAiChatReader(String operation) {
    super(operation);
  }



  @Override
  public void readResponse(Object completion, LlmCall call) {
    readResponseModel(completion, call);
    OpenAiUsage.read(completion, call);
    for (Object choice : choices(completion)) {
      call.addFinishReason(OpenAiValues.text(FINISH_REASON.readOptional(choice)));
    }
  }

  /**
   * A {@code ChatCompletionChunk}: content deltas, a finish reason per choice in the chunk that
   * ends it, and usage in the last chunk when the request asked for it
   * ({@code stream_options.include_usage}).
   */
  @Override
  public boolean readChunk(Object chunk, LlmCall call) {
    if (call.responseModel() == null) {
      readResponseModel(chunk, call);
    }
    OpenAiUsage.read(chunk, call);
    boolean content = false;
    for (Object choice : choices(chunk)) {
      Object delta = DELTA.read(choice);
      content |=
          notEmpty(CONTENT.readOptional(delta))
              || notEmpty(TOOL_CALLS.readOptional(delta))
              || notEmpty(REFUSAL.readOptional(delta))
              || notEmpty(TEXT.readOptional(choice));
      call.addFinishReason(OpenAiValues.text(FINISH_REASON.readOptional(choice)));
    }
    return content;
  }



  private static Iterable<?> choices(Object response) {
    Object choices = CHOICES.read(response);
    return choices instanceof Iterable ? (Iterable<?>) choices : java.util.Collections.emptyList();
  }

  private static boolean notEmpty(Object value) {
    if (value instanceof CharSequence) {
      return ((CharSequence) value).length() > 0;
    }
    if (value instanceof java.util.Collection) {
      return !((java.util.Collection<?>) value).isEmpty();
    }
    return false;
  }

}
