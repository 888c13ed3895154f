package dev.llmlens.instrumentation.api;

/**
 * Reads one library's request, client, response and exception objects into an {@link LlmCall}.
 *
 * <p>Readers run in the agent, which may not see the library's classes (the library can live in
 * any class loader), so they read the objects reflectively, resolving each accessor once per
 * class. A reader that meets an object it does not understand leaves the field unknown; it
 * never throws.
 */
public interface LlmCallReader {

  /**
   * Creates the call for a request about to be sent by {@code client}. Runs on the application's
   * thread before every call, so it should read as little as it can (the provider, from the
   * client's class): what takes reading goes in {@link #readRequest}.
   */
  LlmCall start(Object client, Object request);

  /**
   * Reads the requested model and the server from the request and the client. Runs on the
   * agent's recorder thread, after the call has started and maybe after it has returned, so it may
   * read only objects that do not change once the call is made (openai-java's params and
   * services, LangChain4j's {@code ChatRequest} and models are immutable); a reader whose request
   * may change reads it in {@link #start} instead.
   */
  default void readRequest(Object client, Object request, LlmCall call) {}

  /** Adds what a successful response reports (response model, token usage). */
  void readResponse(Object response, LlmCall call);

  /** Maps a failure the library threw to the fixed error taxonomy. */
  ErrorType classify(Throwable error);

  /**
   * Streaming: adds what one chunk reports (response model, finish reasons, usage when the last
   * chunk carries it) and says whether it carries generated content. Runs on the application's
   * thread for every chunk: once {@link LlmCall#firstContentNanos()} is set, the answer no longer
   * matters and a reader may skip looking for content.
   */
  default boolean readChunk(Object chunk, LlmCall call) {
    return false;
  }

  /**
   * The provider's rate-limit state from response headers, or {@code null}: remaining and limit
   * for requests and tokens, {@link LlmCall#UNKNOWN} where a header is absent.
   */
  default RateLimits readRateLimits(Object headers) {
    return null;
  }

  /**
   * For calls that report through a callback handler ({@link HandlerCallAdvice}): the name of the
   * handler's interface, which the agent's stand-in implements. {@code null}: no handlers.
   */
  default String handlerInterface() {
    return null;
  }
}
