package dev.llmlens.agent.install;

import java.lang.instrument.Instrumentation;
import java.lang.reflect.Method;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Widens the module {@code java.base} through {@code Instrumentation.redefineModule}, by
 * reflection: the agent is built for Java 8, which has neither. On Java 8 there is nothing to
 * widen, and every method does nothing.
 */
final class JavaBaseModule {

  private JavaBaseModule() {}

  /** Java 9 or later. */
  static boolean exists() {
    try {
      Class.forName("java.lang.Module");
      return true;
    } catch (ClassNotFoundException java8) {
      return false;
    }
  }

  /** Opens {@code java.base}'s package {@code packageName} to the module of {@code to}. */
  static void openTo(Instrumentation instrumentation, String packageName, Class<?> to) throws Exception {
    if (exists()) {
      Map<String, Set<Object>> opens = Collections.singletonMap(packageName, Collections.singleton(moduleOf(to)));
      redefine(instrumentation, Collections.emptySet(), opens);
    }
  }

  /** Lets {@code java.base}'s code use the classes in the module of {@code read}. */
  static void addReads(Instrumentation instrumentation, Class<?> read) throws Exception {
    if (exists()) {
      redefine(instrumentation, Collections.singleton(moduleOf(read)), Collections.<String, Set<Object>>emptyMap());
    }
  }

  private static Object moduleOf(Class<?> type) throws Exception {
    return Class.class.getMethod("getModule").invoke(type);
  }

  private static void redefine(Instrumentation instrumentation, Set<Object> reads, Map<String, Set<Object>> opens)
      throws Exception {
    Class<?> moduleType = Class.forName("java.lang.Module");
    Method redefine =
        Instrumentation.class.getMethod(
            "redefineModule", moduleType, Set.class, Map.class, Map.class, Set.class, Map.class);
    redefine.invoke(
        instrumentation,
        moduleOf(Object.class),
        reads,
        opens,
        opens,
        Collections.emptySet(),
        Collections.<Class<?>, List<Class<?>>>emptyMap());
  }
}
