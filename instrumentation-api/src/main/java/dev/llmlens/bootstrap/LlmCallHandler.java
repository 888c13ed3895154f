package dev.llmlens.bootstrap;

/**
 * What the agent does when instrumented library code starts and ends an LLM call.
 *
 * <p>Lives on the bootstrap class loader with {@link LlmCalls}, so it may use JDK types only:
 * requests, responses and clients arrive as {@code Object} and the agent reads them.
 * Implementations never throw.
 */
public interface LlmCallHandler {

  /**
   * A call begins on the current thread.
   *
   * @param kind which reader understands {@code request} and {@code client}, e.g. {@code openai.chat}
   * @return an opaque handle passed back to an {@code end} method, or {@code null} to ignore the call
   */
  Object onStart(String kind, Object client, Object request);

  /** A blocking call returned {@code response} or threw {@code error}. */
  void onEnd(Object call, Object response, Throwable error);

  /**
   * A call returned {@code future} (a {@code CompletionStage}) or threw {@code error} before
   * returning one. The call ends when the future completes, not now.
   */
  void onEndAsync(Object call, Object future, Throwable error);

  /**
   * A streaming call returned its stream object (or threw {@code error}): the call goes on
   * until the stream ends.
   */
  void onEndStreaming(Object call, Object streamObject, Throwable error);

  /**
   * {@code streamObject} hands out {@code elements} (a {@code java.util.stream.Stream}); returns
   * the stream the application gets: observed if the object belongs to a call in progress, else
   * {@code elements} itself.
   */
  Object onElements(Object streamObject, Object elements);

  /** {@code close()} was called on a stream object. */
  void onStreamClosed(Object streamObject);

  /**
   * During a streaming call on this thread, the library builds its async stream from {@code
   * future} (a {@code CompletableFuture} of the stream object): returns the future to use instead,
   * completed with the same value once the stream object is tracked.
   */
  Object onAsyncStreamSource(Object future);

  /** A raw response of a call of {@code kind} arrived on this thread (headers, status). */
  void onResponse(String kind, Object response);

  /**
   * A streaming call reports through {@code handler} (a callback object of the library): returns
   * the handler to use instead, which tells the agent about each callback before passing it on,
   * or {@code handler} itself when the call is not one the agent records.
   */
  Object onHandler(Object call, Object handler);

  /**
   * A method that started a handler-reporting call returned ({@code error} null: the call goes
   * on until the handler hears its end) or threw {@code error}.
   */
  void onEndWithHandler(Object call, Throwable error);

  /**
   * A framework operation begins on the current thread: an agent invocation, a tool execution,
   * a memory or retrieval step. It is not an LLM call; calls made inside it are attributed to it.
   *
   * @param arguments the method's arguments (an {@code Object[]})
   * @return an opaque handle for {@link #onOperationEnd}, or {@code null} to ignore it
   */
  Object onOperationStart(String kind, Object target, Object arguments);

  /** The operation returned {@code result} or threw {@code error}. */
  void onOperationEnd(Object operation, Object result, Throwable error);

  /**
   * Inside the innermost operation of {@code kind} on this thread, the library caught {@code
   * error} and turned it into a result (a tool whose exception becomes the model's input).
   */
  void onOperationFailed(String kind, Throwable error);
}
