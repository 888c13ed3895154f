package dev.llmlens.instrumentation.openai;

import dev.llmlens.instrumentation.api.ErrorType;
import dev.llmlens.instrumentation.api.ObjectAccessor;

/**
 * Maps openai-java's exceptions to the error taxonomy: by exception class (one lookup per
 * class), refined by what the instance carries (the API's error {@code code} for a 400, the
 * HTTP status for an unexpected one, the I/O cause for {@code OpenAIIoException}).
 */
final class OpenAiErrorClassifier {

  private static final String ERRORS = "com.openai.errors.";
  private static final ObjectAccessor CODE = ObjectAccessor.method("code");
  private static final ObjectAccessor STATUS = ObjectAccessor.method("statusCode");

  /** What the exception's class alone says; {@code null} for "ask the instance". */
  private final ClassValue<ErrorType> byClass =
      new ClassValue<ErrorType>() {
        @Override
        protected ErrorType computeValue(Class<?> type) {
          for (Class<?> current = type; current != null; current = current.getSuperclass()) {
            String name = current.getName();
            if (name.startsWith(ERRORS)) {
              ErrorType known = forSdkClass(name.substring(ERRORS.length()));
              if (known != ErrorType.OTHER) {
                return known;
              }
            }
          }
          return ErrorType.OTHER;
        }
      };

  ErrorType classify(Throwable error) {
    ErrorType type = byClass.get(error.getClass());
    switch (type) {
      case BAD_REQUEST:
        return fromApiCode(error);
      case SERVER_ERROR:
        return error.getClass().getName().equals(ERRORS + "InternalServerException")
            ? ErrorType.SERVER_ERROR
            : fromStatus(error);
      case CONNECTION:
        ErrorType transport = ErrorType.fromTransportFailure(error.getCause());
        return transport == null ? ErrorType.CONNECTION : transport;
      case OTHER:
        ErrorType other = ErrorType.fromTransportFailure(error);
        return other == null ? ErrorType.OTHER : other;
      default:
        return type;
    }
  }

  private static ErrorType forSdkClass(String simpleName) {
    switch (simpleName) {
      case "RateLimitException":
        return ErrorType.RATE_LIMIT;
      case "UnauthorizedException":
        return ErrorType.AUTHENTICATION;
      case "PermissionDeniedException":
        return ErrorType.PERMISSION_DENIED;
      case "NotFoundException":
        return ErrorType.NOT_FOUND;
      case "BadRequestException":
      case "UnprocessableEntityException":
        return ErrorType.BAD_REQUEST;
      case "InternalServerException":
      case "UnexpectedStatusCodeException":
      case "OpenAIServiceException":
        // Resolved per instance from the status code, except InternalServerException.
        return ErrorType.SERVER_ERROR;
      case "OpenAIIoException":
        return ErrorType.CONNECTION;
      default:
        return ErrorType.OTHER;
    }
  }

  /** A 400 whose API error code says more than "bad request". */
  private static ErrorType fromApiCode(Throwable error) {
    Object code = CODE.readOptional(error);
    if ("context_length_exceeded".equals(code)) {
      return ErrorType.CONTEXT_LENGTH_EXCEEDED;
    }
    if ("content_filter".equals(code) || "content_policy_violation".equals(code)) {
      return ErrorType.CONTENT_FILTER;
    }
    return ErrorType.BAD_REQUEST;
  }

  private static ErrorType fromStatus(Throwable error) {
    Object status = STATUS.read(error);
    return status instanceof Integer
        ? ErrorType.fromHttpStatus((Integer) status)
        : ErrorType.SERVER_ERROR;
  }
}
