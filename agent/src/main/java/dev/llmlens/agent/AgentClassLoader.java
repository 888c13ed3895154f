package dev.llmlens.agent;

import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.security.CodeSource;
import java.security.ProtectionDomain;
import java.security.cert.Certificate;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.jar.Manifest;

/**
 * Loads the agent's own classes (about 2,000 in a process that makes an LLM call: ByteBuddy, the
 * OpenTelemetry SDK, its exporters, the agent) straight from the agent jar, where the JVM would
 * otherwise load them through its application class loader, which the {@code -javaagent} jar is
 * on. That loader builds a {@code jar:} URL, a resource and a fresh array for every class, after
 * looking through every jar of the application's class path first: about 21 KB of garbage per
 * class, which at start-up grows the application's young generation (and so its resident
 * memory) by tens of MiB. Here a class is inflated straight into a spare buffer ({@link
 * AgentJarClassFiles}) and costs no garbage.
 *
 * <p>Every class under {@code dev.llmlens.} in the jar is defined here first, except the bridge
 * ({@code dev.llmlens.bootstrap}, which must resolve to the bootstrap loader's copy) and the
 * classes the JVM loads before this loader exists: the entry point, this class and its jar
 * reader. Anything
 * else, and every resource, comes from the parent, the application class loader, as before: the
 * agent jar is on its class path, so resources (service files, the price catalog, class files
 * ByteBuddy reads) resolve to the same entries.
 */
public final class AgentClassLoader extends ClassLoader {

  static {
    registerAsParallelCapable();
  }

  private static final String OWN_PREFIX = "dev.llmlens.";
  private static final String BRIDGE_PREFIX = "dev.llmlens.bootstrap.";
  private static final int SPARE_BUFFERS = 8;
  private static final int FIRST_BUFFER_SIZE = 16 * 1024;
  /**
   * Larger buffers are not kept: 20 of the jar's 5,350 classes are larger (Kotlin's
   * {@code ArraysKt___ArraysKt}, 488 KB, loads in every process that exports), and eight spares of
   * at most this size keep what the loader holds for the life of the process under 256 KB.
   */
  private static final int LARGEST_SPARE = 32 * 1024;

  private final AgentJarClassFiles classFiles;
  private final ProtectionDomain domain;
  private final Attributes manifest;
  private final Map<String, Boolean> packages = new ConcurrentHashMap<String, Boolean>();
  /**
   * Read buffers, taken and given back around each read, so that class files are read without
   * garbage. More than one: defining a class makes the JVM load its super types first, through
   * this loader, while the class's own buffer is still in use (a chain of five not yet loaded
   * super types holds five buffers), and the agent's threads load classes at the same time. With
   * one buffer, each of these reads allocated its own: about 3.5 MB of the 21 MB that the agent's
   * threads allocate in a process that starts, makes one call and exits (lab notes).
   */
  private final AtomicReferenceArray<byte[]> spareBuffers = new AtomicReferenceArray<byte[]>(SPARE_BUFFERS);

  /** Buffers this loader allocated: a figure for the tests. */
  private final AtomicInteger buffersAllocated = new AtomicInteger();

  /**
   * Throws when the jar cannot be read, or is laid out in a way {@link AgentJarClassFiles} does
   * not read (the message says which); the agent's classes then stay with the parent.
   */
  AgentClassLoader(File agentJar, ClassLoader parent) throws IOException {
    super(parent);
    Manifest read;
    try (JarFile jar = new JarFile(agentJar, false)) {
      read = jar.getManifest();
    }
    this.manifest = read == null ? new Attributes() : read.getMainAttributes();
    this.classFiles = AgentJarClassFiles.open(agentJar);
    URL location = agentJar.toURI().toURL();
    this.domain = new ProtectionDomain(new CodeSource(location, (Certificate[]) null), null, this, null);
  }

  /**
   * The jar {@code type} was loaded from, or null when it was not loaded from a jar (tests).
   * Public for the agent's classes in this loader: they reach this class through the parent.
   */
  public static File jarOf(Class<?> type) {
    CodeSource source = type.getProtectionDomain().getCodeSource();
    if (source == null || source.getLocation() == null) {
      return null;
    }
    try {
      File file = new File(source.getLocation().toURI());
      return file.isFile() && file.getName().endsWith(".jar") ? file : null;
    } catch (URISyntaxException | IllegalArgumentException notAFile) {
      return null;
    }
  }

  @Override
  protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
    if (!isOwn(name)) {
      return super.loadClass(name, resolve);
    }
    synchronized (getClassLoadingLock(name)) {
      Class<?> type = findLoadedClass(name);
      if (type == null) {
        type = defineFromJar(name);
      }
      if (type == null) {
        return super.loadClass(name, resolve);
      }
      if (resolve) {
        resolveClass(type);
      }
      return type;
    }
  }

  private static boolean isOwn(String name) {
    return name.startsWith(OWN_PREFIX)
        && !name.startsWith(BRIDGE_PREFIX)
        && !name.equals(LlmLensAgent.class.getName())
        && !name.equals(AgentClassLoader.class.getName())
        && !name.startsWith(AgentJarClassFiles.class.getName());
  }

  /** Null when the jar has no such class. */
  private Class<?> defineFromJar(String name) throws ClassNotFoundException {
    int entry = classFiles.find(name);
    if (entry < 0) {
      return null;
    }
    definePackageOf(name);
    int size = classFiles.size(entry);
    byte[] buffer = takeBuffer(size);
    try {
      classFiles.read(entry, name, buffer);
      // defineClass copies the bytes before it returns, so the buffer may be used again.
      return defineClass(name, buffer, 0, size, domain);
    } catch (IOException unreadable) {
      throw new ClassNotFoundException(unreadable.getMessage(), unreadable);
    } finally {
      giveBack(buffer);
    }
  }

  /** A spare buffer of at least {@code size} bytes, or a new one; spares too small stay. */
  private byte[] takeBuffer(int size) {
    for (int slot = 0; slot < SPARE_BUFFERS; slot++) {
      byte[] spare = spareBuffers.getAndSet(slot, null);
      if (spare != null) {
        if (spare.length >= size) {
          return spare;
        }
        spareBuffers.compareAndSet(slot, null, spare);
      }
    }
    buffersAllocated.incrementAndGet();
    return new byte[Math.max(size, FIRST_BUFFER_SIZE)];
  }

  /**
   * Into the first empty slot, or in place of a smaller spare; dropped when every slot holds one
   * at least as large (more nested or parallel reads than slots), or when it is larger than
   * {@link #LARGEST_SPARE}.
   */
  private void giveBack(byte[] buffer) {
    if (buffer.length > LARGEST_SPARE) {
      return;
    }
    for (int slot = 0; slot < SPARE_BUFFERS; slot++) {
      if (spareBuffers.compareAndSet(slot, null, buffer)) {
        return;
      }
    }
    for (int slot = 0; slot < SPARE_BUFFERS; slot++) {
      byte[] spare = spareBuffers.get(slot);
      if (spare != null && spare.length < buffer.length && spareBuffers.compareAndSet(slot, spare, buffer)) {
        return;
      }
    }
  }

  int buffersAllocated() {
    return buffersAllocated.get();
  }

  /**
   * With the jar manifest's attributes, as the application class loader did: the agent reports its
   * version from them. Under a lock, so that no class of the package is defined before its
   * package is (the JVM would then define the package itself, without the attributes).
   */
  private void definePackageOf(String className) {
    String name = className.substring(0, className.lastIndexOf('.'));
    if (packages.containsKey(name)) {
      return;
    }
    synchronized (packages) {
      if (packages.containsKey(name)) {
        return;
      }
      try {
        definePackage(
            name,
            manifest.getValue(Attributes.Name.SPECIFICATION_TITLE),
            manifest.getValue(Attributes.Name.SPECIFICATION_VERSION),
            manifest.getValue(Attributes.Name.SPECIFICATION_VENDOR),
            manifest.getValue(Attributes.Name.IMPLEMENTATION_TITLE),
            manifest.getValue(Attributes.Name.IMPLEMENTATION_VERSION),
            manifest.getValue(Attributes.Name.IMPLEMENTATION_VENDOR),
            null);
      } catch (IllegalArgumentException definedAlready) {
        // Only this method defines this loader's packages: nothing to do.
      }
      packages.put(name, Boolean.TRUE);
    }
  }
}
