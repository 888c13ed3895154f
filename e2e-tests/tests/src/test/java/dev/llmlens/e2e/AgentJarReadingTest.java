package dev.llmlens.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmlens.e2e.fixture.ChildJvm;
import dev.llmlens.e2e.fixture.ScriptedOpenAiServer;
import java.io.Closeable;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;
import java.util.stream.IntStream;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent's class loader reads its classes from the agent jar by itself (AgentJarClassFiles),
 * without the JDK's {@code JarFile} and its per-entry input buffers: every class of the built jar
 * must read exactly as {@code JarFile} reads it, and a jar re-packed in a form that reader does
 * not take (ZIP64) must still run the agent, through the application class loader, with one line
 * that says so.
 */
class AgentJarReadingTest {

  private static final String READER = "dev.llmlens.agent.AgentJarClassFiles";

  @AutoClose final ScriptedOpenAiServer server = OpenAiScript.server();

  @Test
  void everyClassOfTheAgentJarReadsAsTheJdkReadsIt() throws Exception {
    File agentJar = ChildJvm.agentJar().toFile();
    int compared = 0;
    try (URLClassLoader agentClasses = new URLClassLoader(new URL[] {agentJar.toURI().toURL()}, null);
        JarFile jar = new JarFile(agentJar)) {
      Class<?> reader = Class.forName(READER, true, agentClasses);
      Method open = accessible(reader.getDeclaredMethod("open", File.class));
      Method find = accessible(reader.getDeclaredMethod("find", String.class));
      Method size = accessible(reader.getDeclaredMethod("size", int.class));
      Method read = accessible(reader.getDeclaredMethod("read", int.class, String.class, byte[].class));
      try (Closeable classFiles = (Closeable) open.invoke(null, agentJar)) {
        for (Enumeration<JarEntry> entries = jar.entries(); entries.hasMoreElements(); ) {
          JarEntry entry = entries.nextElement();
          String name = entry.getName();
          if (!name.startsWith("dev/llmlens/") || !name.endsWith(".class")) {
            continue;
          }
          byte[] expected;
          try (InputStream in = jar.getInputStream(entry)) {
            expected = in.readAllBytes();
          }
          String className = name.substring(0, name.length() - ".class".length()).replace('/', '.');
          int found = (int) find.invoke(classFiles, className);
          assertThat(found).as(className).isNotNegative();
          assertThat((int) size.invoke(classFiles, found)).as(className).isEqualTo(expected.length);
          byte[] actual = new byte[expected.length];
          read.invoke(classFiles, found, className, actual);
          assertThat(actual).as(className).isEqualTo(expected);
          compared++;
        }
      }
    }
    assertThat(compared).as("classes compared").isGreaterThan(5_000);
  }

  @Test
  void aZip64RepackRunsTheAgentThroughTheApplicationClassLoader(@TempDir Path directory) throws IOException {
    Path repacked = zip64Copy(ChildJvm.agentJar(), directory.resolve("llmlens-agent.jar"));
    Path classLog = directory.resolve("classes.log");

    ChildJvm.Result result = WeavingFootprintTest.runThatWeaves(repacked, server.baseUrl(), classLog);

    assertThat(result.stderr().lines().filter(line -> line.startsWith("[llmlens] WARN")))
        .containsExactly(
            "[llmlens] WARN the agent's classes load through the application class loader, more slowly: "
                + repacked
                + " is not a jar whose classes the agent reads itself (a ZIP64 or split archive, or a central"
                + " directory outside the file); it accepts a jar with up to 65,535 entries, stored or deflated");
    List<String> log = Files.readAllLines(classLog);
    int starter = IntStream.range(0, log.size())
        .filter(line -> log.get(line).contains("[class,load] dev.llmlens.agent.AgentStarter "))
        .findFirst()
        .orElseThrow();
    assertThat(log.get(starter + 1)).contains("for instance a 'jdk/internal/loader/ClassLoaders$AppClassLoader'");
    assertThat(log).noneMatch(line -> line.contains("for instance a 'dev/llmlens/agent/AgentClassLoader'"));
  }

  /** The agent jar's entries and 65,535 empty ones more: the JDK writes that as ZIP64. */
  private static Path zip64Copy(Path agentJar, Path copy) throws IOException {
    try (JarFile jar = new JarFile(agentJar.toFile());
        ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(copy))) {
      for (Enumeration<JarEntry> entries = jar.entries(); entries.hasMoreElements(); ) {
        JarEntry entry = entries.nextElement();
        out.putNextEntry(new ZipEntry(entry.getName()));
        try (InputStream in = jar.getInputStream(entry)) {
          in.transferTo(out);
        }
        out.closeEntry();
      }
      for (int padding = 0; padding < 0xFFFF; padding++) {
        out.putNextEntry(new ZipEntry("padding/" + padding));
        out.closeEntry();
      }
    }
    return copy;
  }

  private static Method accessible(Method method) {
    method.setAccessible(true);
    return method;
  }
}
