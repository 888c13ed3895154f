package dev.llmlens.agent.install;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmlens.agent.log.AgentLog;
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
        new LibraryWatch(List.of("com/openai/"), List.of(), everyOpenAiClass(), everyOpenAiClass(), () -> {}) {
          @Override
          java.util.Collection<String> built(ClassFileTransformer transformer) {
            RecordingWatch.this.built.set(transformer);
            return super.built(transformer);
          }
        };
  }

  private static CandidateClasses everyOpenAiClass() {
    return new CandidateClasses(List.of("com.openai.*"), List.of());
  }

  private static CandidateClasses named(Class<?> type) {
    return new CandidateClasses(List.of(type.getName()), List.of());
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
    return new LibraryWatch(List.of(nested), List.of(), named(LoadedAndNamed.class), named(LoadedAndNamed.class), () -> {}) {
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

  static final class LoadedWhileLookingForALateClass {}

  /**
   * While a transformer that may retransform is registered, the JVM copies every class file any
   * thread loads to it: the watch's retransformer is registered only while the JVM retransforms,
   * not while the late classes are looked for, nor in the pauses between lookups.
   */
  @Test
  void classesLoadedWhileALateClassIsLookedForAreNotHandedToTheRetransformer() throws Exception {
    List<String> handed = new java.util.concurrent.CopyOnWriteArrayList<>();
    ClassFileTransformer retransformer = new ClassFileTransformer() {
      @Override
      public byte[] transform(
          ClassLoader loader, String internalName, Class<?> redefined, java.security.ProtectionDomain domain, byte[] classFile) {
        handed.add(internalName);
        return null;
      }
    };
    String nested = LoadedWhileLookingForALateClass.class.getName();
    byte[] classFile = getClass().getResourceAsStream(nested.substring(nested.lastIndexOf('.') + 1) + ".class").readAllBytes();
    Thread loading = new Thread(() -> {
      try {
        Thread.sleep(100);
        new ClassLoader(null) {
          Class<?> define() {
            return defineClass(nested, classFile, 0, classFile.length);
          }
        }.define();
      } catch (InterruptedException stopped) {
        Thread.currentThread().interrupt();
      }
    });
    loading.start();

    // Never loaded: looked for four times, 350 ms in all.
    int retransformed = WeaverInBackground.retransform(
        ByteBuddyAgent.install(), watchRecordingRetransformations(new java.util.ArrayList<>()), null, retransformer,
        List.of("dev/llmlens/agent/install/NeverLoaded"));
    loading.join();

    assertThat(retransformed).isZero();
    assertThat(handed).isEmpty();
  }

  static final class Marker {}

  static final class MarkerAlsoWoven {}

  /** A module of no instrumentation whose library check fails: {@code marker} lacks a method. */
  private static InstrumentationModule moduleMarkedBy(String name, Class<?> marker) {
    return new InstrumentationModule() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public LibraryCheck libraryCheck() {
        return new LibraryCheck("test:library", marker.getName(), "1.x", new LibraryCheck.RequiredMethod(marker.getName(), "absent"));
      }

      @Override
      public List<TypeInstrumentation> typeInstrumentations() {
        return List.of();
      }

      @Override
      public Map<String, LlmCallReader> readers() {
        return Map.of();
      }
    };
  }

  /**
   * A marker class loaded before ByteBuddy was ready is shown to it only for its library check:
   * the check runs without the JVM retransforming the class. One that an instrumentation may also
   * weave is retransformed.
   */
  @Test
  void aMarkerClassLoadedBeforeByteBuddyIsCheckedWithoutBeingRetransformed() throws Exception {
    assertThat(new Marker()).isNotNull();
    assertThat(new MarkerAlsoWoven()).isNotNull();
    ByteBuddyWeaving.Weaving weaving =
        ByteBuddyWeaving.weaving(List.of(moduleMarkedBy("marker.only", Marker.class), moduleMarkedBy("marker.woven", MarkerAlsoWoven.class)), () -> {});
    String nested = WeaverInBackgroundTest.class.getName().replace('.', '/') + "$";
    LibraryWatch watch = new LibraryWatch(
        List.of(nested),
        List.of(),
        new CandidateClasses(List.of(Marker.class.getName(), MarkerAlsoWoven.class.getName()), List.of()),
        named(MarkerAlsoWoven.class),
        () -> {});
    List<String> handed = new java.util.concurrent.CopyOnWriteArrayList<>();
    ClassFileTransformer retransformer = new ClassFileTransformer() {
      @Override
      public byte[] transform(
          ClassLoader loader, String internalName, Class<?> redefined, java.security.ProtectionDomain domain, byte[] classFile) {
        if (redefined != null) {
          handed.add(internalName.substring(internalName.lastIndexOf('$') + 1));
        }
        return null;
      }
    };
    List<String> events = new java.util.concurrent.CopyOnWriteArrayList<>();
    AgentLog.exportTo((severity, message) -> {}); // takes the events other tests logged before
    AgentLog.exportTo((severity, message) -> events.add(severity + " " + message));
    try {
      int shown = WeaverInBackground.retransform(
          ByteBuddyAgent.install(), watch, weaving, retransformer, List.of(nested + "Marker", nested + "MarkerAlsoWoven"));

      assertThat(shown).isEqualTo(2);
      assertThat(handed).containsExactly("MarkerAlsoWoven");
      assertThat(events).containsExactly(
          "WARN marker.only: this version of test:library is not instrumented (it lacks WeaverInBackgroundTest$Marker.absent()); supported"
              + " versions: 1.x. The application runs unchanged; its calls are not observed.");
    } finally {
      AgentLog.exportTo(null);
    }
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
