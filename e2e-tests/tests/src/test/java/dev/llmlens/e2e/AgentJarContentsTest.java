package dev.llmlens.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmlens.e2e.fixture.ChildJvm;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;

/**
 * The built {@code llmlens-agent.jar}: one jar, an agent manifest, nothing outside the project's
 * package (so nothing can clash with an application's own libraries), the shaded SDK's service
 * files relocated with it, and the agent's own classes on Java 8 bytecode.
 */
class AgentJarContentsTest {

  @Test
  void everyClassIsUnderTheProjectPackage() throws IOException {
    List<String> outside = new ArrayList<>();
    try (JarFile jar = new JarFile(ChildJvm.agentJar().toFile())) {
      jar.stream()
          .map(JarEntry::getName)
          .filter(name -> !name.startsWith("dev/llmlens/") && !name.startsWith("META-INF/"))
          .filter(name -> !name.equals("dev/"))
          .forEach(outside::add);
    }
    assertThat(outside).isEmpty();
  }

  @Test
  void theManifestDeclaresAnAgentThatCanRetransform() throws IOException {
    try (JarFile jar = new JarFile(ChildJvm.agentJar().toFile())) {
      Attributes manifest = jar.getManifest().getMainAttributes();
      assertThat(manifest.getValue("Premain-Class")).isEqualTo("dev.llmlens.agent.LlmLensAgent");
      assertThat(manifest.getValue("Agent-Class")).isEqualTo("dev.llmlens.agent.LlmLensAgent");
      assertThat(manifest.getValue("Can-Retransform-Classes")).isEqualTo("true");
    }
  }

  @Test
  void theShadedSdkFindsItsExportersThroughRelocatedServiceFiles() throws IOException {
    try (JarFile jar = new JarFile(ChildJvm.agentJar().toFile())) {
      String prefix = "META-INF/services/dev.llmlens.shaded.io.opentelemetry.";
      assertThat(jar.stream().map(JarEntry::getName).filter(name -> name.startsWith("META-INF/services/") && !name.endsWith("/")))
          .allMatch(name -> name.startsWith(prefix) || name.startsWith("META-INF/services/dev.llmlens."))
          .contains(prefix + "sdk.autoconfigure.spi.metrics.ConfigurableMetricExporterProvider");
      String exporters = read(jar, prefix + "sdk.autoconfigure.spi.metrics.ConfigurableMetricExporterProvider");
      assertThat(exporters).contains("dev.llmlens.shaded.io.opentelemetry.exporter.otlp.internal.OtlpMetricExporterProvider");
      assertThat(read(jar, prefix + "sdk.autoconfigure.spi.internal.ConfigurableMetricReaderProvider"))
          .contains("dev.llmlens.shaded.io.opentelemetry.exporter.prometheus.internal.PrometheusMetricReaderProvider");
      assertThat(read(jar, "META-INF/services/dev.llmlens.instrumentation.api.InstrumentationModule"))
          .contains("dev.llmlens.instrumentation.openai.OpenAiInstrumentationModule");
    }
  }

  @Test
  void theAgentsOwnClassesRunOnJava8() throws IOException {
    try (JarFile jar = new JarFile(ChildJvm.agentJar().toFile())) {
      List<String> newer = new ArrayList<>();
      for (JarEntry entry : jar.stream().toList()) {
        String name = entry.getName();
        if (name.endsWith(".class") && name.startsWith("dev/llmlens/") && !name.startsWith("dev/llmlens/shaded/")) {
          try (DataInputStream in = new DataInputStream(jar.getInputStream(entry))) {
            in.readInt();
            in.readUnsignedShort();
            if (in.readUnsignedShort() != 52) {
              newer.add(name);
            }
          }
        }
      }
      assertThat(newer).isEmpty();
    }
  }

  /**
   * protobuf-java and the Prometheus client's protobuf writer stay out (1.75 MB; README, Jar);
   * the writer's facade is there, as the agent's build rewrote it (PrometheusScrapeFormatsTest
   * shows what it answers).
   */
  @Test
  void protobufJavaIsLeftOut() throws IOException {
    try (JarFile jar = new JarFile(ChildJvm.agentJar().toFile())) {
      assertThat(jar.stream().map(JarEntry::getName))
          .noneMatch(name -> name.startsWith("dev/llmlens/shaded/com/google/protobuf/"))
          .noneMatch(name -> name.startsWith("dev/llmlens/shaded/io/prometheus/metrics/expositionformats/internal/"))
          .contains("dev/llmlens/shaded/io/prometheus/metrics/expositionformats/PrometheusProtobufWriter.class");
    }
  }

  private static String read(JarFile jar, String name) throws IOException {
    JarEntry entry = jar.getJarEntry(name);
    assertThat(entry).as(name).isNotNull();
    try (InputStream in = jar.getInputStream(entry)) {
      return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    }
  }
}
