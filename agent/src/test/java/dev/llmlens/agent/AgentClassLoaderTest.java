package dev.llmlens.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmlens.bootstrap.LlmCalls;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AgentClassLoaderTest {

  /** Lives in the test's class path too: the loader must still define its own copy from the jar. */
  public static final class Sample {
    public static String greeting() {
      return "hello from " + Sample.class.getClassLoader().getClass().getSimpleName();
    }
  }

  /** Its class file is larger than the loader's first read buffer (16 KB): constants fold into one. */
  public static final class Large {
    static final String TEN = "0123456789";
    static final String HUNDRED = TEN + TEN + TEN + TEN + TEN + TEN + TEN + TEN + TEN + TEN;
    static final String THOUSAND =
        HUNDRED + HUNDRED + HUNDRED + HUNDRED + HUNDRED + HUNDRED + HUNDRED + HUNDRED + HUNDRED + HUNDRED;
    static final String TEN_THOUSAND =
        THOUSAND + THOUSAND + THOUSAND + THOUSAND + THOUSAND + THOUSAND + THOUSAND + THOUSAND + THOUSAND + THOUSAND;
    public static final String TWENTY_THOUSAND = TEN_THOUSAND + TEN_THOUSAND;
  }

  /** Class files larger than the largest buffer the loader keeps (32 KB): constants fold. */
  public static final class Huge {
    public static final String FORTY_THOUSAND = Large.TWENTY_THOUSAND + Large.TWENTY_THOUSAND;
  }

  public static final class HugeTwin {
    public static final String FORTY_THOUSAND = Large.TWENTY_THOUSAND + Large.TWENTY_THOUSAND;
  }

  /** Two chains of three classes: defining the first of a chain loads the other two inside it. */
  public static class ChainA1 extends ChainA2 {}

  public static class ChainA2 extends ChainA3 {}

  public static class ChainA3 {}

  public static class ChainB1 extends ChainB2 {}

  public static class ChainB2 extends ChainB3 {}

  public static class ChainB3 {}

  @TempDir Path directory;
  private File jar;
  private final ClassLoader parent = AgentClassLoaderTest.class.getClassLoader();

  @BeforeEach
  void writeAgentJar() throws IOException {
    jar = directory.resolve("llmlens-agent.jar").toFile();
    Manifest manifest = new Manifest();
    manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
    manifest.getMainAttributes().put(Attributes.Name.IMPLEMENTATION_TITLE, "llmlens-agent");
    manifest.getMainAttributes().put(Attributes.Name.IMPLEMENTATION_VERSION, "9.8.7");
    try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar.toPath()), manifest)) {
      copyClass(Sample.class, out);
      copyClass(Large.class, out);
      copyClass(Huge.class, out);
      copyClass(HugeTwin.class, out);
      copyClass(LlmCalls.class, out);
      copyClass(LlmLensAgent.class, out);
      for (Class<?> chained : new Class<?>[] {ChainA1.class, ChainA2.class, ChainA3.class, ChainB1.class, ChainB2.class, ChainB3.class}) {
        copyClass(chained, out);
      }
    }
  }

  @Test
  void definesTheAgentsClassesFromItsJarBeforeAskingTheParent() throws Exception {
    AgentClassLoader loader = new AgentClassLoader(jar, parent);

    Class<?> sample = loader.loadClass(Sample.class.getName());

    assertThat(sample).isNotSameAs(Sample.class);
    assertThat(sample.getClassLoader()).isSameAs(loader);
    assertThat(sample.getMethod("greeting").invoke(null)).isEqualTo("hello from AgentClassLoader");
    assertThat(loader.loadClass(Sample.class.getName())).isSameAs(sample);
    assertThat(sample.getProtectionDomain().getCodeSource().getLocation()).isEqualTo(jar.toURI().toURL());
    assertThat(AgentClassLoader.jarOf(sample)).isEqualTo(jar);
  }

  /**
   * Defining a class loads its super types through the loader while the class's own buffer is in
   * use: each nesting level needs a buffer, and all of them come back for the next reads.
   */
  @Test
  void nestedReadsGiveTheirBuffersBackForTheNextClasses() throws Exception {
    AgentClassLoader loader = new AgentClassLoader(jar, parent);

    Class<?> first = loader.loadClass(ChainA1.class.getName());
    assertThat(first.getSuperclass().getSuperclass().getClassLoader()).isSameAs(loader);
    assertThat(loader.buffersAllocated()).isEqualTo(3);

    Class<?> second = loader.loadClass(ChainB1.class.getName());
    assertThat(second.getSuperclass().getSuperclass().getClassLoader()).isSameAs(loader);
    assertThat(loader.buffersAllocated()).isEqualTo(3);
  }

  @Test
  void readsAClassLargerThanItsFirstBufferAfterASmallOne() throws Exception {
    AgentClassLoader loader = new AgentClassLoader(jar, parent);
    loader.loadClass(Sample.class.getName());

    Class<?> large = Class.forName(Large.class.getName(), true, loader);

    assertThat(classFileSize(Large.class)).isGreaterThan(16 * 1024);
    assertThat(large.getClassLoader()).isSameAs(loader);
    assertThat(((String) large.getDeclaredField("TWENTY_THOUSAND").get(null))).hasSize(20_000).endsWith("789");
  }

  /** A buffer for a class larger than 32 KB is not kept for the life of the process. */
  @Test
  void doesNotKeepABufferForAHugeClass() throws Exception {
    AgentClassLoader loader = new AgentClassLoader(jar, parent);

    // The larger first, so that a buffer kept after it would be large enough for the other.
    Class<?> twin = Class.forName(HugeTwin.class.getName(), true, loader);
    Class<?> huge = Class.forName(Huge.class.getName(), true, loader);

    assertThat(classFileSize(Huge.class)).isGreaterThan(32 * 1024).isLessThanOrEqualTo(classFileSize(HugeTwin.class));
    assertThat((String) huge.getDeclaredField("FORTY_THOUSAND").get(null)).hasSize(40_000);
    assertThat((String) twin.getDeclaredField("FORTY_THOUSAND").get(null)).hasSize(40_000);
    assertThat(loader.buffersAllocated()).isEqualTo(2);
  }

  @Test
  void givesItsPackagesTheJarManifestsVersion() throws Exception {
    Class<?> sample = new AgentClassLoader(jar, parent).loadClass(Sample.class.getName());

    assertThat(sample.getPackage().getName()).isEqualTo("dev.llmlens.agent");
    assertThat(sample.getPackage().getImplementationVersion()).isEqualTo("9.8.7");
    assertThat(sample.getPackage().getImplementationTitle()).isEqualTo("llmlens-agent");
  }

  @Test
  void classesOfOnePackageLoadedAtOnceByManyThreadsAllGetTheManifestsVersion() throws Exception {
    for (int attempt = 0; attempt < 20; attempt++) {
      AgentClassLoader loader = new AgentClassLoader(jar, parent);
      java.util.concurrent.CountDownLatch start = new java.util.concurrent.CountDownLatch(1);
      java.util.List<java.util.concurrent.Future<Package>> packages = new java.util.ArrayList<>();
      java.util.concurrent.ExecutorService threads = java.util.concurrent.Executors.newFixedThreadPool(4);
      try {
        for (int thread = 0; thread < 4; thread++) {
          String name = (thread % 2 == 0 ? Sample.class : Large.class).getName();
          packages.add(threads.submit(() -> {
            start.await();
            return loader.loadClass(name).getPackage();
          }));
        }
        start.countDown();
        for (java.util.concurrent.Future<Package> loaded : packages) {
          assertThat(loaded.get().getImplementationVersion()).isEqualTo("9.8.7");
        }
      } finally {
        threads.shutdownNow();
      }
    }
  }

  @Test
  void leavesTheBridgeTheEntryPointAndEverythingElseToTheParent() throws Exception {
    AgentClassLoader loader = new AgentClassLoader(jar, parent);

    // In the jar, but the bridge must be the bootstrap loader's copy, and the entry point is loaded before this loader exists.
    assertThat(loader.loadClass(LlmCalls.class.getName())).isSameAs(LlmCalls.class);
    assertThat(loader.loadClass(LlmLensAgent.class.getName())).isSameAs(LlmLensAgent.class);
    assertThat(loader.loadClass(AgentClassLoader.class.getName())).isSameAs(AgentClassLoader.class);
    // Not in the jar.
    assertThat(loader.loadClass(AgentStarter.class.getName())).isSameAs(AgentStarter.class);
    assertThat(loader.loadClass(String.class.getName())).isSameAs(String.class);
    assertThat(loader.getResource(classFile(Sample.class))).isEqualTo(parent.getResource(classFile(Sample.class)));
    assertThatThrownBy(() -> loader.loadClass("dev.llmlens.agent.NoSuchClass"))
        .isInstanceOf(ClassNotFoundException.class);
  }

  @Test
  void agentJarOfAClassFromADirectoryIsNone() {
    assertThat(AgentClassLoader.jarOf(AgentClassLoaderTest.class)).isNull();
    assertThat(AgentClassLoader.jarOf(String.class)).isNull();
  }

  private static void copyClass(Class<?> type, JarOutputStream out) throws IOException {
    out.putNextEntry(new JarEntry(classFile(type)));
    try (InputStream in = type.getClassLoader().getResourceAsStream(classFile(type))) {
      copy(in, out);
    }
    out.closeEntry();
  }

  private static long classFileSize(Class<?> type) throws IOException {
    try (InputStream in = type.getClassLoader().getResourceAsStream(classFile(type))) {
      return copy(in, OutputStream.nullOutputStream());
    }
  }

  private static long copy(InputStream in, OutputStream out) throws IOException {
    return in.transferTo(out);
  }

  private static String classFile(Class<?> type) {
    return type.getName().replace('.', '/') + ".class";
  }
}
