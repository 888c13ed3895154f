package dev.llmlens.agent.install;

import java.lang.instrument.Instrumentation;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.security.ProtectionDomain;
import java.util.Map;

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
      JavaBaseModule.openTo(instrumentation, "jdk.internal.misc", BootLoaderDefiner.class);
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
      return JavaBaseModule.exists() ? Class.forName("jdk.internal.misc.Unsafe") : null;
    } catch (ClassNotFoundException notThere) {
      return null;
    }
  }
}
