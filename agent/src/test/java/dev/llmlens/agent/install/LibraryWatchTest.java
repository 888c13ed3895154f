package dev.llmlens.agent.install;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.Instrumentation;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import net.bytebuddy.agent.ByteBuddyAgent;
import org.junit.jupiter.api.Test;

/**
 * The transformer registered at JVM start: a name check keeps every other class away from
 * ByteBuddy, the first library class starts telemetry once, the named classes wait for ByteBuddy
 * while the others load at once and are retransformed when it is ready, and a library class
 * loads unchanged whatever goes wrong on ByteBuddy's side.
 */
class LibraryWatchTest {

  private static final byte[] ORIGINAL = {1, 2, 3};
  private static final byte[] WOVEN = {4, 5, 6};
  private static final List<String> PACKAGES = List.of("com/openai/", "dev/langchain4j/");
  private static final List<String> NAMED = List.of(
      "com.openai.services.blocking.chat.ChatCompletionServiceImpl", "dev.langchain4j.service.DefaultAiServices$*");

  private final AtomicInteger libraryFound = new AtomicInteger();
  private final List<String> shownToByteBuddy = new CopyOnWriteArrayList<>();

  private final ClassFileTransformer byteBuddy =
      new ClassFileTransformer() {
        @Override
        public byte[] transform(ClassLoader loader, String name, Class<?> redefined, java.security.ProtectionDomain domain, byte[] file) {
          shownToByteBuddy.add(name);
          return WOVEN;
        }
      };

  /** Every class of both libraries may match: what the watch does with candidates. */
  private static final CandidateClasses EVERY_CLASS = new CandidateClasses(List.of("com.openai.*", "dev.langchain4j.*"), List.of());

  private final LibraryWatch watch = new LibraryWatch(PACKAGES, NAMED, EVERY_CLASS, EVERY_CLASS, libraryFound::incrementAndGet);

  private byte[] load(String name) {
    return watch.transform(getClass().getClassLoader(), name, null, null, ORIGINAL);
  }

  @Test
  void otherClassesAreNotShownToByteBuddyAndStartNothing() {
    watch.built(byteBuddy);

    assertThat(load("com/acme/support/App")).isNull();
    assertThat(load("com/openaix/Lookalike")).isNull();
    assertThat(load("kotlin/jvm/internal/Intrinsics")).isNull();
    assertThat(watch.transform(null, null, null, null, ORIGINAL)).isNull();

    assertThat(shownToByteBuddy).isEmpty();
    assertThat(libraryFound).hasValue(0);
  }

  @Test
  void onceByteBuddyIsBuiltEveryLibraryClassIsShownToItAndTheFirstStartsTelemetryOnce() {
    assertThat(watch.built(byteBuddy)).isEmpty();

    assertThat(load("com/openai/core/ClientOptions")).isEqualTo(WOVEN);
    assertThat(load("com/openai/services/blocking/chat/ChatCompletionServiceImpl")).isEqualTo(WOVEN);
    assertThat(load("dev/langchain4j/model/chat/ChatModel")).isEqualTo(WOVEN);

    assertThat(shownToByteBuddy).hasSize(3);
    assertThat(libraryFound).hasValue(1);
  }

  @Test
  void beforeByteBuddyIsBuiltOtherLibraryClassesLoadAtOnceAndAreHandedBackForRetransformation() {
    assertThat(load("com/openai/client/okhttp/OpenAIOkHttpClient")).isNull();
    assertThat(load("com/openai/core/ClientOptions")).isNull();
    assertThat(load("com/acme/support/App")).isNull();
    assertThat(libraryFound).hasValue(1);

    assertThat(watch.built(byteBuddy))
        .containsExactly("com/openai/client/okhttp/OpenAIOkHttpClient", "com/openai/core/ClientOptions");
    assertThat(shownToByteBuddy).isEmpty();
    // Retransformed: the JVM shows the class again, and now ByteBuddy sees it.
    assertThat(watch.transform(getClass().getClassLoader(), "com/openai/core/ClientOptions", Object.class, null, ORIGINAL))
        .isEqualTo(WOVEN);
  }

  @Test
  void onlyTheClassesThatMayMatchAreShownToByteBuddyOrRememberedButEveryOneStartsTelemetry() {
    LibraryWatch named =
        new LibraryWatch(PACKAGES, NAMED, new CandidateClasses(NAMED, List.of()), new CandidateClasses(NAMED, List.of()), libraryFound::incrementAndGet);

    assertThat(named.transform(getClass().getClassLoader(), "com/openai/models/ChatModel", null, null, ORIGINAL)).isNull();
    assertThat(libraryFound).hasValue(1);
    assertThat(named.built(byteBuddy)).isEmpty();

    assertThat(named.transform(getClass().getClassLoader(), "com/openai/core/JsonValue", null, null, ORIGINAL)).isNull();
    assertThat(named.transform(
            getClass().getClassLoader(), "com/openai/services/blocking/chat/ChatCompletionServiceImpl", null, null, ORIGINAL))
        .isEqualTo(WOVEN);
    assertThat(named.transform(getClass().getClassLoader(), "dev/langchain4j/service/DefaultAiServices$2", null, null, ORIGINAL))
        .isEqualTo(WOVEN);
    assertThat(shownToByteBuddy)
        .containsExactly("com/openai/services/blocking/chat/ChatCompletionServiceImpl", "dev/langchain4j/service/DefaultAiServices$2");
  }

  @Test
  void aNamedClassThatComesBeforeTheBuildWaitsForIt() throws Exception {
    CompletableFuture<byte[]> service =
        CompletableFuture.supplyAsync(() -> load("com/openai/services/blocking/chat/ChatCompletionServiceImpl"));
    CompletableFuture<byte[]> aiService =
        CompletableFuture.supplyAsync(() -> load("dev/langchain4j/service/DefaultAiServices$1"));
    for (int i = 0; i < 500 && libraryFound.get() == 0; i++) {
      Thread.sleep(10);
    }
    // Telemetry starts at once, before the wait.
    assertThat(libraryFound).hasValue(1);
    Thread.sleep(200);
    assertThat(service).isNotDone();
    assertThat(aiService).isNotDone();

    watch.built(byteBuddy);
    assertThat(service.get(10, TimeUnit.SECONDS)).isEqualTo(WOVEN);
    assertThat(aiService.get(10, TimeUnit.SECONDS)).isEqualTo(WOVEN);
  }

  @Test
  void tooManyClassesBeforeTheBuildAskForAllOfThemToBeRetransformed() {
    for (int i = 0; i <= LibraryWatch.MAX_REMEMBERED; i++) {
      load("com/openai/models/Model" + i);
    }
    assertThat(watch.built(byteBuddy)).isNull();
  }

  @Test
  void aFailedBuildLeavesLibraryClassesUnchangedAndReleasesTheWaitingOnes() throws Exception {
    CompletableFuture<byte[]> service =
        CompletableFuture.supplyAsync(() -> load("com/openai/services/blocking/chat/ChatCompletionServiceImpl"));
    Thread.sleep(100);

    watch.built(null);

    assertThat(service.get(10, TimeUnit.SECONDS)).isNull();
    assertThat(load("com/openai/core/ClientOptions")).isNull();
  }

  @Test
  void aTransformerThatThrowsLeavesTheClassUnchanged() {
    watch.built(new ClassFileTransformer() {
      @Override
      public byte[] transform(ClassLoader loader, String name, Class<?> redefined, java.security.ProtectionDomain domain, byte[] file) {
        throw new IllegalStateException("boom");
      }
    });

    assertThat(load("com/openai/core/ClientOptions")).isNull();
  }

  @Test
  void aWatchedPackageIsTheMarkerClassesTopTwoSegments() {
    assertThat(LibraryWatch.packageOf("com.openai.core.ClientOptions")).isEqualTo("com/openai/");
    assertThat(LibraryWatch.packageOf("dev.langchain4j.model.chat.ChatModel")).isEqualTo("dev/langchain4j/");
    assertThat(LibraryWatch.packageOf("acme.Client")).isEqualTo("acme/Client/");
  }

  /** Loaded only by the test below, after the watch is registered. */
  static final class LateLibraryClass {}

  @Test
  void aClassLoadedBeforeTheBuildIsRetransformedOnceByteBuddyIsReady() throws Exception {
    Instrumentation instrumentation = ByteBuddyAgent.install();
    String name = LateLibraryClass.class.getName().replace('.', '/');
    // Naming the class loads it, before the watch is registered: its first load is played to the
    // watch by hand, as the JVM would have, and its retransformation is the JVM's own.
    CandidateClasses woven = new CandidateClasses(List.of(LateLibraryClass.class.getName()), List.of());
    LibraryWatch late = new LibraryWatch(List.of(name), List.of(), woven, woven, () -> {});
    List<String> seen = new CopyOnWriteArrayList<>();
    instrumentation.addTransformer(late, true);
    try {
      late.transform(getClass().getClassLoader(), name, null, null, ORIGINAL);
      java.util.Collection<String> remembered = late.built(new ClassFileTransformer() {
        @Override
        public byte[] transform(ClassLoader loader, String className, Class<?> redefined, java.security.ProtectionDomain domain, byte[] file) {
          seen.add(className + (redefined != null ? " (retransformed)" : ""));
          return null;
        }
      });
      assertThat(remembered).containsExactly(name);

      assertThat(WeaverInBackground.retransform(instrumentation, late, null, null, remembered)).isEqualTo(1);

      assertThat(seen).containsExactly(name + " (retransformed)");
    } finally {
      instrumentation.removeTransformer(late);
    }
  }
  @Test
  void aWatchedPackageIsGivenToClassLoaderByItsBinaryName() {
    assertThat(watch.binaryPackages()).containsExactly("com.openai.", "dev.langchain4j.");
  }

  /**
   * Registered only while it retransforms, while ClassLoader's hook shows it every class being
   * defined: a class being defined meanwhile, or one woven already, is not woven twice.
   */
  @Test
  void forRetransformationOnlyClassesBeingRetransformedThatAreNotWovenYetAreShownToByteBuddy() throws Exception {
    watch.built(byteBuddy);
    ClassFileTransformer retransformer = watch.forRetransformation();
    byte[] notWoven = classFile(NamePatterns.class);
    byte[] wovenAlready = classFile(dev.llmlens.instrumentation.api.BlockingCallAdvice.class);

    assertThat(retransformer.transform(getClass().getClassLoader(), "com/openai/A", null, null, notWoven)).isNull();
    assertThat(retransformer.transform(getClass().getClassLoader(), "com/openai/B", String.class, null, wovenAlready)).isNull();
    assertThat(shownToByteBuddy).isEmpty();

    assertThat(retransformer.transform(getClass().getClassLoader(), "com/openai/C", String.class, null, notWoven)).isEqualTo(WOVEN);
    assertThat(shownToByteBuddy).containsExactly("com/openai/C");
  }

  @Test
  void aClassFileCallsTheBridgeWhenItNamesLlmCalls() throws Exception {
    assertThat(LibraryWatch.callsTheBridge(classFile(dev.llmlens.instrumentation.api.BlockingCallAdvice.class))).isTrue();
    assertThat(LibraryWatch.callsTheBridge(classFile(NamePatterns.class))).isFalse();
    assertThat(LibraryWatch.callsTheBridge(new byte[0])).isFalse();
    assertThat(LibraryWatch.callsTheBridge("xdev/llmlens/bootstrap/LlmCall".getBytes(java.nio.charset.StandardCharsets.US_ASCII))).isFalse();
    assertThat(LibraryWatch.callsTheBridge("dev/llmlens/bootstrap/LlmCalls".getBytes(java.nio.charset.StandardCharsets.US_ASCII))).isTrue();
  }

  private static byte[] classFile(Class<?> type) throws java.io.IOException {
    try (java.io.InputStream in = type.getResourceAsStream(type.getSimpleName() + ".class")) {
      return in.readAllBytes();
    }
  }
}
