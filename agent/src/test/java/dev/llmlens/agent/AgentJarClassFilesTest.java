package dev.llmlens.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AgentJarClassFilesTest {

  /** Classes of this module whose class files go into the test jars, small and large (40 KB). */
  private static final List<Class<?>> CLASSES =
      Arrays.asList(
          AgentJarClassFiles.class,
          AgentClassLoader.class,
          AgentClassLoaderTest.Sample.class,
          AgentClassLoaderTest.Large.class,
          AgentClassLoaderTest.Huge.class,
          AgentJarClassFilesTest.class);

  private static final String NOISE_CLASS = "dev.llmlens.agent.Noise";
  private static final String NOISE_ENTRY = "dev/llmlens/agent/Noise.class";

  @TempDir Path directory;

  @Test
  void readsEachClassAsCompiledWhetherDeflatedOrStored() throws IOException {
    File jar = jar(null, AgentClassLoaderTest.Sample.class);

    try (AgentJarClassFiles classFiles = AgentJarClassFiles.open(jar)) {
      for (Class<?> type : CLASSES) {
        byte[] expected = classFile(type);
        int entry = classFiles.find(type.getName());
        assertThat(entry).as(type.getName()).isNotNegative();
        assertThat(classFiles.size(entry)).isEqualTo(expected.length);
        // Larger than the class, as the loader's spare buffers are: the bytes after it stay as they were.
        byte[] into = new byte[expected.length + 3];
        Arrays.fill(into, (byte) 7);
        classFiles.read(entry, type.getName(), into);
        assertThat(Arrays.copyOf(into, expected.length)).as(type.getName()).isEqualTo(expected);
        assertThat(Arrays.copyOfRange(into, expected.length, into.length)).containsOnly(7);
      }
    }
  }

  /** Bytes that do not deflate: read from the jar in several 8 KB chunks. */
  @Test
  void readsAnEntryWhoseDeflatedBytesSpanSeveralChunks() throws IOException {
    File jar = jar(null, null);

    try (AgentJarClassFiles classFiles = AgentJarClassFiles.open(jar);
        java.util.zip.ZipFile zip = new java.util.zip.ZipFile(jar)) {
      assertThat(zip.getEntry(NOISE_ENTRY).getCompressedSize()).isGreaterThan(4 * 8 * 1024);
      int entry = classFiles.find(NOISE_CLASS);
      byte[] into = new byte[classFiles.size(entry)];
      classFiles.read(entry, NOISE_CLASS, into);
      assertThat(into).isEqualTo(noise());
    }
  }

  /**
   * The point of this class: {@code JarFile} allocates an input buffer as large as each entry's
   * inflated size (20 KB here) for every read. Counted by the JVM for this thread, not timed.
   */
  @Test
  void readingAClassAllocatesNothing() throws IOException {
    File jar = jar(null, null);
    com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
    String name = AgentClassLoaderTest.Large.class.getName();

    try (AgentJarClassFiles classFiles = AgentJarClassFiles.open(jar)) {
      byte[] into = new byte[64 * 1024];
      for (int warm = 0; warm < 200; warm++) {
        classFiles.read(classFiles.find(name), name, into);
      }
      long before = threads.getThreadAllocatedBytes(Thread.currentThread().getId());
      for (int read = 0; read < 100; read++) {
        classFiles.read(classFiles.find(name), name, into);
      }
      long allocated = threads.getThreadAllocatedBytes(Thread.currentThread().getId()) - before;

      assertThat(classFiles.size(classFiles.find(name))).isGreaterThan(20_000);
      assertThat(allocated).as("bytes allocated by 100 reads").isLessThan(1_024);
    }
  }

  @Test
  void findsOnlyClassFilesUnderDevLlmlens() throws IOException {
    File jar = directory.resolve("other.jar").toFile();
    try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(jar.toPath()))) {
      put(out, "org/example/Outside.class", new byte[] {1, 2, 3}, false);
      put(out, "dev/llmlens/agent/prices.json", new byte[] {4}, false);
      put(out, "dev/llmlens/agent/Inside.class", new byte[] {5, 6}, false);
    }

    try (AgentJarClassFiles classFiles = AgentJarClassFiles.open(jar)) {
      assertThat(classFiles.find("org.example.Outside")).isEqualTo(-1);
      assertThat(classFiles.find("dev.llmlens.agent.prices")).isEqualTo(-1);
      assertThat(classFiles.find("dev.llmlens.agent.Missing")).isEqualTo(-1);
      assertThat(classFiles.find("dev.llmlens.agent.Insidé")).isEqualTo(-1);
      int inside = classFiles.find("dev.llmlens.agent.Inside");
      byte[] into = new byte[2];
      classFiles.read(inside, "dev.llmlens.agent.Inside", into);
      assertThat(into).containsExactly(5, 6);
    }
  }

  @Test
  void findsTheEndOfAJarWithAComment() throws IOException {
    File jar = jar("built by a tool that leaves a comment behind", null);

    try (AgentJarClassFiles classFiles = AgentJarClassFiles.open(jar)) {
      assertThat(readWhole(classFiles, AgentClassLoader.class)).isEqualTo(classFile(AgentClassLoader.class));
    }
  }

  @Test
  void refusesAZip64JarSayingWhatItAccepts() throws IOException {
    File jar = jar(null, null);
    byte[] bytes = Files.readAllBytes(jar.toPath());
    // The end record's entry counts (at 8 and 10 of the last 22 bytes): 0xFFFF means "see the ZIP64 record".
    for (int at : new int[] {bytes.length - 22 + 8, bytes.length - 22 + 10}) {
      bytes[at] = (byte) 0xFF;
      bytes[at + 1] = (byte) 0xFF;
    }
    Files.write(jar.toPath(), bytes);

    assertThatThrownBy(() -> AgentJarClassFiles.open(jar))
        .isInstanceOf(IOException.class)
        .hasMessage(jar.getPath() + " is not a jar whose classes the agent reads itself (a ZIP64 or split archive, or a"
            + " central directory outside the file); it accepts a jar with up to 65,535 entries, stored or deflated");
  }

  @Test
  void aDamagedClassFileIsNamedWithWhatIsWrong() throws IOException {
    File jar = jar(null, AgentClassLoaderTest.Sample.class);
    byte[] bytes = Files.readAllBytes(jar.toPath());
    String stored = AgentClassLoaderTest.Sample.class.getName();
    // A byte in the middle of the stored class file, after its local header and name.
    int name = indexOf(bytes, (stored.replace('.', '/') + ".class").getBytes(StandardCharsets.US_ASCII));
    bytes[name + stored.length() + ".class".length() + 100] ^= 0x55;
    Files.write(jar.toPath(), bytes);

    try (AgentJarClassFiles classFiles = AgentJarClassFiles.open(jar)) {
      int entry = classFiles.find(stored);
      assertThatThrownBy(() -> classFiles.read(entry, stored, new byte[classFiles.size(entry)]))
          .isInstanceOf(IOException.class)
          .hasMessage(stored + " cannot be read from " + jar.getPath() + ": its CRC-32 does not match");
      // The others read on.
      assertThat(readWhole(classFiles, AgentClassLoader.class)).isEqualTo(classFile(AgentClassLoader.class));
    }
  }

  @Test
  void aClassReadUnderAnotherNameIsRefused() throws IOException {
    File jar = jar(null, null);

    try (AgentJarClassFiles classFiles = AgentJarClassFiles.open(jar)) {
      int entry = classFiles.find(AgentClassLoader.class.getName());
      String other = "dev.llmlens.agent.AgentClassLoadeX";
      assertThatThrownBy(() -> classFiles.read(entry, other, new byte[classFiles.size(entry)]))
          .isInstanceOf(IOException.class)
          .hasMessage(other + " cannot be read from " + jar.getPath() + ": its local header does not name it");
    }
  }

  @Test
  void manyThreadsReadAtOnce() throws Exception {
    File jar = jar(null, null);
    ExecutorService threads = Executors.newFixedThreadPool(8);
    try (AgentJarClassFiles classFiles = AgentJarClassFiles.open(jar)) {
      List<Future<Integer>> reads = new ArrayList<>();
      for (int thread = 0; thread < 8; thread++) {
        Callable<Integer> reader = () -> {
          int matched = 0;
          for (int round = 0; round < 50; round++) {
            for (Class<?> type : CLASSES) {
              matched += Arrays.equals(readWhole(classFiles, type), classFile(type)) ? 1 : 0;
            }
          }
          return matched;
        };
        reads.add(threads.submit(reader));
      }
      for (Future<Integer> read : reads) {
        assertThat(read.get()).isEqualTo(50 * CLASSES.size());
      }
    } finally {
      threads.shutdownNow();
    }
  }

  /** A jar of {@link #CLASSES}, deflated but for {@code stored}, with the given comment. */
  private File jar(String comment, Class<?> stored) throws IOException {
    File jar = directory.resolve("agent.jar").toFile();
    try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(jar.toPath()))) {
      put(out, "META-INF/MANIFEST.MF", "Manifest-Version: 1.0\n".getBytes(StandardCharsets.US_ASCII), false);
      for (Class<?> type : CLASSES) {
        put(out, type.getName().replace('.', '/') + ".class", classFile(type), type == stored);
      }
      put(out, NOISE_ENTRY, noise(), false);
      if (comment != null) {
        out.setComment(comment);
      }
    }
    return jar;
  }

  private static void put(ZipOutputStream out, String name, byte[] bytes, boolean stored) throws IOException {
    ZipEntry entry = new ZipEntry(name);
    if (stored) {
      CRC32 crc = new CRC32();
      crc.update(bytes);
      entry.setMethod(ZipEntry.STORED);
      entry.setSize(bytes.length);
      entry.setCompressedSize(bytes.length);
      entry.setCrc(crc.getValue());
    }
    out.putNextEntry(entry);
    out.write(bytes);
    out.closeEntry();
  }

  private static byte[] readWhole(AgentJarClassFiles classFiles, Class<?> type) throws IOException {
    int entry = classFiles.find(type.getName());
    byte[] into = new byte[classFiles.size(entry)];
    classFiles.read(entry, type.getName(), into);
    return into;
  }

  private static byte[] noise() {
    byte[] bytes = new byte[40_000];
    new java.util.Random(42).nextBytes(bytes);
    return bytes;
  }

  private static byte[] classFile(Class<?> type) throws IOException {
    try (InputStream in = type.getClassLoader().getResourceAsStream(type.getName().replace('.', '/') + ".class")) {
      return in.readAllBytes();
    }
  }

  private static int indexOf(byte[] bytes, byte[] part) {
    outer:
    for (int at = 0; at + part.length <= bytes.length; at++) {
      for (int i = 0; i < part.length; i++) {
        if (bytes[at + i] != part[i]) {
          continue outer;
        }
      }
      return at;
    }
    throw new AssertionError("not found");
  }
}
