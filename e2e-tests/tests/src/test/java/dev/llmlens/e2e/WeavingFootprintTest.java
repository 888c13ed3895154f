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
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What weaving costs a process in classes: the agent jar carries ByteBuddy's transformer factory
 * without the Java 9 subclass ByteBuddy would otherwise generate, and load, at every start
 * (agent/src/build/java/dev/llmlens/build/LibraryClassPatches.java), and the advice's call
 * kind is bound without ByteBuddy's {@code JavaConstant}, whose dispatchers are 7 JDK proxy
 * classes (AdviceOnce); ByteBuddy's other dispatchers are small generated classes rather than JDK
 * proxies (ByteBuddyWeaving); and the agent's classes are read from its jar by its own class loader
 * rather than by the application's (AgentClassLoader). Checked on a run that weaves and observes
 * its calls, from the JVM's own class-loading log.
 */
class WeavingFootprintTest {

  @AutoClose final ScriptedOpenAiServer server = OpenAiScript.server();

  @Test
  void weavingGeneratesNoTransformerSubclassNorConstantDispatchers(@TempDir Path directory) throws IOException {
    List<String> loaded = classLogOfARunThatWeaves(directory);
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

  @Test
  void theAgentsClassesComeFromItsOwnLoaderNotTheApplications(@TempDir Path directory) throws IOException {
    List<String> loaded = classLogOfARunThatWeaves(directory);
    Map<String, Long> agentClassesByLoader = new TreeMap<>();
    List<String> generatedDispatchers = new java.util.ArrayList<>();
    for (int i = 0; i + 1 < loaded.size(); i++) {
      Matcher name = LOADED.matcher(loaded.get(i));
      Matcher loader = LOADER.matcher(loaded.get(i + 1));
      // The scenario app's own classes (dev.llmlens.e2e) are not the agent's.
      if (name.find() && name.group(1).startsWith("dev.llmlens.") && !name.group(1).startsWith("dev.llmlens.e2e.") && loader.find()) {
        String by = loader.group(1) != null ? loader.group(1) : loader.group(2);
        String key = by.equals("dev/llmlens/agent/AgentClassLoader") ? "AgentClassLoader" : name.group(1) + " by " + by;
        if (by.equals("dev/llmlens/shaded/net/bytebuddy/utility/dispatcher/JavaDispatcher$DynamicClassLoader")) {
          key = "ByteBuddy's generated dispatchers";
          generatedDispatchers.add(name.group(1).substring("dev.llmlens.shaded.net.bytebuddy.".length()));
        }
        agentClassesByLoader.merge(key, 1L, Long::sum);
      }
    }
    assertThat(agentClassesByLoader.get("AgentClassLoader")).as("classes the agent's loader defined").isGreaterThan(1_500);
    // ByteBuddy reaches the JDK methods it cannot link against through these: generated
    // (ByteBuddyWeaving sets net.bytebuddy.generate), where ByteBuddy's default is a JDK proxy
    // each, written by the JDK's own ASM with computed frames.
    assertThat(generatedDispatchers)
        .as("ByteBuddy's dispatchers, in a loader of their own")
        .containsExactlyInAnyOrder(
            "utility.Invoker$Dispatcher",
            "utility.JavaModule$Resolver$Proxy",
            "utility.JavaModule$Module$Proxy",
            "description.type.TypeDescription$ForLoadedType$Dispatcher$Proxy",
            "description.type.TypeDefinition$Sort$AnnotatedType$Proxy",
            "description.method.MethodDescription$InDefinedShape$AbstractBase$Executable$Proxy",
            "description.method.ParameterList$ForLoadedExecutable$Executable$Proxy",
            "agent.builder.AgentBuilder$Default$Dispatcher$Proxy",
            "agent.builder.AgentBuilder$RedefinitionStrategy$Dispatcher$Proxy");
    assertThat(agentClassesByLoader)
        .as("every other class of the agent jar's, by loader")
        .containsOnlyKeys(
            "AgentClassLoader",
            "dev.llmlens.agent.LlmLensAgent by jdk/internal/loader/ClassLoaders$AppClassLoader",
            "dev.llmlens.agent.AgentClassLoader by jdk/internal/loader/ClassLoaders$AppClassLoader",
            "dev.llmlens.agent.AgentJarClassFiles by jdk/internal/loader/ClassLoaders$AppClassLoader",
            "dev.llmlens.agent.AgentJarClassFiles$Reader by jdk/internal/loader/ClassLoaders$AppClassLoader",
            "dev.llmlens.bootstrap.LlmCallHandler by bootstrap",
            "dev.llmlens.bootstrap.LlmCalls by bootstrap",
            "dev.llmlens.bootstrap.ClassDefinitions by bootstrap",
            "dev.llmlens.bootstrap.ClassDefinitions$Watch by bootstrap",
            // ClassLoaderHook checks its hook on two classes it defines in a throwaway loader.
            "dev.llmlens.agent.install.ClassLoaderHookProbe1 by dev/llmlens/agent/install/ClassLoaderHook$Probe",
            "dev.llmlens.agent.install.ClassLoaderHookProbe2 by dev/llmlens/agent/install/ClassLoaderHook$Probe",
            "ByteBuddy's generated dispatchers");
  }

  private static final Pattern LOADED = Pattern.compile("\\]\\[class,load\\] (\\S+) source: ");
  private static final Pattern LOADER = Pattern.compile("loader: \\[loader data: \\S+ (?:of '(bootstrap)'|for instance a '([^']+)')");

  /** The JVM's class-loading log, with the loader of each class (debug level). */
  private List<String> classLogOfARunThatWeaves(Path directory) throws IOException {
    Path classLog = directory.resolve("classes.log");
    runThatWeaves(ChildJvm.agentJar(), server.baseUrl(), classLog);
    return Files.readAllLines(classLog);
  }

  /**
   * The chat app with the agent of {@code agentJar}, its class loading logged with each class's
   * loader into {@code classLog}; checked to have made, and the agent to have counted, its calls.
   */
  static ChildJvm.Result runThatWeaves(Path agentJar, String serverUrl, Path classLog) throws IOException {
    try (OtlpReceiver receiver = OtlpReceiver.start()) {
      ChildJvm.Result result =
          ScenarioApps.exportingTo(ScenarioApps.withAgent(ScenarioApps.chatApp(), ScenarioApps.CHAT_APP), receiver)
              .agent(agentJar)
              .jvmArg("-Xlog:class+load=debug:file=" + classLog)
              .args(serverUrl, BadInputTest.PLAN)
              .run()
              .requireSuccess();
      assertThat(ScenarioApps.callLines(result)).isEqualTo(BadInputTest.CALLS);
      assertThat(receiver.metrics().sum("ai.requests", Map.of("status", "success"))).isEqualTo(2);
      return result;
    }
  }
}
