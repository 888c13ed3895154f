package dev.llmlens.instrumentation.openai;

import dev.llmlens.instrumentation.api.LlmCall;
import dev.llmlens.instrumentation.api.ObjectAccessor;
import dev.llmlens.instrumentation.api.RateLimits;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

/** The {@code x-ratelimit-*} headers of a raw openai-java response ({@code HttpResponseFor}). */
final class OpenAiRateLimits {

  private static final ObjectAccessor HEADERS = ObjectAccessor.method("headers");
  private static final MethodType VALUES_TYPE = MethodType.methodType(Object.class, Object.class, String.class);
  /** {@code values(String)} of a headers class, as a handle: no argument array per header read. */
  private static final ClassValue<MethodHandle> VALUES =
      new ClassValue<MethodHandle>() {
        @Override
        protected MethodHandle computeValue(Class<?> type) {
          try {
            return MethodHandles.publicLookup().unreflect(type.getMethod("values", String.class)).asType(VALUES_TYPE);
          } catch (NoSuchMethodException | IllegalAccessException | RuntimeException absent) {
            return null;
          }
        }
      };

  private OpenAiRateLimits() {}

  /** Null when the response states none of them (a proxy, another provider): nothing to record, and nothing allocated. */
  static RateLimits read(Object response) {
    Object headers = HEADERS.read(response);
    if (headers == null) {
      return null;
    }
    return RateLimits.ofKnown(
        value(headers, "x-ratelimit-remaining-requests"),
        value(headers, "x-ratelimit-limit-requests"),
        value(headers, "x-ratelimit-remaining-tokens"),
        value(headers, "x-ratelimit-limit-tokens"));
  }

  /** {@code Headers.values(name)}: a list, case-insensitive names. */
  private static long value(Object headers, String name) {
    try {
      MethodHandle method = VALUES.get(headers.getClass());
      Object values = method == null ? null : (Object) method.invokeExact(headers, name);
      if (values instanceof java.util.List && !((java.util.List<?>) values).isEmpty()) {
        return Long.parseLong(String.valueOf(((java.util.List<?>) values).get(0)).trim());
      }
    } catch (Throwable unreadable) {
      // absent or not a number: unknown
    }
    return LlmCall.UNKNOWN;
  }
}
