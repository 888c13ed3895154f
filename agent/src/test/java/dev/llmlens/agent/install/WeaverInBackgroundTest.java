package dev.llmlens.agent.install;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmlens.instrumentation.api.InstrumentationModule;
import dev.llmlens.instrumentation.api.LibraryCheck;
import dev.llmlens.instrumentation.api.LlmCallReader;
import dev.llmlens.instrumentation.api.TypeInstrumentation;
import java.lang.instrument.ClassFileTransformer;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import net.bytebuddy.agent.ByteBuddyAgent;
import org.junit.jupiter.api.Test;

/** ByteBuddy's transformer, built off the application's threads; a failed build weaves nothing. */
class WeaverInBackgroundTest {

  /** Records what the build hands over. */
  private static final class RecordingWatch {
    final AtomicReference<ClassFileTransformer> built = new AtomicReference<>();
    final LibraryWatch watch =
        new LibraryWatch(List.of("com/openai/"), List.of(), new CandidateClasses(List.of("com.openai.*"), List.of()), () -> {}) {
          @Override
          java.util.Collection<String> built(ClassFileTransformer transformer) {
            RecordingWatch.this.built.set(transformer);
            return super.built(transformer);
          }
        };
  }

  @Test
  void theBuiltTransformerLeavesClassesOfNoModuleAlone() throws Exception {
    RecordingWatch recording = new RecordingWatch();
    WeaverInBackground.build(List.of(), () -> {}, recording.watch, ByteBuddyAgent.install(), false, false);

    ClassFileTransformer transformer = recording.built.get();
    assertThat(transformer).isNotNull();
    byte[] classFile = getClass().getResourceAsStream("LibraryWatch.class").readAllBytes();
    assertThat(transformer.transform(getClass().getClassLoader(), "com/openai/core/ClientOptions", null, null, classFile)).isNull();
  }

  static final class LoadedAndNamed {}

  static final class LoadedNotNamed {}

  /** A watch over this test's nested classes, naming one, that records what it is shown again. */
  private static LibraryWatch watchRecordingRetransformations(List<String> shown) {
    String nested = WeaverInBackgroundTest.class.getName().replace('.', '/') + "$";
    return new LibraryWatch(List.of(nested), List.of(), new CandidateClasses(List.of(LoadedAndNamed.class.getName()), List.of()), () -> {}) {
      @Override
      public byte[] transform(
          ClassLoader loader, String internalName, Class<?> redefined, java.security.ProtectionDomain domain, byte[] classFile) {
        if (redefined != null) {
          shown.add(internalName.substring(internalName.lastIndexOf('$') + 1));
        }
        return super.transform(loader, internalName, redefined, domain, classFile);
      }
    };
  }

  @Test
  void classesLoadedBeforeTheWatchAreRetransformedWhenAllLoadedOnlyThoseAnInstrumentationMayMatch() throws Exception {
    assertThat(new LoadedAndNamed()).isNotNull();
    assertThat(new LoadedNotNamed()).isNotNull();
    List<String> shown = new java.util.concurrent.CopyOnWriteArrayList<>();

    assertThat(WeaverInBackground.build(List.of(), () -> {}, watchRecordingRetransformations(shown), ByteBuddyAgent.install(), true, true))
        .isTrue();
    assertThat(shown).containsExactly("LoadedAndNamed");

    shown.clear();
    // Otherwise only the classes the watch passed over: none here.
    WeaverInBackground.build(List.of(), () -> {}, watchRecordingRetransformations(shown), ByteBuddyAgent.install(), true, false);
    assertThat(shown).isEmpty();
  }

  @Test
  void theWarmUpWeavesTheRealAdviceIntoTheStandIn() throws Exception {
    assertThat(ByteBuddyWeaving.warmUp()).isTrue();
  }

  @Test
  void aModuleThatFailsToDescribeItsTypesLeavesNoTransformerAndReleasesTheWatch() {
    InstrumentationModule broken =
        new InstrumentationModule() {
          @Override
          public String name() {
            return "broken";
          }

          @Override
          public LibraryCheck libraryCheck() {
            throw new IllegalStateException("no library check");
          }

          @Override
          public List<TypeInstrumentation> typeInstrumentations() {
            throw new IllegalStateException("no types");
          }

          @Override
          public Map<String, LlmCallReader> readers() {
            return Map.of();
          }
        };
    RecordingWatch recording = new RecordingWatch();
    recording.built.set(new ClassFileTransformer() {});

    WeaverInBackground.build(List.of(broken), () -> {}, recording.watch, ByteBuddyAgent.install(), false, false);

    assertThat(recording.built.get()).isNull();
    // A named class would not wait for ever: the watch is released.
    assertThat(recording.watch.transform(null, "com/openai/Anything", Object.class, null, new byte[0])).isNull();
  }
}
