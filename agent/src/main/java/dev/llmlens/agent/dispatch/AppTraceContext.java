package dev.llmlens.agent.dispatch;

import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import java.lang.reflect.Method;

/**
 * The span the application has current in its own OpenTelemetry API (whatever its version, and
 * whether its spans come from its own SDK or from the OpenTelemetry Java agent), so that llmlens'
 * spans join the application's trace: an incoming request's {@code traceparent} that the
 * application propagated, or a span it started itself. Read reflectively through the LLM
 * client's class loader, like {@link AppBaggage}; the agent's own OpenTelemetry is shaded and
 * never sees the application's context.
 */
final class AppTraceContext {

  /** Built from parts so that shading leaves the name alone: it is the application's class. */
  private static final String SPAN_CLASS = String.join(".", "io", "opentelemetry", "api", "trace", "Span");

  private final ClassValue<Access> byClientClass =
      new ClassValue<Access>() {
        @Override
        protected Access computeValue(Class<?> clientClass) {
          return Access.in(clientClass.getClassLoader());
        }
      };

  /** The application's current span as a parent for llmlens' spans, or {@code null}. */
  SpanContext current(Object client) {
    if (client == null) {
      return null;
    }
    Access access = byClientClass.get(client.getClass());
    return access == null ? null : access.current();
  }

  /** {@code Span.current().getSpanContext()} and the parts of a span context. */
  private static final class Access {
    private final Method currentSpan;
    private final Method spanContext;
    private final Method isValid;
    private final Method traceId;
    private final Method spanId;
    private final Method isSampled;

    private Access(Method currentSpan, Method spanContext, Method isValid, Method traceId, Method spanId, Method isSampled) {
      this.currentSpan = currentSpan;
      this.spanContext = spanContext;
      this.isValid = isValid;
      this.traceId = traceId;
      this.spanId = spanId;
      this.isSampled = isSampled;
    }

    static Access in(ClassLoader loader) {
      try {
        Class<?> span = Class.forName(SPAN_CLASS, false, loader);
        Method getSpanContext = span.getMethod("getSpanContext");
        Class<?> context = getSpanContext.getReturnType();
        return new Access(
            span.getMethod("current"),
            getSpanContext,
            context.getMethod("isValid"),
            context.getMethod("getTraceId"),
            context.getMethod("getSpanId"),
            context.getMethod("isSampled"));
      } catch (Exception | LinkageError noOpenTelemetryApi) {
        return null;
      }
    }

    SpanContext current() {
      try {
        Object context = spanContext.invoke(currentSpan.invoke(null));
        if (!Boolean.TRUE.equals(isValid.invoke(context))) {
          return null;
        }
        boolean sampled = Boolean.TRUE.equals(isSampled.invoke(context));
        // In the same process, not remote: the application's span is a local parent.
        return SpanContext.create(
            (String) traceId.invoke(context),
            (String) spanId.invoke(context),
            sampled ? TraceFlags.getSampled() : TraceFlags.getDefault(),
            TraceState.getDefault());
      } catch (Exception unreadable) {
        return null;
      }
    }
  }
}
