package dev.llmlens.bootstrap;

import java.lang.instrument.ClassFileTransformer;
import java.nio.Buffer;
import java.nio.ByteBuffer;
import java.security.ProtectionDomain;

/**
 * What {@code java.lang.ClassLoader}'s two {@code defineClass} methods call on entry, once the
 * agent has woven them: a class of an instrumented library is handed to the agent's transformer
 * before the JVM defines it, and every other class is passed over with a prefix check.
 *
 * <p>This replaces a {@code java.lang.instrument} transformer registered for the life of the
 * process. With one registered, the JVM copies every class it loads into a new array for it,
 * and re-reads each class it has in its shared archive: about 20 MiB and 0.1 s at start-up in a
 * small application, and more the more classes it loads (README, Performance).
 *
 * <p>Lives on the bootstrap class loader, beside {@link LlmCalls}, and uses JDK types only. Until
 * the agent installs a transformer every class is passed over. Nothing here may throw: a
 * failure leaves the class as it was given.
 */
public final class ClassDefinitions {

  private static volatile Watch watch;

  private ClassDefinitions() {}

  /**
   * @param packages binary-name prefixes of the classes to hand over: {@code com.openai.}
   * @param transformer gets the internal name, no class being redefined, and the class file
   */
  public static void watch(String[] packages, ClassFileTransformer transformer) {
    watch = new Watch(packages.clone(), transformer);
  }

  /**
   * On entry of {@code defineClass(String, byte[], int, int, ProtectionDomain)}.
   *
   * @return the class file to define: {@code classFile} itself when it is not changed, else a
   *     whole new array (see {@link #offset} and {@link #length})
   */
  public static byte[] defining(
      ClassLoader loader, String name, byte[] classFile, int offset, int length, ProtectionDomain domain) {
    Watch current = watch;
    if (current == null || !current.watches(name)) {
      return classFile;
    }
    try {
      byte[] exact = offset == 0 && length == classFile.length ? classFile : copy(classFile, offset, length);
      byte[] woven = current.transformer.transform(loader, name.replace('.', '/'), null, domain, exact);
      return woven == null ? classFile : woven;
    } catch (Throwable failure) {
      // Bad arguments fail in defineClass itself, as they would have without the agent.
      return classFile;
    }
  }

  /** The offset to define from: unchanged, or 0 in the new array {@link #defining} returned. */
  public static int offset(byte[] given, byte[] defined, int offset) {
    return defined == given ? offset : 0;
  }

  /** The length to define: unchanged, or that of the new array {@link #defining} returned. */
  public static int length(byte[] given, byte[] defined, int length) {
    return defined == given ? length : defined.length;
  }

  /**
   * On entry of {@code defineClass(String, ByteBuffer, ProtectionDomain)}. Only a direct buffer
   * is looked at: {@code defineClass} hands any other to the array method above, which would
   * otherwise see the class a second time. A changed class comes back in a direct buffer too.
   */
  public static ByteBuffer defining(ClassLoader loader, String name, ByteBuffer classFile, ProtectionDomain domain) {
    Watch current = watch;
    if (current == null || classFile == null || !classFile.isDirect() || !current.watches(name)) {
      return classFile;
    }
    try {
      byte[] exact = new byte[classFile.remaining()];
      classFile.duplicate().get(exact);
      byte[] woven = current.transformer.transform(loader, name.replace('.', '/'), null, domain, exact);
      if (woven == null) {
        return classFile;
      }
      ByteBuffer direct = ByteBuffer.allocateDirect(woven.length);
      direct.put(woven);
      ((Buffer) direct).flip();
      return direct;
    } catch (Throwable failure) {
      return classFile;
    }
  }

  private static byte[] copy(byte[] bytes, int offset, int length) {
    byte[] exact = new byte[length];
    System.arraycopy(bytes, offset, exact, 0, length);
    return exact;
  }

  private static final class Watch {
    final String[] packages;
    final ClassFileTransformer transformer;

    Watch(String[] packages, ClassFileTransformer transformer) {
      this.packages = packages;
      this.transformer = transformer;
    }

    boolean watches(String name) {
      if (name == null) {
        return false;
      }
      for (String watched : packages) {
        if (name.startsWith(watched)) {
          return true;
        }
      }
      return false;
    }
  }
}
