package dev.llmlens.instrumentation.openai;

import dev.llmlens.instrumentation.api.LlmCall;
import dev.llmlens.instrumentation.api.ObjectAccessor;
import dev.llmlens.instrumentation.api.RateLimits;

/** The {@code x-ratelimit-*} headers of a raw openai-java response ({@code HttpResponseFor}). */
final class OpenAiRateLimits {

  private static final ObjectAccessor HEADERS = ObjectAccessor.method("headers");
  private static final ClassValue<java.lang.reflect.Method> VALUES =
      new ClassValue<java.lang.reflect.Method>() {
        @Override
        protected java.lang.reflect.Method computeValue(Class<?> type) {
          try {
            return type.getMethod("values", String.class);
          } catch (NoSuchMethodException | SecurityException absent) {
            return null;
          }
        }
      };

  private OpenAiRateLimits() {}

  static RateLimits read(Object response) {
    Object headers = HEADERS.read(response);
    if (headers == null) {
      return null;
    }
    return new RateLimits(
        value(headers, "x-ratelimit-remaining-requests"),
        value(headers, "x-ratelimit-limit-requests"),
        value(headers, "x-ratelimit-remaining-tokens"),
        value(headers, "x-ratelimit-limit-tokens"));
  }

  /** {@code Headers.values(name)}: a list, case-insensitive names. */
  private static long value(Object headers, String name) {
    try {
      java.lang.reflect.Method method = VALUES.get(headers.getClass());
      Object values = method == null ? null : method.invoke(headers, name);
      if (values instanceof java.util.List && !((java.util.List<?>) values).isEmpty()) {
        return Long.parseLong(String.valueOf(((java.util.List<?>) values).get(0)).trim());
      }
    } catch (Exception unreadable) {
      // absent or not a number: unknown
    }
    return LlmCall.UNKNOWN;
  }
}
