package dev.llmlens.instrumentation.api;

/**
 * The fixed, small set of {@code error_type} values (DESIGN.md, metrics contract). Every
 * library's failures map onto these, so dashboards and alerts work across providers.
 */
public enum ErrorType {
  RATE_LIMIT("rate_limit"),
  TIMEOUT("timeout"),
  AUTHENTICATION("authentication"),
  PERMISSION_DENIED("permission_denied"),
  BAD_REQUEST("bad_request"),
  NOT_FOUND("not_found"),
  CONTEXT_LENGTH_EXCEEDED("context_length_exceeded"),
  CONTENT_FILTER("content_filter"),
  SERVER_ERROR("server_error"),
  CONNECTION("connection"),
  CANCELLED("cancelled"),
  OTHER("other");

  private final String label;

  ErrorType(String label) {
    this.label = label;
  }

  /** The value exported in the {@code error_type} label. */
  public String label() {
    return label;
  }

  /**
   * Classifies failures below the provider's API: timeouts and connection problems, found
   * anywhere in the cause chain. Returns {@code null} when the chain shows neither.
   */
  public static ErrorType fromTransportFailure(Throwable error) {
    boolean io = false;
    int depth = 0;
    for (Throwable cause = error; cause != null && depth < 16; cause = cause.getCause(), depth++) {
      String name = cause.getClass().getName();
      if (cause instanceof java.util.concurrent.CancellationException || cause instanceof InterruptedException) {
        return CANCELLED;
      }
      if (cause instanceof java.net.SocketTimeoutException
          || cause instanceof java.util.concurrent.TimeoutException
          || name.equals("java.net.http.HttpTimeoutException")
          || name.equals("java.net.http.HttpConnectTimeoutException")) {
        return TIMEOUT;
      }
      if (cause instanceof java.io.InterruptedIOException) {
        // OkHttp reports its call timeout as InterruptedIOException("timeout"); anything else
        // is a thread interrupt, which the application asked for.
        return "timeout".equals(cause.getMessage()) ? TIMEOUT : CANCELLED;
      }
      // Jackson's parse errors are IOExceptions too, but a body that is not JSON is no
      // connection problem.
      io |= cause instanceof java.io.IOException && !name.startsWith("com.fasterxml.jackson.");
    }
    return io ? CONNECTION : null;
  }

  /** The usual meaning of an HTTP status answered by a provider. */
  public static ErrorType fromHttpStatus(int status) {
    switch (status) {
      case 400:
      case 422:
        return BAD_REQUEST;
      case 401:
        return AUTHENTICATION;
      case 403:
        return PERMISSION_DENIED;
      case 404:
        return NOT_FOUND;
      case 408:
        return TIMEOUT;
      case 413:
        return CONTEXT_LENGTH_EXCEEDED;
      case 429:
        return RATE_LIMIT;
      default:
        return status >= 500 ? SERVER_ERROR : OTHER;
    }
  }
}
