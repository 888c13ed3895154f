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

  /** {@code null} while the call has not failed. */
  public ErrorType errorType() {
    return errorType;
  }

  public void errorType(ErrorType type) {
    this.errorType = type;
  }
}
