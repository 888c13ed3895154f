package dev.llmlens.agent.install;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmlens.instrumentation.api.LibrarySuperType;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * Which library classes may be matched, decided from class files: by name, or by a super type
 * reached through the library's own types. The nested types of this test are the "library"; the
 * class files of its super types are read once per class loader, and no class file from outside
 * the library is read.
 */
class CandidateClassesTest {

  interface Root {}

  interface SubRoot extends Root {}

  static class Direct implements Root {}

  static class Indirect extends Direct {}

  static class ThroughSubInterface implements SubRoot {}

  abstract static class Unrelated extends ArrayList<String> implements Runnable {}

  /** Reaches Root only through a type outside the library: not a candidate, by design. */
  static class ThroughOutside extends OutsideTheLibrary {}

  private static final String LIBRARY = CandidateClassesTest.class.getName() + "$";
  private static final byte[] NOT_A_CLASS_FILE = {1, 2, 3};

  private final CandidateClasses candidates =
      new CandidateClasses(
          List.of("com.openai.services.blocking.chat.ChatCompletionServiceImpl", "dev.langchain4j.service.DefaultAiServices$*"),
          List.of(LibrarySuperType.of(Root.class.getName(), LIBRARY)));

  /** Delegates to the test's class loader and records the class files read through it. */
  static final class RecordingLoader extends ClassLoader {
    final List<String> read = new CopyOnWriteArrayList<>();

    RecordingLoader() {
      super(CandidateClassesTest.class.getClassLoader());
    }

    @Override
    public InputStream getResourceAsStream(String name) {
      read.add(name.substring(name.lastIndexOf('$') + 1));
      return super.getResourceAsStream(name);
    }
  }

  private final RecordingLoader loader = new RecordingLoader();

  private boolean mayMatch(ClassLoader from, Class<?> type) throws IOException {
    String internalName = type.getName().replace('.', '/');
    try (InputStream in = CandidateClassesTest.class.getClassLoader().getResourceAsStream(internalName + ".class")) {
      return candidates.mayMatch(from, internalName, in.readAllBytes());
    }
  }

  @Test
  void namedClassesAndPrefixesAreCandidatesWithoutReadingTheirClassFiles() {
    assertThat(candidates.mayMatch(loader, "com/openai/services/blocking/chat/ChatCompletionServiceImpl", NOT_A_CLASS_FILE))
        .isTrue();
    assertThat(candidates.mayMatch(loader, "dev/langchain4j/service/DefaultAiServices$1", NOT_A_CLASS_FILE)).isTrue();
    assertThat(candidates.mayMatch(loader, "com/openai/services/blocking/chat/ChatCompletionServiceImplX", NOT_A_CLASS_FILE))
        .isFalse();
    assertThat(candidates.mayMatch(loader, "com/openai/models/ChatModel", NOT_A_CLASS_FILE)).isFalse();
    assertThat(loader.read).isEmpty();
  }

  @Test
  void classesReachingTheSuperTypeDirectlyThroughASuperclassOrASubInterfaceAreCandidates() throws IOException {
    assertThat(mayMatch(loader, Direct.class)).isTrue();
    assertThat(mayMatch(loader, Indirect.class)).isTrue();
    assertThat(mayMatch(loader, ThroughSubInterface.class)).isTrue();

    // Direct's own header came with its class file; only SubRoot's was read.
    assertThat(loader.read).containsExactly("SubRoot.class");
  }

  @Test
  void interfacesOtherClassesAndPathsOutsideTheLibraryAreNotAndOutsideClassFilesAreNotRead() throws IOException {
    assertThat(mayMatch(loader, SubRoot.class)).isFalse();
    assertThat(mayMatch(loader, Root.class)).isFalse();
    assertThat(mayMatch(loader, Unrelated.class)).isFalse();
    assertThat(mayMatch(loader, ThroughOutside.class)).isFalse();

    assertThat(loader.read).isEmpty();
  }

  @Test
  void aSuperTypesClassFileIsReadOncePerClassLoader() throws IOException {
    assertThat(mayMatch(loader, Indirect.class)).isTrue();
    assertThat(mayMatch(loader, Indirect.class)).isTrue();
    RecordingLoader other = new RecordingLoader();
    assertThat(mayMatch(other, Indirect.class)).isTrue();

    assertThat(loader.read).containsExactly("Direct.class");
    assertThat(other.read).containsExactly("Direct.class");
  }

  @Test
  void loadedClassesAreDecidedTheSameWayFromTheirClassObjectsWithoutReadingAnyClassFile() throws IOException {
    for (Class<?> type : List.of(Direct.class, Indirect.class, ThroughSubInterface.class)) {
      assertThat(candidates.mayMatch(type)).as(type.getSimpleName()).isTrue();
    }
    for (Class<?> type : List.of(SubRoot.class, Root.class, Unrelated.class, ThroughOutside.class, String.class)) {
      assertThat(candidates.mayMatch(type)).as(type.getSimpleName()).isFalse();
      assertThat(candidates.mayMatch(type)).as(type.getSimpleName()).isEqualTo(mayMatch(loader, type));
    }
    assertThat(new CandidateClasses(List.of(Unrelated.class.getName()), List.of()).mayMatch(Unrelated.class)).isTrue();
    assertThat(loader.read).isEmpty();
  }

  @Test
  void aMalformedClassFileOfTheLibraryIsNoCandidate() {
    assertThat(candidates.mayMatch(loader, LIBRARY.replace('.', '/') + "Broken", NOT_A_CLASS_FILE)).isFalse();
  }

  @Test
  void aMissingSuperTypeClassFileEndsThePath() {
    assertThat(CandidateClasses.read(loader, LIBRARY.replace('.', '/') + "Missing")).isEmpty();
    assertThat(CandidateClasses.read(loader, Indirect.class.getName().replace('.', '/')))
        .containsExactly(Direct.class.getName().replace('.', '/'));
  }
}

/** A class outside the "library" of {@link CandidateClassesTest} that implements its root. */
class OutsideTheLibrary implements CandidateClassesTest.Root {}
