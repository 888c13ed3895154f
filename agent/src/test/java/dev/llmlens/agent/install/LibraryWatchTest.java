package dev.llmlens.agent.install;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.instrument.ClassFileTransformer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The transformer registered at JVM start: a name check keeps every other class away from
 * ByteBuddy, the first library class starts telemetry once, and a library class loads unchanged
 * whatever goes wrong on ByteBuddy's side.
 */
class LibraryWatchTest {

  private static final byte[] ORIGINAL = {1, 2, 3};
  private static final byte[] WOVEN = {4, 5, 6};
  private static final List<String> PACKAGES = List.of("com/openai/", "dev/langchain4j/");

  private final AtomicInteger libraryFound = new AtomicInteger();
  private final AtomicInteger shownToByteBuddy = new AtomicInteger();

  private final ClassFileTransformer byteBuddy =
      new ClassFileTransformer() {
        @Override
        public byte[] transform(ClassLoader loader, String name, Class<?> redefined, java.security.ProtectionDomain domain, byte[] file) {
          shownToByteBuddy.incrementAndGet();
          return WOVEN;
        }
      };

  private byte[] load(LibraryWatch watch, String name) {
    return watch.transform(getClass().getClassLoader(), name, null, null, ORIGINAL);
  }

  @Test
  void otherClassesAreNotShownToByteBuddyAndStartNothing() {
    AtomicInteger builds = new AtomicInteger();
    LibraryWatch watch = new LibraryWatch(PACKAGES, () -> {
      builds.incrementAndGet();
      return byteBuddy;
    }, libraryFound::incrementAndGet);

    assertThat(load(watch, "com/acme/support/App")).isNull();
    assertThat(load(watch, "com/openaix/Lookalike")).isNull();
    assertThat(load(watch, "kotlin/jvm/internal/Intrinsics")).isNull();
    assertThat(watch.transform(null, null, null, null, ORIGINAL)).isNull();

    assertThat(builds).hasValue(0);
    assertThat(shownToByteBuddy).hasValue(0);
    assertThat(libraryFound).hasValue(0);
  }

  @Test
  void everyLibraryClassIsShownToByteBuddyAndTheFirstStartsTelemetryOnce() {
    LibraryWatch watch = new LibraryWatch(PACKAGES, () -> byteBuddy, libraryFound::incrementAndGet);

    assertThat(load(watch, "com/openai/core/ClientOptions")).isEqualTo(WOVEN);
    assertThat(load(watch, "com/openai/services/blocking/chat/ChatCompletionServiceImpl")).isEqualTo(WOVEN);
    assertThat(load(watch, "dev/langchain4j/model/chat/ChatModel")).isEqualTo(WOVEN);

    assertThat(shownToByteBuddy).hasValue(3);
    assertThat(libraryFound).hasValue(1);
  }

  @Test
  void aLibraryClassThatComesBeforeTheBuildWaitsForIt() throws Exception {
    CountDownLatch built = new CountDownLatch(1);
    LibraryWatch watch = new LibraryWatch(PACKAGES, () -> {
      try {
        built.await();
      } catch (InterruptedException e) {
        throw new AssertionError(e);
      }
      return byteBuddy;
    }, libraryFound::incrementAndGet);

    CompletableFuture<byte[]> loading = CompletableFuture.supplyAsync(() -> load(watch, "com/openai/core/ClientOptions"));
    // Telemetry starts at once, before the wait.
    for (int i = 0; i < 500 && libraryFound.get() == 0; i++) {
      Thread.sleep(10);
    }
    assertThat(libraryFound).hasValue(1);
    assertThat(loading).isNotDone();

    built.countDown();
    assertThat(loading.get(10, TimeUnit.SECONDS)).isEqualTo(WOVEN);
  }

  @Test
  void aFailedBuildLeavesLibraryClassesUnchanged() {
    LibraryWatch watch = new LibraryWatch(PACKAGES, () -> null, libraryFound::incrementAndGet);

    assertThat(load(watch, "com/openai/core/ClientOptions")).isNull();
    assertThat(libraryFound).hasValue(1);
  }

  @Test
  void aTransformerThatThrowsLeavesTheClassUnchanged() {
    LibraryWatch watch = new LibraryWatch(PACKAGES, () -> new ClassFileTransformer() {
      @Override
      public byte[] transform(ClassLoader loader, String name, Class<?> redefined, java.security.ProtectionDomain domain, byte[] file) {
        throw new IllegalStateException("boom");
      }
    }, libraryFound::incrementAndGet);

    assertThat(load(watch, "com/openai/core/ClientOptions")).isNull();
  }

  @Test
  void aWatchedPackageIsTheMarkerClassesTopTwoSegments() {
    assertThat(LibraryWatch.packageOf("com.openai.core.ClientOptions")).isEqualTo("com/openai/");
    assertThat(LibraryWatch.packageOf("dev.langchain4j.model.chat.ChatModel")).isEqualTo("dev/langchain4j/");
    assertThat(LibraryWatch.packageOf("acme.Client")).isEqualTo("acme/Client/");
  }
}
