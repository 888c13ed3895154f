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
    ByteBuddyWeaving.Weaving weaving = null;
    try {
      weaving = ByteBuddyWeaving.weaving(modules, onFirstTransformation);
      AgentLog.debug("ByteBuddy built in " + (System.nanoTime() - started) / 1_000_000 + " ms");
    } catch (Throwable failure) {
      AgentLog.warn("could not build the instrumentation; LLM calls run unobserved: " + failure);
    }
    Collection<String> passedOver = watch.built(weaving == null ? null : weaving.transformer);
    Collection<String> late = allLoaded ? null : passedOver;
    if (weaving == null) {
      return false;
    }
    try {
      retransform(instrumentation, watch, weaving, hooked ? watch.forRetransformation() : null, late);
    } catch (Throwable failure) {
      AgentLog.warn("could not weave the library classes loaded during start-up; some calls may run unobserved: " + failure);
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
   *
   * <p>A library's marker class, which no instrumentation weaves, is shown to ByteBuddy only for
   * its library check: that check runs here instead, and the class is not retransformed.
   *
   * @param weaving the modules' library checks; null to retransform marker classes too
   * @param retransformer the watch's transformer for retransformation, when the watch is not a
   *     registered transformer already ({@link ClassLoaderHook}); null otherwise
   * @return the classes retransformed or checked
   */
  static int retransform(
      Instrumentation instrumentation,
      LibraryWatch watch,
      ByteBuddyWeaving.Weaving weaving,
      ClassFileTransformer retransformer,
      Collection<String> late)
      throws InterruptedException {
    if (late != null && late.isEmpty()) {
      return 0;
    }
    long started = System.nanoTime();
    Set<String> missing = late == null ? null : new HashSet<String>(late);
    int retransformed = 0;
    int checked = 0;
    for (int lookup = 0; lookup < LOOKUPS && (missing == null || !missing.isEmpty()); lookup++) {
      if (lookup > 0) {
        Thread.sleep(25L << lookup);
      }
      List<Class<?>> found = new ArrayList<Class<?>>();
      for (Class<?> loaded : instrumentation.getAllLoadedClasses()) {
        String name = loaded.getName().replace('.', '/');
        if ((missing == null ? watch.mayWeave(loaded) : missing.remove(name)) && instrumentation.isModifiableClass(loaded)) {
          if (weaving != null && watch.onlyForTheLibraryCheck(loaded) && weaving.checkLibraryOf(loaded)) {
            checked++;
          } else {
            found.add(loaded);
          }
        }
      }
      retransformed += retransform(instrumentation, retransformer, found);
      if (missing == null) {
        break;
      }
    }
    AgentLog.debug(retransformed + " library classes loaded during start-up were shown to ByteBuddy and " + checked
        + " marker classes checked, in " + (System.nanoTime() - started) / 1_000_000 + " ms"
        + (missing == null || missing.isEmpty() ? "" : "; not found: " + missing));
    return retransformed + checked;
  }

  /**
   * Registers {@code retransformer} only while the JVM retransforms: as long as a transformer
   * that may retransform is registered, the JVM hands it every class that any thread loads, each
   * as a fresh copy of its class file (1.4 MB of them in a process that makes one call, when it
   * stayed registered across the lookups and their pauses).
   */
  private static int retransform(Instrumentation instrumentation, ClassFileTransformer retransformer, List<Class<?>> classes) {
    if (classes.isEmpty()) {
      return 0;
    }
    if (retransformer != null) {
      instrumentation.addTransformer(retransformer, true);
    }
    try {
      return retransformEach(instrumentation, classes);
    } finally {
      if (retransformer != null) {
        instrumentation.removeTransformer(retransformer);
      }
    }
  }

  private static int retransformEach(Instrumentation instrumentation, List<Class<?>> classes) {
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
