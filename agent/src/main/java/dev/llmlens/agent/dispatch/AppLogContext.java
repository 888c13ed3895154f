package dev.llmlens.agent.dispatch;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.ArrayList;
import java.util.List;

/**
 * Puts the trace id and span id of an LLM call (or agent, tool, retrieval) into the
 * application's logging context while the instrumented method runs on the application's thread:
 * SLF4J's {@code MDC} (Logback, and Log4j 2 through its SLF4J binding) and Log4j 2's {@code
 * ThreadContext}, under the keys OpenTelemetry's own log instrumentation uses ({@code trace_id},
 * {@code span_id}, {@code trace_flags}). So a log line written during the call, by the
 * application's tool or the library, carries the trace of the exported span, with no code
 * change. The previous values are put back when the method returns, so nested calls and the
 * application's own MDC entries are left as they were.
 *
 * <p>A logging API without an implementation is left alone. openai-java brings {@code slf4j-api}
 * to every application that uses it; SLF4J and Log4j's API print an error on first use when no
 * implementation is there ("No SLF4J providers were found", "Log4j API could not find a logging
 * provider") and their context then holds nothing. The agent must not be the one that makes them
 * print it.
 */
final class AppLogContext {

  static final String TRACE_ID = "trace_id";
  static final String SPAN_ID = "span_id";
  static final String TRACE_FLAGS = "trace_flags";
  private static final String[] KEYS = {TRACE_ID, SPAN_ID, TRACE_FLAGS};

  /**
   * SLF4J's {@code MDC} and Log4j's {@code ThreadContext}, each with where its implementation is
   * found: looked up as resources so that the API is not initialised (SLF4J 2's service file and
   * SLF4J 1's binder; Log4j's service file and its older {@code log4j-provider.properties}), or
   * named by a system property. The names are built from parts so that shading leaves them alone:
   * they are the application's.
   */
  private static final LoggingApi[] APIS = {
    new LoggingApi(
        String.join(".", "org", "slf4j", "MDC"),
        "slf4j.provider",
        "META-INF/services/" + String.join(".", "org", "slf4j", "spi", "SLF4JServiceProvider"),
        String.join("/", "org", "slf4j", "impl", "StaticLoggerBinder.class")),
    new LoggingApi(
        String.join(".", "org", "apache", "logging", "log4j", "ThreadContext"),
        "log4j.provider",
        "META-INF/services/" + String.join(".", "org", "apache", "logging", "log4j", "spi", "Provider"),
        "META-INF/log4j-provider.properties"),
  };

  private final ClassValue<Store[]> byClientClass =
      new ClassValue<Store[]>() {
        @Override
        protected Store[] computeValue(Class<?> clientClass) {
          ClassLoader loader = clientClass.getClassLoader();
          List<Store> stores = new ArrayList<Store>(APIS.length);
          for (LoggingApi api : APIS) {
            Store store = api.storeIn(loader);
            if (store != null) {
              stores.add(store);
            }
          }
          return stores.toArray(new Store[0]);
        }
      };

  /**
   * Sets the ids for the current thread; returns what to pass to {@link #exit}, or {@code null}
   * when the application has no logging context the agent knows. That is one array: the stores
   * first, then what each held before, {@link #KEYS} values per store (one object per call
   * rather than a holder and an array).
   */
  Object enter(Object client, String traceId, String spanId, boolean sampled) {
    if (client == null || traceId == null) {
      return null;
    }
    Store[] stores = byClientClass.get(client.getClass());
    if (stores.length == 0) {
      return null;
    }
    String flags = sampled ? "01" : "00";
    Object[] saved = new Object[1 + stores.length * KEYS.length];
    saved[0] = stores;
    for (int i = 0; i < stores.length; i++) {
      stores[i].replace(traceId, spanId, flags, saved, 1 + i * KEYS.length);
    }
    return saved;
  }

  void exit(Object saved) {
    if (saved instanceof Object[]) {
      Object[] restore = (Object[]) saved;
      Store[] stores = (Store[]) restore[0];
      for (int i = stores.length - 1; i >= 0; i--) {
        stores[i].restore(restore, 1 + i * KEYS.length);
      }
    }
  }

  /** A logging API's context class, and how to tell from outside that it has an implementation. */
  private static final class LoggingApi {
    private final String contextClass;
    private final String property;
    private final String[] resources;

    LoggingApi(String contextClass, String property, String... resources) {
      this.contextClass = contextClass;
      this.property = property;
      this.resources = resources;
    }

    /** The context in {@code loader}, or null when the API or its implementation is not there. */
    Store storeIn(ClassLoader loader) {
      return hasImplementationIn(loader) ? Store.in(contextClass, loader) : null;
    }

    private boolean hasImplementationIn(ClassLoader loader) {
      try {
        if (System.getProperty(property) != null) {
          return true;
        }
        for (String resource : resources) {
          if ((loader == null ? ClassLoader.getSystemResource(resource) : loader.getResource(resource)) != null) {
            return true;
          }
        }
      } catch (RuntimeException unreadable) {
        // A class loader that cannot say: leave its logging alone.
      }
      return false;
    }
  }

  /**
   * A logging library's static {@code get}, {@code put} and {@code remove} by key, called through
   * method handles: {@code Method.invoke} boxed its arguments into a new array on every call, nine
   * arrays per LLM call on the application's thread.
   */
  private static final class Store {
    private static final MethodType GET = MethodType.methodType(Object.class, String.class);
    private static final MethodType PUT = MethodType.methodType(void.class, String.class, String.class);
    private static final MethodType REMOVE = MethodType.methodType(void.class, String.class);

    private final MethodHandle get;
    private final MethodHandle put;
    private final MethodHandle remove;

    private Store(MethodHandle get, MethodHandle put, MethodHandle remove) {
      this.get = get;
      this.put = put;
      this.remove = remove;
    }

    static Store in(String className, ClassLoader loader) {
      try {
        Class<?> type = Class.forName(className, false, loader);
        MethodHandles.Lookup lookup = MethodHandles.publicLookup();
        return new Store(
            lookup.unreflect(type.getMethod("get", String.class)).asType(GET),
            lookup.unreflect(type.getMethod("put", String.class, String.class)).asType(PUT),
            lookup.unreflect(type.getMethod("remove", String.class)).asType(REMOVE));
      } catch (Exception | LinkageError absent) {
        return null;
      }
    }

    /**
     * Puts the ids under {@link #KEYS}; the values they replace (null: none) go into {@code
     * previous} from {@code offset}.
     */
    void replace(String traceId, String spanId, String flags, Object[] previous, int offset) {
      try {
        for (int i = 0; i < KEYS.length; i++) {
          Object old = (Object) get.invokeExact(KEYS[i]);
          previous[offset + i] = old instanceof String ? (String) old : null;
          // A local of its own: invokeExact takes the static type, and a conditional would be Object.
          String value = i == 0 ? traceId : i == 1 ? spanId : flags;
          put.invokeExact(KEYS[i], value);
        }
      } catch (Throwable unusable) {
        // A logging context that refuses (no binding, a NOP MDC) simply stays as it was.
        AppContext.rethrowIfFatal(unusable);
      }
    }

    void restore(Object[] previous, int offset) {
      try {
        for (int i = 0; i < KEYS.length; i++) {
          if (previous[offset + i] == null) {
            remove.invokeExact(KEYS[i]);
          } else {
            put.invokeExact(KEYS[i], (String) previous[offset + i]);
          }
        }
      } catch (Throwable unusable) {
        // as above
        AppContext.rethrowIfFatal(unusable);
      }
    }
  }
}
