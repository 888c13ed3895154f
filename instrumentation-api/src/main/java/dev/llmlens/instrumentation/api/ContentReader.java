package dev.llmlens.instrumentation.api;

/**
 * A reader that can also read the content of a call, for {@code llmlens.capture.content=true}:
 * the messages sent and the messages answered, as the GenAI conventions record them on spans
 * ({@code gen_ai.input.messages}, {@code gen_ai.output.messages}). Asked only when capture is on;
 * never for metrics.
 */
public interface ContentReader {

  /** Adds the request's messages (role and text) to {@code messages}. */
  void readInputMessages(Object request, GenAiMessages messages);

  /** Adds the response's messages (role, text, finish reason) to {@code messages}. */
  void readOutputMessages(Object response, GenAiMessages messages);
}
