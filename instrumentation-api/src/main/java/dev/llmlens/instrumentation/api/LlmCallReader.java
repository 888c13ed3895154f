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
   * Streaming: whether one chunk carries generated content (text, a tool call, a refusal). Runs on
   * the application's thread as each chunk arrives, only until the first that does (time to first
   * token), so it should read no more than it needs to answer.
   */
  default boolean isContent(Object chunk) {
    return false;
  }

  /**
   * Streaming: adds what one chunk reports (response model, finish reasons, usage when the last
   * chunk carries it). Runs on the agent's recorder thread, for every chunk in the order they
   * came, a batch at a time and the last ones with the call's end: chunks are immutable (openai-java's
   * chunks and events, LangChain4j's partial responses), so reading them later reads the same
   * values, and a stream of thousands of chunks costs the application's thread no reads.
   */
  default void readChunk(Object chunk, LlmCall call) {}

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
