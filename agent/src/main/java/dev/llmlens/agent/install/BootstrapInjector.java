package dev.llmlens.agent.install;

import dev.llmlens.agent.AgentClassLoader;
import dev.llmlens.agent.log.AgentLog;
import java.io.File;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.instrument.Instrumentation;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;

/**
 * Puts the bridge package {@code dev.llmlens.bootstrap} on the bootstrap class loader, so woven
 * library code in any class loader can call it. Class loaders delegate to their parent first,
 * so the agent's own later references resolve to the same classes.
 *
 * <p>The classes are defined directly in the bootstrap loader when the JVM allows it. Appending
 * a jar to the bootstrap search path is the fallback: it works everywhere but makes the JVM
 * print a warning and turn off class-data sharing for application classes (slower start-up).
 */
public final class BootstrapInjector {

  /**
   * The bridge, by binary name, in the order they are defined. Named rather than found by going
   * through the agent jar's seven thousand entries, which took a fifth of premain (README,
   * Performance); {@code BootstrapInjectorTest} checks that this is the whole package.
   */
  static final String[] BRIDGE_CLASSES = {
    "dev.llmlens.bootstrap.LlmCallHandler",
    "dev.llmlens.bootstrap.LlmCalls",
    "dev.llmlens.bootstrap.ClassDefinitions",
    "dev.llmlens.bootstrap.ClassDefinitions$Watch",
  };

  private BootstrapInjector() {}

  /** Does nothing when the agent is not running from a jar (in-process tests). */
  public static void inject(Instrumentation instrumentation) throws IOException {
    File agentJar = agentJar();
    if (agentJar == null) {
      return;
    }
    Map<String, byte[]> classes = bridgeClasses(agentJar);
    try {
      BootLoaderDefiner.define(instrumentation, classes);
      return;
    } catch (Exception | LinkageError unavailable) {
      AgentLog.debug("bridge defined through a bootstrap jar: " + unavailable);
    }
    appendJar(instrumentation, agentJar);
  }

  private static Map<String, byte[]> bridgeClasses(File agentJar) throws IOException {
    Map<String, byte[]> classes = new LinkedHashMap<String, byte[]>();
    try (JarFile source = new JarFile(agentJar)) {
      for (String name : BRIDGE_CLASSES) {
        classes.put(name, ClassFileBytes.read(source.getInputStream(entry(source, name))));
      }
    }
    return classes;
  }

  private static JarEntry entry(JarFile agentJar, String className) throws IOException {
    JarEntry entry = agentJar.getJarEntry(className.replace('.', '/') + ".class");
    if (entry == null) {
      throw new IOException(className + " is missing from " + agentJar.getName());
    }
    return entry;
  }

  private static void appendJar(Instrumentation instrumentation, File agentJar) throws IOException {
    File bridgeJar = File.createTempFile("llmlens-bootstrap-", ".jar");
    bridgeJar.deleteOnExit();
    try (JarFile source = new JarFile(agentJar);
        JarOutputStream target = new JarOutputStream(new FileOutputStream(bridgeJar))) {
      for (String name : BRIDGE_CLASSES) {
        JarEntry entry = entry(source, name);
        target.putNextEntry(new JarEntry(entry.getName()));
        try (InputStream in = source.getInputStream(entry)) {
          ClassFileBytes.copy(in, target);
        }
        target.closeEntry();
      }
    }
    instrumentation.appendToBootstrapClassLoaderSearch(new JarFile(bridgeJar));
  }

  private static File agentJar() {
    return AgentClassLoader.jarOf(BootstrapInjector.class);
  }
}
