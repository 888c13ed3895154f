package dev.llmlens.agent.dispatch;

import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Method;

/**
 * The application's own OpenTelemetry context (whatever its API's version, and whether its spans
 * come from its own SDK or from the OpenTelemetry Java agent), as its LLM client's class loader
 * sees it: the current span, which llmlens' spans join as their parent (an incoming request's
 * {@code traceparent} the application propagated, or a span it started itself), and the current
 * Baggage, whose keys become labels ({@code feature=checkout}). The agent's own OpenTelemetry is
 * shaded and never sees the application's context, so it is read reflectively, once per call:
 * {@link #current()} reads the context, and the span and the Baggage are taken from it.
 *
 * <p>One instance per client class, through method handles: {@code Method.invoke} allocated an
 * argument array per read, and reading the span and the Baggage each through their own {@code
 * current()} looked the context up twice.
 */
final class AppContext {

  /** Built from parts so that shading leaves the names alone: they are the application's classes. */
  private static final String CONTEXT_CLASS = String.join(".", "io", "opentelemetry", "context", "Context");
  private static final String SPAN_CLASS = String.join(".", "io", "opentelemetry", "api", "trace", "Span");
  private static final String BAGGAGE_CLASS = String.join(".", "io", "opentelemetry", "api", "baggage", "Baggage");

  /** For a client whose class loader has no OpenTelemetry API: no context, no span, no Baggage. */
  static final AppContext NONE = new AppContext(null, null, null);

  private static final ClassValue<AppContext> BY_CLIENT_CLASS =
      new ClassValue<AppContext>() {
        @Override
        protected AppContext computeValue(Class<?> clientClass) {
          return in(clientClass.getClassLoader());
        }
      };

  private final MethodHandle currentContext;
  private final SpanAccess span;
  private final BaggageAccess baggage;

  private AppContext(MethodHandle currentContext, SpanAccess span, BaggageAccess baggage) {
    this.currentContext = currentContext;
    this.span = span;
    this.baggage = baggage;
  }

  /** {@code client} is the library object making the call: its class loader has the application's API. */
  static AppContext of(Object client) {
    return client == null ? NONE : BY_CLIENT_CLASS.get(client.getClass());
  }

  private static AppContext in(ClassLoader loader) {
    MethodHandle current;
    Class<?> context;
    try {
      context = Class.forName(CONTEXT_CLASS, false, loader);
      current = MethodHandles.publicLookup()
          .unreflect(context.getMethod("current"))
          .asType(MethodType.methodType(Object.class));
    } catch (Exception | LinkageError noOpenTelemetryApi) {
      return NONE;
    }
    SpanAccess span = SpanAccess.in(loader, context);
    BaggageAccess baggage = BaggageAccess.in(loader, context);
    return span == null && baggage == null ? NONE : new AppContext(current, span, baggage);
  }

  /** The application's current context on this thread, or {@code null}. */
  Object current() {
    if (currentContext == null) {
      return null;
    }
    try {
      return (Object) currentContext.invokeExact();
    } catch (Throwable unreadable) {
      rethrowIfFatal(unreadable);
      return null;
    }
  }

  /** The context's span as a parent for llmlens' spans, or {@code null}. */
  SpanContext parent(Object context) {
    return span == null || context == null ? null : span.parent(context);
  }

  /** The values of {@code keys} in the context's Baggage (aligned), or {@code null} if none has a value. */
  String[] baggageValues(Object context, String[] keys) {
    return baggage == null || context == null || keys.length == 0 ? null : baggage.values(context, keys);
  }

  /** Reads of the application's classes swallow their failures, but not the JVM's own. */
  static void rethrowIfFatal(Throwable failure) {
    if (failure instanceof VirtualMachineError) {
      throw (VirtualMachineError) failure;
    }
  }

  /** {@code Span.fromContext(context).getSpanContext()} and its parts. */
  private static final class SpanAccess {
    private final MethodHandle fromContext;
    private final MethodHandle spanContext;
    private final MethodHandle isValid;
    private final MethodHandle traceId;
    private final MethodHandle spanId;
    private final MethodHandle isSampled;

    private SpanAccess(
        MethodHandle fromContext,
        MethodHandle spanContext,
        MethodHandle isValid,
        MethodHandle traceId,
        MethodHandle spanId,
        MethodHandle isSampled) {
      this.fromContext = fromContext;
      this.spanContext = spanContext;
      this.isValid = isValid;
      this.traceId = traceId;
      this.spanId = spanId;
      this.isSampled = isSampled;
    }

    static SpanAccess in(ClassLoader loader, Class<?> context) {
      try {
        Class<?> span = Class.forName(SPAN_CLASS, false, loader);
        Method getSpanContext = span.getMethod("getSpanContext");
        Class<?> parts = getSpanContext.getReturnType();
        MethodHandles.Lookup lookup = MethodHandles.publicLookup();
        return new SpanAccess(
            lookup.unreflect(span.getMethod("fromContext", context)).asType(MethodType.methodType(Object.class, Object.class)),
            lookup.unreflect(getSpanContext).asType(MethodType.methodType(Object.class, Object.class)),
            lookup.unreflect(parts.getMethod("isValid")).asType(MethodType.methodType(boolean.class, Object.class)),
            lookup.unreflect(parts.getMethod("getTraceId")).asType(MethodType.methodType(String.class, Object.class)),
            lookup.unreflect(parts.getMethod("getSpanId")).asType(MethodType.methodType(String.class, Object.class)),
            lookup.unreflect(parts.getMethod("isSampled")).asType(MethodType.methodType(boolean.class, Object.class)));
      } catch (Exception | LinkageError noTraceApi) {
        return null;
      }
    }

    SpanContext parent(Object context) {
      try {
        Object parts = (Object) spanContext.invokeExact((Object) fromContext.invokeExact(context));
        if (!(boolean) isValid.invokeExact(parts)) {
          return null;
        }
        boolean sampled = (boolean) isSampled.invokeExact(parts);
        // In the same process, not remote: the application's span is a local parent.
        return SpanContext.create(
            (String) traceId.invokeExact(parts),
            (String) spanId.invokeExact(parts),
            sampled ? TraceFlags.getSampled() : TraceFlags.getDefault(),
            TraceState.getDefault());
      } catch (Throwable unreadable) {
        rethrowIfFatal(unreadable);
        return null;
      }
    }
  }

  /** {@code Baggage.fromContext(context)}, its size and {@code getEntryValue(String)}. */
  private static final class BaggageAccess {
    private final MethodHandle fromContext;
    private final MethodHandle size;
    private final MethodHandle entryValue;

    private BaggageAccess(MethodHandle fromContext, MethodHandle size, MethodHandle entryValue) {
      this.fromContext = fromContext;
      this.size = size;
      this.entryValue = entryValue;
    }

    static BaggageAccess in(ClassLoader loader, Class<?> context) {
      try {
        Class<?> baggage = Class.forName(BAGGAGE_CLASS, false, loader);
        MethodHandles.Lookup lookup = MethodHandles.publicLookup();
        return new BaggageAccess(
            lookup.unreflect(baggage.getMethod("fromContext", context)).asType(MethodType.methodType(Object.class, Object.class)),
            lookup.unreflect(baggage.getMethod("size")).asType(MethodType.methodType(int.class, Object.class)),
            lookup.unreflect(baggage.getMethod("getEntryValue", String.class))
                .asType(MethodType.methodType(Object.class, Object.class, String.class)));
      } catch (Exception | LinkageError noBaggageApi) {
        return null;
      }
    }

    String[] values(Object context, String[] keys) {
      try {
        Object baggage = (Object) fromContext.invokeExact(context);
        // Most calls carry no Baggage: one read instead of one per key.
        if ((int) size.invokeExact(baggage) == 0) {
          return null;
        }
        String[] values = null;
        for (int i = 0; i < keys.length; i++) {
          Object value = (Object) entryValue.invokeExact(baggage, keys[i]);
          if (value instanceof String) {
            if (values == null) {
              values = new String[keys.length];
            }
            values[i] = (String) value;
          }
        }
        return values;
      } catch (Throwable unreadable) {
        rethrowIfFatal(unreadable);
        return null;
      }
    }
  }
}
