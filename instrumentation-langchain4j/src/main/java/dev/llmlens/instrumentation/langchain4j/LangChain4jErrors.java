package dev.llmlens.instrumentation.langchain4j;

import dev.llmlens.instrumentation.api.ErrorType;
import dev.llmlens.instrumentation.api.ObjectAccessor;
import java.util.HashMap;
import java.util.Map;

/**
 * Maps what a LangChain4j model throws to the error taxonomy. LangChain4j wraps the provider's
 * failure: {@code RateLimitException} around an {@code HttpException(429)}, or around the
 * provider SDK's own exception (openai-java's {@code RateLimitException} under {@code
 * langchain4j-open-ai-official}). The HTTP status, wherever it is in the chain, is the most
 * precise; then the exception types; then the transport failure below them.
 */
final class LangChain4jErrors {

  private static final ObjectAccessor STATUS_CODE = ObjectAccessor.method("statusCode");
  private static final Map<String, ErrorType> BY_SIMPLE_NAME = new HashMap<String, ErrorType>();

  static {
    // LangChain4j's (dev.langchain4j.exception) and provider SDKs' names alike.
    BY_SIMPLE_NAME.put("RateLimitException", ErrorType.RATE_LIMIT);
    BY_SIMPLE_NAME.put("TimeoutException", ErrorType.TIMEOUT);
    BY_SIMPLE_NAME.put("AuthenticationException", ErrorType.AUTHENTICATION);
    BY_SIMPLE_NAME.put("UnauthorizedException", ErrorType.AUTHENTICATION);
    BY_SIMPLE_NAME.put("PermissionDeniedException", ErrorType.PERMISSION_DENIED);
    BY_SIMPLE_NAME.put("ModelNotFoundException", ErrorType.NOT_FOUND);
    BY_SIMPLE_NAME.put("NotFoundException", ErrorType.NOT_FOUND);
    BY_SIMPLE_NAME.put("ContentFilteredException", ErrorType.CONTENT_FILTER);
    BY_SIMPLE_NAME.put("InvalidRequestException", ErrorType.BAD_REQUEST);
    BY_SIMPLE_NAME.put("BadRequestException", ErrorType.BAD_REQUEST);
    BY_SIMPLE_NAME.put("UnprocessableEntityException", ErrorType.BAD_REQUEST);
    BY_SIMPLE_NAME.put("InternalServerException", ErrorType.SERVER_ERROR);
    BY_SIMPLE_NAME.put("UnresolvedModelServerException", ErrorType.CONNECTION);
  }

  private LangChain4jErrors() {}

  static ErrorType classify(Throwable error) {
    ErrorType byName = null;
    int depth = 0;
    for (Throwable cause = error; cause != null && depth < 16; cause = cause.getCause(), depth++) {
      Object status = STATUS_CODE.read(cause);
      if (status instanceof Integer && (Integer) status >= 400) {
        return refine(ErrorType.fromHttpStatus((Integer) status), error);
      }
      if (byName == null) {
        byName = BY_SIMPLE_NAME.get(cause.getClass().getSimpleName());
      }
    }
    if (byName != null) {
      return refine(byName, error);
    }
    ErrorType transport = ErrorType.fromTransportFailure(error);
    if (transport != null) {
      return transport;
    }
    return hasInterrupt(error) ? ErrorType.CANCELLED : ErrorType.OTHER;
  }

  /** A bad request may say more in the provider's error body: context length, content filter. */
  private static ErrorType refine(ErrorType type, Throwable error) {
    if (type != ErrorType.BAD_REQUEST) {
      return type;
    }
    int depth = 0;
    for (Throwable cause = error; cause != null && depth < 16; cause = cause.getCause(), depth++) {
      String message = cause.getMessage();
      if (message != null) {
        if (message.contains("context_length_exceeded") || message.contains("maximum context length")) {
          return ErrorType.CONTEXT_LENGTH_EXCEEDED;
        }
        if (message.contains("content_filter") || message.contains("content_policy_violation")) {
          return ErrorType.CONTENT_FILTER;
        }
      }
    }
    return type;
  }

  private static boolean hasInterrupt(Throwable error) {
    int depth = 0;
    for (Throwable cause = error; cause != null && depth < 16; cause = cause.getCause(), depth++) {
      if (cause instanceof InterruptedException) {
        return true;
      }
    }
    return false;
  }
}
