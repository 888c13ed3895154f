package dev.llmlens.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmlens.e2e.fixture.ChildJvm;
import dev.llmlens.e2e.fixture.OtlpReceiver;
import dev.llmlens.e2e.fixture.ScriptedOpenAiServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What weaving costs a process in classes: the agent jar carries ByteBuddy's transformer factory
 * without the Java 9 subclass ByteBuddy would otherwise generate, and load, at every start
 * (agent/src/build/java/dev/llmlens/build/TransformerFactoryPatch.java), and the advice's call
 * kind is bound without ByteBuddy's {@code JavaConstant}, whose dispatchers are 7 JDK proxy
 * classes (AdviceOnce). Checked on a run that weaves and observes its calls, from the JVM's own
 * class-loading log.
 */
class WeavingFootprintTest {

  @AutoClose final ScriptedOpenAiServer server = OpenAiScript.server();

  @Test
  void weavingGeneratesNoClassOfByteBuddysOwn(@TempDir Path directory) throws IOException {
    Path classLog = directory.resolve("classes.log");
    try (OtlpReceiver receiver = OtlpReceiver.start()) {
      ChildJvm.Result result =
          ScenarioApps.exportingTo(ScenarioApps.withAgent(ScenarioApps.chatApp(), ScenarioApps.CHAT_APP), receiver)
              .jvmArg("-Xlog:class+load=info:file=" + classLog)
              .args(server.baseUrl(), BadInputTest.PLAN)
              .run()
              .requireSuccess();
      assertThat(ScenarioApps.callLines(result)).isEqualTo(BadInputTest.CALLS);
      assertThat(receiver.metrics().sum("ai.requests", Map.of("status", "success"))).isEqualTo(2);

      List<String> loaded = Files.readAllLines(classLog);
      String shaded = "dev.llmlens.shaded.net.bytebuddy.";
      assertThat(loaded)
          .as("the class log")
          .anyMatch(line -> line.contains(shaded + "agent.builder.AgentBuilder$Default$ExecutingTransformer$Factory$ForLegacyVm "))
          .anyMatch(line -> line.contains(shaded + "asm.Advice "));
      // The subclass, and what ByteBuddy needs only to write and load it: its method-call
      // implementation and its own class loader; and JavaConstant's implementation.
      assertThat(
              loaded.stream()
                  .filter(
                      line ->
                          line.contains("$ByteBuddy$ModuleSupport")
                              || line.contains("ExecutingTransformer$Factory$ForJava9CapableVm ")
                              || line.contains(shaded + "implementation.MethodCall ")
                              || line.contains(shaded + "dynamic.loading.ByteArrayClassLoader ")
                              || line.contains(shaded + "utility.JavaConstant$Simple ")))
          .as("classes loaded only to generate ByteBuddy's Java 9 transformer, or to bind a constant")
          .isEmpty();
    }
  }
}
