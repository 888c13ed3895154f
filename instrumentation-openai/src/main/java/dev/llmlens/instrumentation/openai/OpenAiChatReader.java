package dev.llmlens.instrumentation.openai;

import dev.llmlens.instrumentation.api.ContentReader;
import dev.llmlens.instrumentation.api.GenAiMessages;
import dev.llmlens.instrumentation.api.LlmCall;
import dev.llmlens.instrumentation.api.ObjectAccessor;

/**
 * Reads a chat completion call (and a legacy completion, which has the same shape): the requested model from {@code ChatCompletionCreateParams},
 * the server from the service's {@code ClientOptions.baseUrl()}, and the response model, token
 * usage and finish reasons from {@code ChatCompletion}, or chunk by chunk from a stream.
 */
final class OpenAiChatReader extends OpenAiReader implements ContentReader {

  /** The message kinds of a {@code ChatCompletionMessageParam}, by their accessor: the role. */
  private static final String[] ROLES = {"system", "developer", "user", "assistant", "tool", "function"};
  private static final ObjectAccessor[] ROLE_ACCESSORS = new ObjectAccessor[ROLES.length];

  static {
    for (int i = 0; i < ROLES.length; i++) {
      ROLE_ACCESSORS[i] = ObjectAccessor.method(ROLES[i]);
    }
  }

  private static final ObjectAccessor MESSAGES = ObjectAccessor.method("messages");
  private static final ObjectAccessor MESSAGE = ObjectAccessor.method("message");
  private static final ObjectAccessor CONTENT_PARTS = ObjectAccessor.method("arrayOfContentParts");

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

  /** A {@code ChatCompletionChunk} whose delta, in any choice, has text, a tool call or a refusal. */
  @Override
  public boolean isContent(Object chunk) {
    for (Object choice : choices(chunk)) {
      if (hasContent(choice)) {
        return true;
      }
    }
    return false;
  }

  /**
   * A {@code ChatCompletionChunk}: the model, a finish reason per choice in the chunk that ends
   * it, and usage in the last chunk when the request asked for it ({@code
   * stream_options.include_usage}).
   */
  @Override
  public void readChunk(Object chunk, LlmCall call) {
    if (call.responseModel() == null) {
      readResponseModel(chunk, call);
    }
    OpenAiUsage.read(chunk, call);
    for (Object choice : choices(chunk)) {
      call.addFinishReason(OpenAiValues.text(FINISH_REASON.readOptional(choice)));
    }
  }

  /** Text, a tool call or a refusal in the choice's delta, or a legacy completion's text. */
  private static boolean hasContent(Object choice) {
    Object delta = DELTA.read(choice);
    return (delta != null
            && (notEmpty(CONTENT.readOptional(delta))
                || notEmpty(TOOL_CALLS.readOptional(delta))
                || notEmpty(REFUSAL.readOptional(delta))))
        || notEmpty(TEXT.readOptional(choice));
  }



  /** {@code ChatCompletionCreateParams.messages()}: each message's role and text parts. */
  @Override
  public void readInputMessages(Object params, GenAiMessages messages) {
    Object list = MESSAGES.read(params);
    if (!(list instanceof Iterable)) {
      return;
    }
    for (Object message : (Iterable<?>) list) {
      for (int i = 0; i < ROLES.length; i++) {
        Object typed = ROLE_ACCESSORS[i].readOptional(message);
        if (typed != null) {
          messages.add(ROLES[i], text(CONTENT.readOptional(typed)), null);
          break;
        }
      }
    }
  }

  /** {@code ChatCompletion.choices()}: each choice's message text and finish reason. */
  @Override
  public void readOutputMessages(Object completion, GenAiMessages messages) {
    for (Object choice : choices(completion)) {
      Object text = CONTENT.readOptional(MESSAGE.read(choice));
      messages.add(
          "assistant",
          text instanceof String ? (String) text : null,
          OpenAiValues.text(FINISH_REASON.readOptional(choice)));
    }
  }

  /** A message content: a string, or text parts (other parts, images and files, are left out). */
  private static String text(Object content) {
    Object plain = TEXT.readOptional(content);
    if (plain instanceof String) {
      return (String) plain;
    }
    if (content instanceof String) {
      return (String) content;
    }
    Object parts = CONTENT_PARTS.readOptional(content);
    if (!(parts instanceof Iterable)) {
      return null;
    }
    StringBuilder joined = new StringBuilder();
    for (Object part : (Iterable<?>) parts) {
      Object partText = TEXT.readOptional(part);
      Object value = partText instanceof String ? partText : TEXT.readOptional(partText);
      if (value instanceof String) {
        joined.append(joined.length() == 0 ? "" : "\n").append((String) value);
      }
    }
    return joined.length() == 0 ? null : joined.toString();
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
