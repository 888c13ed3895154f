package dev.llmlens.agent.install;

import dev.llmlens.agent.log.AgentLog;
import dev.llmlens.instrumentation.api.InstrumentationModule;
import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.Instrumentation;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Builds ByteBuddy's transformer on a thread of its own, started when the first class of an
 * instrumented library loads ({@link WeaverStartOnFirstLibraryClass}). ByteBuddy is about
 * 1,100 classes and most of the agent's start-up CPU; built here they load while the application
 * starts on the other core, instead of before {@code main} (premain waited 0.8 to 1.2 s for it)
 * or on the thread of the application's first LLM call (which then ran it cold: README,
 * Performance). Once built, it hands the transformer to the {@link LibraryWatch}, retransforms the
 * library classes that loaded meanwhile, and warms the weaving code up.
 */
final class WeaverInBackground {

  /** Passed-over classes not yet defined when ByteBuddy is ready are looked for again, this often. */
  private static final int LOOKUPS = 4;

  private WeaverInBackground() {}

  /** @param allLoaded see {@link #build} */
  static void start(
      final List<InstrumentationModule> modules,
      final Runnable onFirstTransformation,
      final LibraryWatch watch,
      final Instrumentation instrumentation,
      final boolean hooked,
      final boolean allLoaded) {
    Thread thread =
        new Thread(
            new Runnable() {
              @Override
              public void run() {
                if (build(modules, onFirstTransformation, watch, instrumentation, hooked, allLoaded)) {
                  warmUp();
                }
              }
            },
            "llmlens-weaver-build");
    thread.setDaemon(true);
    thread.start();
  }

  /**
   * @param hooked whether the watch is in {@code ClassLoader.defineClass} ({@link
   *     ClassLoaderHook}) rather than registered as a transformer: it is then registered only
   *     while the classes it passed over are retransformed
   * @param allLoaded retransform every loaded library class an instrumentation may weave
   *     ({@link LibraryWatch#mayWeave}), not only those the watch passed over
   * @return whether ByteBuddy's transformer was built
   */
  static boolean build(
      List<InstrumentationModule> modules,
      Runnable onFirstTransformation,
      LibraryWatch watch,
      Instrumentation instrumentation,
      boolean hooked,
      boolean allLoaded) {
    long started = System.nanoTime();
    ClassFileTransformer transformer = null;
    try {
      transformer = ByteBuddyWeaving.transformer(modules, onFirstTransformation);
      AgentLog.debug("ByteBuddy built in " + (System.nanoTime() - started) / 1_000_000 + " ms");
    } catch (Throwable failure) {
      AgentLog.warn("could not build the instrumentation; LLM calls run unobserved: " + failure);
    }
    Collection<String> passedOver = watch.built(transformer);
    Collection<String> late = allLoaded ? null : passedOver;
    if (transformer == null) {
      return false;
    }
    ClassFileTransformer retransformer = hooked && (late == null || !late.isEmpty()) ? watch.forRetransformation() : null;
    try {
      if (retransformer != null) {
        instrumentation.addTransformer(retransformer, true);
      }
      retransform(instrumentation, watch, late);
    } catch (Throwable failure) {
      AgentLog.warn("could not weave the library classes loaded during start-up; some calls may run unobserved: " + failure);
    } finally {
      if (retransformer != null) {
        instrumentation.removeTransformer(retransformer);
      }
    }
    return true;
  }

  /**
   * Weaves a stand-in class once, so that the first library class the application loads finds
   * ByteBuddy's weaving code loaded and run (see {@link ByteBuddyWeaving#warmUp}).
   */
  static void warmUp() {
    try {
      long warming = System.nanoTime();
      boolean woven = ByteBuddyWeaving.warmUp();
      AgentLog.debug("ByteBuddy's weaving warmed up in " + (System.nanoTime() - warming) / 1_000_000 + " ms" + (woven ? "" : ", weaving nothing"));
    } catch (Throwable failure) {
      // Only the first library class is slower for it.
      AgentLog.debug("the weaving warm-up failed: " + failure);
    }
  }

  /**
   * Retransforms the library classes {@code late} (internal names; null: all those loaded that
   * an instrumentation may match) that loaded before ByteBuddy was built; the watch now hands
   * them to ByteBuddy, which weaves those that match. A class passed over may still be being
   * defined: it is looked for a few times.
   */
  static int retransform(Instrumentation instrumentation, LibraryWatch watch, Collection<String> late) throws InterruptedException {
    if (late != null && late.isEmpty()) {
      return 0;
    }
    Set<String> missing = late == null ? null : new HashSet<String>(late);
    int retransformed = 0;
    for (int lookup = 0; lookup < LOOKUPS && (missing == null || !missing.isEmpty()); lookup++) {
      if (lookup > 0) {
        Thread.sleep(25L << lookup);
      }
      List<Class<?>> found = new ArrayList<Class<?>>();
      for (Class<?> loaded : instrumentation.getAllLoadedClasses()) {
        String name = loaded.getName().replace('.', '/');
        if ((missing == null ? watch.mayWeave(loaded) : missing.remove(name)) && instrumentation.isModifiableClass(loaded)) {
          found.add(loaded);
        }
      }
      retransformed += retransform(instrumentation, found);
      if (missing == null) {
        break;
      }
    }
    AgentLog.debug(retransformed + " library classes loaded during start-up were shown to ByteBuddy"
        + (missing == null || missing.isEmpty() ? "" : "; not found: " + missing));
    return retransformed;
  }

  private static int retransform(Instrumentation instrumentation, List<Class<?>> classes) {
    if (classes.isEmpty()) {
      return 0;
    }
    try {
      instrumentation.retransformClasses(classes.toArray(new Class<?>[0]));
      return classes.size();
    } catch (Throwable batchFailed) {
      // One class the JVM refuses fails the whole batch: the others one by one.
      int done = 0;
      for (Class<?> type : classes) {
        try {
          instrumentation.retransformClasses(type);
          done++;
        } catch (Throwable failed) {
          AgentLog.debug("could not retransform " + type.getName() + ": " + failed);
        }
      }
      return done;
    }
  }
}
