package dev.llmlens.agent.dispatch;

import java.lang.reflect.Method;
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
 */
final class AppLogContext {

  static final String TRACE_ID = "trace_id";
  static final String SPAN_ID = "span_id";
  static final String TRACE_FLAGS = "trace_flags";
  private static final String[] KEYS = {TRACE_ID, SPAN_ID, TRACE_FLAGS};

  /** Built from parts so that shading leaves the names alone: they are the application's. */
  private static final String MDC_CLASS = String.join(".", "org", "slf4j", "MDC");
  private static final String THREAD_CONTEXT_CLASS = String.join(".", "org", "apache", "logging", "log4j", "ThreadContext");

  private final ClassValue<Store[]> byClientClass =
      new ClassValue<Store[]>() {
        @Override
        protected Store[] computeValue(Class<?> clientClass) {
          List<Store> stores = new ArrayList<Store>(2);
          Store mdc = Store.in(MDC_CLASS, clientClass.getClassLoader());
          if (mdc != null) {
            stores.add(mdc);
          }
          Store threadContext = Store.in(THREAD_CONTEXT_CLASS, clientClass.getClassLoader());
          if (threadContext != null) {
            stores.add(threadContext);
          }
          return stores.toArray(new Store[0]);
        }
      };

  /**
   * Sets the ids for the current thread; returns what to pass to {@link #exit}, or {@code null}
   * when the application has no logging context the agent knows.
   */
  Object enter(Object client, String traceId, String spanId, boolean sampled) {
    if (client == null || traceId == null) {
      return null;
    }
    Store[] stores = byClientClass.get(client.getClass());
    if (stores.length == 0) {
      return null;
    }
    String[] values = {traceId, spanId, sampled ? "01" : "00"};
    String[][] previous = new String[stores.length][];
    for (int i = 0; i < stores.length; i++) {
      previous[i] = stores[i].replace(values);
    }
    return new Saved(stores, previous);
  }

  void exit(Object saved) {
    if (saved instanceof Saved) {
      Saved restore = (Saved) saved;
      for (int i = restore.stores.length - 1; i >= 0; i--) {
        restore.stores[i].restore(restore.previous[i]);
      }
    }
  }

  private static final class Saved {
    final Store[] stores;
    final String[][] previous;

    Saved(Store[] stores, String[][] previous) {
      this.stores = stores;
      this.previous = previous;
    }
  }

  /** A logging library's static {@code get}, {@code put} and {@code remove} by key. */
  private static final class Store {
    private final Method get;
    private final Method put;
    private final Method remove;

    private Store(Method get, Method put, Method remove) {
      this.get = get;
      this.put = put;
      this.remove = remove;
    }

    static Store in(String className, ClassLoader loader) {
      try {
        Class<?> type = Class.forName(className, false, loader);
        return new Store(
            type.getMethod("get", String.class),
            type.getMethod("put", String.class, String.class),
            type.getMethod("remove", String.class));
      } catch (Exception | LinkageError absent) {
        return null;
      }
    }

    /** Puts {@code values} under {@link #KEYS}; returns the values they replace (null: none). */
    String[] replace(String[] values) {
      String[] previous = new String[KEYS.length];
      try {
        for (int i = 0; i < KEYS.length; i++) {
          Object old = get.invoke(null, KEYS[i]);
          previous[i] = old instanceof String ? (String) old : null;
          put.invoke(null, KEYS[i], values[i]);
        }
      } catch (Exception | LinkageError unusable) {
        // A logging context that refuses (no binding, a NOP MDC) simply stays as it was.
      }
      return previous;
    }

    void restore(String[] previous) {
      try {
        for (int i = 0; i < KEYS.length; i++) {
          if (previous[i] == null) {
            remove.invoke(null, KEYS[i]);
          } else {
            put.invoke(null, KEYS[i], previous[i]);
          }
        }
      } catch (Exception | LinkageError unusable) {
        // as above
      }
    }
  }
}
