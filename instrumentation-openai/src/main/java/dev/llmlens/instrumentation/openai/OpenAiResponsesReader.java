package dev.llmlens.instrumentation.openai;

import dev.llmlens.instrumentation.api.LlmCall;
import dev.llmlens.instrumentation.api.ObjectAccessor;

/**
 * Reads a Responses API call ({@code client.responses()}), operation {@code chat} like chat
 * completions: the model from {@code ResponseCreateParams}, usage from {@code
 * Response.usage()} (input, output, cached input and reasoning tokens), and the outcome as a
 * finish reason: {@code stop} when completed, {@code length} or {@code content_filter} when the
 * response is incomplete for that reason. Streamed, from the events: text, refusal and
 * function-call deltas are content; the terminal event carries the whole response.
 */
final class OpenAiResponsesReader extends OpenAiReader {

  private static final ObjectAccessor USAGE = ObjectAccessor.method("usage");
  private static final ObjectAccessor INPUT_TOKENS = ObjectAccessor.method("inputTokens");
  private static final ObjectAccessor OUTPUT_TOKENS = ObjectAccessor.method("outputTokens");
  private static final ObjectAccessor INPUT_DETAILS = ObjectAccessor.method("inputTokensDetails");
  private static final ObjectAccessor OUTPUT_DETAILS = ObjectAccessor.method("outputTokensDetails");
  private static final ObjectAccessor CACHED_TOKENS = ObjectAccessor.method("cachedTokens");
  private static final ObjectAccessor REASONING_TOKENS = ObjectAccessor.method("reasoningTokens");
  private static final ObjectAccessor STATUS = ObjectAccessor.method("status");
  private static final ObjectAccessor INCOMPLETE_DETAILS = ObjectAccessor.method("incompleteDetails");
  private static final ObjectAccessor REASON = ObjectAccessor.method("reason");
  private static final ObjectAccessor RESPONSE = ObjectAccessor.method("response");
  private static final ObjectAccessor[] CONTENT_EVENTS = {
    ObjectAccessor.method("outputTextDelta"),
    ObjectAccessor.method("refusalDelta"),
    ObjectAccessor.method("functionCallArgumentsDelta")
  };
  private static final ObjectAccessor[] FINAL_EVENTS = {
    ObjectAccessor.method("completed"), ObjectAccessor.method("incomplete")
  };
  private static final ObjectAccessor CREATED_EVENT = ObjectAccessor.method("created");

  OpenAiResponsesReader() {
    super("chat");
  }


  @Override
  public void readResponse(Object response, LlmCall call) {
    readResponseModel(response, call);
    Object usage = USAGE.readOptional(response);
    if (usage != null) {
      call.tokens(INPUT_TOKENS.readLong(usage), OUTPUT_TOKENS.readLong(usage));
      call.tokenDetails(
          CACHED_TOKENS.readLong(INPUT_DETAILS.readOptional(usage)),
          REASONING_TOKENS.readLong(OUTPUT_DETAILS.readOptional(usage)));
    }
    call.addFinishReason(finishReason(response));
  }

  @Override
  public boolean isContent(Object event) {
    for (ObjectAccessor content : CONTENT_EVENTS) {
      if (content.readOptional(event) != null) {
        return true;
      }
    }
    return false;
  }

  @Override
  public void readChunk(Object event, LlmCall call) {
    for (ObjectAccessor terminal : FINAL_EVENTS) {
      Object finished = terminal.readOptional(event);
      if (finished != null) {
        readResponse(RESPONSE.read(finished), call);
        return;
      }
    }
    Object created = CREATED_EVENT.readOptional(event);
    if (created != null && call.responseModel() == null) {
      readResponseModel(RESPONSE.read(created), call);
    }
  }



  /** The chat-completions vocabulary, so one finish-reason series covers both APIs. */
  private static String finishReason(Object response) {
    String status = OpenAiValues.text(STATUS.readOptional(response));
    if ("completed".equals(status)) {
      return "stop";
    }
    if ("incomplete".equals(status)) {
      String reason = OpenAiValues.text(REASON.readOptional(INCOMPLETE_DETAILS.readOptional(response)));
      return "max_output_tokens".equals(reason) ? "length" : reason;
    }
    return null;
  }
}
