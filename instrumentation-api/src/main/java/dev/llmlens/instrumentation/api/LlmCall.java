package dev.llmlens.instrumentation.api;

/**
 * What one logical LLM call is known to be: filled by a library's {@link LlmCallReader} from the
 * request, the client and the outcome, then recorded once by the agent.
 *
 * <p>Token counts are {@link #UNKNOWN} until a response reports them, so "no usage reported"
 * never turns into a silent zero.
 */
public class LlmCall {

  public static final long UNKNOWN = -1;

  private final String provider;
  private final String operation;
  private String requestModel;
  private String responseModel;
  private String serverAddress;
  private int serverPort = -1;
  private long inputTokens = UNKNOWN;
  private long outputTokens = UNKNOWN;
  private ErrorType errorType;
  private long cachedInputTokens = UNKNOWN;
  private long reasoningTokens = UNKNOWN;
  private String[] finishReasons = NO_REASONS;
  private int finishReasonCount;
  private long firstChunkNanos;
  private long firstContentNanos;
  private boolean streaming;

  private static final String[] NO_REASONS = new String[0];

  public LlmCall(String provider, String operation) {
    this.provider = provider;
    this.operation = operation;
  }

  public String provider() {
    return provider;
  }

  public String operation() {
    return operation;
  }

  public String requestModel() {
    return requestModel;
  }

  public void requestModel(String model) {
    this.requestModel = model;
  }

  public String responseModel() {
    return responseModel;
  }

  public void responseModel(String model) {
    this.responseModel = model;
  }

  /** The model the request asked for, or else the one the response reports. */
  public String model() {
    if (requestModel != null) {
      return requestModel;
    }
    return responseModel;
  }

  public String serverAddress() {
    return serverAddress;
  }

  public int serverPort() {
    return serverPort;
  }

  public void server(String address, int port) {
    this.serverAddress = address;
    this.serverPort = port;
  }

  public long inputTokens() {
    return inputTokens;
  }

  public long outputTokens() {
    return outputTokens;
  }

  public void tokens(long input, long output) {
    this.inputTokens = input;
    this.outputTokens = output;
  }

  /**
   * Parts of the token counts above, for their own series: input tokens served from the
   * provider's cache, output tokens spent on reasoning. Never added to the totals again.
   */
  public void tokenDetails(long cachedInput, long reasoning) {
    this.cachedInputTokens = cachedInput;
    this.reasoningTokens = reasoning;
  }

  public long cachedInputTokens() {
    return cachedInputTokens;
  }

  public long reasoningTokens() {
    return reasoningTokens;
  }

  /** One per generated choice: {@code stop}, {@code length}, {@code content_filter}... */
  public void addFinishReason(String reason) {
    if (reason == null) {
      return;
    }
    if (finishReasonCount == finishReasons.length) {
      finishReasons = java.util.Arrays.copyOf(finishReasons, Math.max(2, finishReasonCount * 2));
    }
    finishReasons[finishReasonCount++] = reason;
  }

  public int finishReasonCount() {
    return finishReasonCount;
  }

  public String finishReason(int index) {
    return finishReasons[index];
  }

  /**
   * A streamed chunk arrived at {@code nanoTime}; {@code content} when it carries generated
   * content (text, a tool call, a refusal), which is what time to first token measures.
   */
  public void chunkArrived(long nanoTime, boolean content) {
    if (firstChunkNanos == 0) {
      firstChunkNanos = nanoTime;
    }
    if (content && firstContentNanos == 0) {
      firstContentNanos = nanoTime;
    }
  }

  /** The response arrives as a stream of chunks. */
  public void markStreaming() {
    streaming = true;
  }

  public boolean streaming() {
    return streaming;
  }

  /** {@code System.nanoTime()} of the first chunk, or 0 when none arrived (or not streaming). */
  public long firstChunkNanos() {
    return firstChunkNanos;
  }

  /** {@code System.nanoTime()} of the first content chunk, or 0. */
  public long firstContentNanos() {
    return firstContentNanos;
  }

  /** {@code null} while the call has not failed. */
  public ErrorType errorType() {
    return errorType;
  }

  public void errorType(ErrorType type) {
    this.errorType = type;
  }

  private String inputMessages;
  private String outputMessages;

  /** With {@code llmlens.capture.content=true}: the request's messages, GenAI-conventions JSON. */
  public void inputMessages(String json) {
    this.inputMessages = json;
  }

  public String inputMessages() {
    return inputMessages;
  }

  /** With {@code llmlens.capture.content=true}: the response's messages, GenAI-conventions JSON. */
  public void outputMessages(String json) {
    this.outputMessages = json;
  }

  public String outputMessages() {
    return outputMessages;
  }
}
