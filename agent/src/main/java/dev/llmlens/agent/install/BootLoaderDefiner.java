package dev.llmlens.agent.install;

import java.lang.instrument.Instrumentation;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.security.ProtectionDomain;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Defines classes directly in the bootstrap class loader with the JDK's internal {@code
 * Unsafe.defineClass}, reached through the module system by the agent's own {@code
 * Instrumentation} (Java 9+: {@code jdk.internal.misc} opened to the agent) or {@code
 * sun.misc.Unsafe} (Java 8). A few reflective calls: ByteBuddy's general-purpose injector
 * generates code to do the same and costs most of a second at start-up.
 */
final class BootLoaderDefiner {

  private BootLoaderDefiner() {}

  /** Throws when the JVM offers no such way; the caller then falls back to a bootstrap jar. */
  static void define(Instrumentation instrumentation, Map<String, byte[]> classes) throws Exception {
    Object unsafe;
    Method defineClass;
    Class<?> internal = internalUnsafe();
    if (internal != null) {
      openToAgent(instrumentation, internal);
      unsafe = internal.getMethod("getUnsafe").invoke(null);
      defineClass = internal.getMethod(
          "defineClass", String.class, byte[].class, int.class, int.class, ClassLoader.class, ProtectionDomain.class);
    } else {
      Class<?> legacy = Class.forName("sun.misc.Unsafe");
      Field instance = legacy.getDeclaredField("theUnsafe");
      instance.setAccessible(true);
      unsafe = instance.get(null);
      defineClass = legacy.getMethod(
          "defineClass", String.class, byte[].class, int.class, int.class, ClassLoader.class, ProtectionDomain.class);
    }
    defineClass.setAccessible(true);
    for (Map.Entry<String, byte[]> type : classes.entrySet()) {
      byte[] bytes = type.getValue();
      defineClass.invoke(unsafe, type.getKey(), bytes, 0, bytes.length, null, null);
    }
  }

  private static Class<?> internalUnsafe() {
    try {
      Class.forName("java.lang.Module");
      return Class.forName("jdk.internal.misc.Unsafe");
    } catch (ClassNotFoundException java8) {
      return null;
    }
  }

  /** {@code instrumentation.redefineModule(java.base, ..., opens jdk.internal.misc to the agent)}, by reflection for Java 8. */
  private static void openToAgent(Instrumentation instrumentation, Class<?> internal) throws Exception {
    Method getModule = Class.class.getMethod("getModule");
    Object javaBase = getModule.invoke(internal);
    Object agent = getModule.invoke(BootLoaderDefiner.class);
    Map<String, Set<Object>> opens =
        Collections.singletonMap("jdk.internal.misc", Collections.singleton(agent));
    Class<?> moduleType = Class.forName("java.lang.Module");
    Method redefine =
        Instrumentation.class.getMethod(
            "redefineModule", moduleType, Set.class, Map.class, Map.class, Set.class, Map.class);
    redefine.invoke(
        instrumentation,
        javaBase,
        Collections.emptySet(),
        opens,
        opens,
        Collections.emptySet(),
        Collections.<Class<?>, List<Class<?>>>emptyMap());
  }
}
