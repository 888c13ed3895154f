package dev.llmlens.agent.dispatch;

import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
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

  /**
   * {@code Span.current().getSpanContext()} and the parts of a span context, as method handles:
   * {@code Method.invoke} allocated an argument array per call, five per LLM call.
   */
  private static final class Access {
    private final MethodHandle currentSpan;
    private final MethodHandle spanContext;
    private final MethodHandle isValid;
    private final MethodHandle traceId;
    private final MethodHandle spanId;
    private final MethodHandle isSampled;

    private Access(
        MethodHandle currentSpan,
        MethodHandle spanContext,
        MethodHandle isValid,
        MethodHandle traceId,
        MethodHandle spanId,
        MethodHandle isSampled) {
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
        MethodHandles.Lookup lookup = MethodHandles.publicLookup();
        return new Access(
            lookup.unreflect(span.getMethod("current")).asType(MethodType.methodType(Object.class)),
            lookup.unreflect(getSpanContext).asType(MethodType.methodType(Object.class, Object.class)),
            lookup.unreflect(context.getMethod("isValid")).asType(MethodType.methodType(boolean.class, Object.class)),
            lookup.unreflect(context.getMethod("getTraceId")).asType(MethodType.methodType(String.class, Object.class)),
            lookup.unreflect(context.getMethod("getSpanId")).asType(MethodType.methodType(String.class, Object.class)),
            lookup.unreflect(context.getMethod("isSampled")).asType(MethodType.methodType(boolean.class, Object.class)));
      } catch (Exception | LinkageError noOpenTelemetryApi) {
        return null;
      }
    }

    SpanContext current() {
      try {
        Object context = (Object) spanContext.invokeExact((Object) currentSpan.invokeExact());
        if (!(boolean) isValid.invokeExact(context)) {
          return null;
        }
        boolean sampled = (boolean) isSampled.invokeExact(context);
        // In the same process, not remote: the application's span is a local parent.
        return SpanContext.create(
            (String) traceId.invokeExact(context),
            (String) spanId.invokeExact(context),
            sampled ? TraceFlags.getSampled() : TraceFlags.getDefault(),
            TraceState.getDefault());
      } catch (Throwable unreadable) {
        if (unreadable instanceof VirtualMachineError) {
          throw (VirtualMachineError) unreadable;
        }
        return null;
      }
    }
  }
}
