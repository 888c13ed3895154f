package dev.llmlens.agent.install;

import java.util.Map;
import java.util.WeakHashMap;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.pool.TypePool;

/**
 * One type pool cache per class loader, kept across transformations. ByteBuddy's default pool
 * strategy starts an empty cache for every class it is shown, so matching
 * {@code hasSuperType(...)} re-read the class files of every super type (Kotlin's, Jackson's,
 * the JDK's) for each of the ~270 openai-java classes a first call loads: 1.2 s on the
 * application's thread at start-up (README, Performance). With the cache each class file is read
 * once per class loader.
 *
 * <p>Class loaders are held weakly, so an undeployed application's loader can be collected, and
 * a loader's cache is emptied when it passes {@link #MAX_TYPES} entries: it only holds the
 * descriptions of the instrumented libraries' classes and their super types.
 */
final class SharedTypePools extends AgentBuilder.PoolStrategy.WithTypePoolCache {

  static final int MAX_TYPES = 20_000;

  private final Map<ClassLoader, TypePool.CacheProvider> caches = new WeakHashMap<ClassLoader, TypePool.CacheProvider>();
  private final TypePool.CacheProvider.Simple bootstrap = new TypePool.CacheProvider.Simple();

  SharedTypePools() {
    super(TypePool.Default.ReaderMode.FAST);
  }

  @Override
  protected TypePool.CacheProvider locate(ClassLoader loader) {
    if (loader == null) {
      return bounded(bootstrap);
    }
    synchronized (caches) {
      TypePool.CacheProvider cache = caches.get(loader);
      if (cache == null) {
        cache = new TypePool.CacheProvider.Simple();
        caches.put(loader, cache);
      }
      return bounded((TypePool.CacheProvider.Simple) cache);
    }
  }

  private static TypePool.CacheProvider bounded(TypePool.CacheProvider.Simple cache) {
    if (cache.getStorage().size() > MAX_TYPES) {
      cache.clear();
    }
    return cache;
  }
}
