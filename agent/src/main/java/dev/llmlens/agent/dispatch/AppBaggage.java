package dev.llmlens.agent.dispatch;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

/**
 * Reads OpenTelemetry Baggage from the application's own OpenTelemetry API (whatever its
 * version), not the agent's shaded copy: the application puts {@code feature=checkout} in
 * Baggage on its request, and its LLM calls carry it. The API class is looked up in the class
 * loader of the LLM client, once per client class.
 */
final class AppBaggage {

  /**
   * Built from parts so that shading, which relocates the agent's own OpenTelemetry, leaves this
   * name alone: it must be the application's class.
   */
  private static final String BAGGAGE_CLASS = String.join(".", "io", "opentelemetry", "api", "baggage", "Baggage");

  private final ClassValue<Access> byClientClass =
      new ClassValue<Access>() {
        @Override
        protected Access computeValue(Class<?> clientClass) {
          return Access.in(clientClass.getClassLoader());
        }
      };

  /** The values of {@code keys} in the current Baggage (aligned), or {@code null} if none can be read. */
  String[] read(Object client, String[] keys) {
    if (client == null || keys.length == 0) {
      return null;
    }
    Access access = byClientClass.get(client.getClass());
    return access == null ? null : access.values(keys);
  }

  /**
   * The application's {@code Baggage.current()} and {@code getEntryValue(String)}, as method
   * handles: {@code Method.invoke} allocated an argument array per key and call.
   */
  private static final class Access {
    private final MethodHandle current;
    private final MethodHandle entryValue;

    private Access(MethodHandle current, MethodHandle entryValue) {
      this.current = current;
      this.entryValue = entryValue;
    }

    static Access in(ClassLoader loader) {
      try {
        Class<?> baggage = Class.forName(BAGGAGE_CLASS, false, loader);
        MethodHandles.Lookup lookup = MethodHandles.publicLookup();
        return new Access(
            lookup.unreflect(baggage.getMethod("current")).asType(MethodType.methodType(Object.class)),
            lookup.unreflect(baggage.getMethod("getEntryValue", String.class))
                .asType(MethodType.methodType(Object.class, Object.class, String.class)));
      } catch (Exception | LinkageError noOpenTelemetryApi) {
        return null;
      }
    }

    String[] values(String[] keys) {
      try {
        Object baggage = (Object) current.invokeExact();
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
        if (unreadable instanceof VirtualMachineError) {
          throw (VirtualMachineError) unreadable;
        }
        return null;
      }
    }
  }
}
