package dev.llmlens.agent.install;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URL;
import java.net.URLClassLoader;
import net.bytebuddy.dynamic.ClassFileLocator;
import net.bytebuddy.pool.TypePool;
import org.junit.jupiter.api.Test;

/** One type pool cache per class loader, kept from one transformation to the next, and bounded. */
class SharedTypePoolsTest {

  private final SharedTypePools pools = new SharedTypePools();

  @Test
  void aClassLoaderKeepsItsCacheAcrossTransformations() throws Exception {
    ClassLoader app = getClass().getClassLoader();
    try (URLClassLoader other = new URLClassLoader(new URL[0], null)) {
      assertThat(pools.locate(app)).isSameAs(pools.locate(app));
      assertThat(pools.locate(null)).isSameAs(pools.locate(null));
      assertThat(pools.locate(other)).isNotSameAs(pools.locate(app)).isNotSameAs(pools.locate(null));
    }
  }

  @Test
  void aTypeIsReadFromItsClassFileOnceForEveryClassShownLater() {
    ClassLoader app = getClass().getClassLoader();
    CountingLocator locator = new CountingLocator(ClassFileLocator.ForClassLoader.of(app));

    for (int i = 0; i < 3; i++) {
      TypePool pool = pools.typePool(locator, app);
      assertThat(pool.describe(LibraryWatch.class.getName()).resolve().getInterfaces().asErasures())
          .extracting(type -> type.getName())
          .containsExactly("java.lang.instrument.ClassFileTransformer");
    }

    assertThat(locator.reads(LibraryWatch.class.getName())).isEqualTo(1);
  }

  @Test
  void aCacheThatPassesItsBoundIsEmptied() {
    ClassLoader app = getClass().getClassLoader();
    TypePool.CacheProvider.Simple cache = (TypePool.CacheProvider.Simple) pools.locate(app);
    for (int i = 0; i <= SharedTypePools.MAX_TYPES; i++) {
      cache.register("com.example.Type" + i, new TypePool.Resolution.Illegal("com.example.Type" + i));
    }
    assertThat(cache.getStorage()).hasSize(SharedTypePools.MAX_TYPES + 1);

    assertThat(pools.locate(app)).isSameAs(cache);
    assertThat(cache.getStorage()).isEmpty();
  }

  /** Counts the class files read, by type name. */
  private static final class CountingLocator implements ClassFileLocator {
    private final ClassFileLocator delegate;
    private final java.util.Map<String, Integer> reads = new java.util.concurrent.ConcurrentHashMap<>();

    CountingLocator(ClassFileLocator delegate) {
      this.delegate = delegate;
    }

    int reads(String name) {
      return reads.getOrDefault(name, 0);
    }

    @Override
    public Resolution locate(String name) throws java.io.IOException {
      reads.merge(name, 1, Integer::sum);
      return delegate.locate(name);
    }

    @Override
    public void close() throws java.io.IOException {
      delegate.close();
    }
  }
}
