package dev.llmlens.instrumentation.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import net.bytebuddy.dynamic.ClassFileLocator;
import net.bytebuddy.matcher.ElementMatcher;
import net.bytebuddy.pool.TypePool;
import net.bytebuddy.description.type.TypeDescription;
import org.junit.jupiter.api.Test;

/**
 * The super-type matcher walks the library's own types only, as ByteBuddy's type pool describes
 * them at weaving time (from class files, lazily), and reads no class file from outside it.
 */
class SuperTypeInLibraryTest {

  interface Root {}

  interface SubRoot extends Root {}

  static class Direct implements Root {}

  static class Indirect extends Direct {}

  static class ThroughSubInterface implements SubRoot {}

  abstract static class Unrelated extends ArrayList<String> implements Runnable {}

  /** Reaches Root only through a type outside the library: not found, by design. */
  static class ThroughOutside extends OutsideLibrary {}

  private static final String LIBRARY = SuperTypeInLibraryTest.class.getName() + "$";
  private static final ElementMatcher<TypeDescription> MATCHER = SuperTypeInLibrary.implementing(Root.class.getName(), LIBRARY);

  private final List<String> classFilesRead = new CopyOnWriteArrayList<>();
  private final TypePool pool =
      new TypePool.Default.WithLazyResolution(
          new TypePool.CacheProvider.Simple(),
          new ClassFileLocator() {
            private final ClassFileLocator delegate = ClassFileLocator.ForClassLoader.of(getClass().getClassLoader());

            @Override
            public Resolution locate(String name) throws java.io.IOException {
              classFilesRead.add(name);
              return delegate.locate(name);
            }

            @Override
            public void close() {}
          },
          TypePool.Default.ReaderMode.FAST);

  private boolean matches(Class<?> type) {
    return MATCHER.matches(pool.describe(type.getName()).resolve());
  }

  @Test
  void findsTheSuperTypeDirectlyThroughASuperclassAndThroughASubInterface() {
    assertThat(matches(Direct.class)).isTrue();
    assertThat(matches(Indirect.class)).isTrue();
    assertThat(matches(ThroughSubInterface.class)).isTrue();
    assertThat(matches(SubRoot.class)).isTrue();
  }

  @Test
  void otherTypesDoNotMatchAndTheirOutsideSuperTypesAreNotRead() {
    assertThat(matches(Unrelated.class)).isFalse();
    assertThat(matches(Root.class)).isFalse();

    assertThat(classFilesRead).containsExactly(Unrelated.class.getName(), Root.class.getName());
  }

  @Test
  void aSuperTypeOutsideTheLibraryIsNotFollowed() {
    assertThat(matches(ThroughOutside.class)).isFalse();
    assertThat(classFilesRead).containsExactly(ThroughOutside.class.getName());
  }
}
