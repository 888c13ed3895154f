package dev.llmlens.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmlens.e2e.fixture.ChildJvm;
import dev.llmlens.e2e.idle.IdleApp;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * With the agent on every JVM of a fleet, the ones that never load an LLM library pay only for
 * premain: neither ByteBuddy's transformer nor the OpenTelemetry SDK is built, and no port is
 * opened (README, Performance). Read from the JVM's class-loading log of a process that lives a
 * second, which is several times what building either takes in the background.
 */
class WithoutAnLlmLibraryTest {

  @Test
  void neitherByteBuddyNorTheSdkIsBuilt(@TempDir Path directory) throws IOException {
    Path classLog = directory.resolve("classes.log");
    ChildJvm.Result result =
        ChildJvm.builder()
            .agent(ChildJvm.agentJar())
            .classpath(ChildJvm.testClasspath())
            .mainClass(IdleApp.class.getName())
            .systemProperty("llmlens.debug", "true")
            .systemProperty("otel.metrics.exporter", "otlp,prometheus")
            .jvmArg("-Xlog:class+load=info:file=" + classLog)
            .run()
            .requireSuccess();

    assertThat(result.stdout()).contains("IDLE DONE");
    List<String> debug = result.stderr().lines().filter(line -> line.startsWith("[llmlens] DEBUG")).toList();
    assertThat(debug).anyMatch(line -> line.startsWith("[llmlens] DEBUG premain took "));
    assertThat(debug).noneMatch(line -> line.contains("ByteBuddy built") || line.contains("telemetry started"));
    List<String> loaded = Files.readAllLines(classLog);
    assertThat(loaded).as("the agent's start-up classes").anyMatch(line -> line.contains(" dev.llmlens.agent.LlmLensAgent "));
    assertThat(loaded)
        .as("ByteBuddy's transformer, the SDK, its exporters")
        .noneMatch(line -> line.contains(" dev.llmlens.shaded.net.bytebuddy.agent.builder.AgentBuilder$Default "))
        .noneMatch(line -> line.contains(" dev.llmlens.shaded.io.opentelemetry.sdk.OpenTelemetrySdk "))
        .noneMatch(line -> line.contains(" dev.llmlens.shaded.okhttp3."))
        .noneMatch(line -> line.contains(" dev.llmlens.shaded.io.prometheus."));
  }
}
