package dev.llmlens.agent.install;

import dev.llmlens.agent.config.AgentConfig;
import dev.llmlens.agent.log.AgentLog;
import dev.llmlens.instrumentation.api.InstrumentationModule;
import dev.llmlens.instrumentation.api.LibrarySuperType;
import dev.llmlens.instrumentation.api.TypeInstrumentation;
import java.lang.instrument.Instrumentation;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Installs the enabled modules. At JVM start a {@link LibraryWatch} is put in {@code
 * ClassLoader.defineClass} ({@link ClassLoaderHook}; registered as a transformer where that
 * cannot be done). When the first class of an instrumented library loads, ByteBuddy ({@link
 * ByteBuddyWeaving}) is built beside the application by {@link WeaverInBackground} ({@link
 * WeaverStartOnFirstLibraryClass}): never, in a process without one. The classes the
 * instrumentations name wait for it, and the library's other classes that load meanwhile are
 * retransformed once it is ready.
 * When a class an instrumentation may weave is already loaded (the agent attached to a running
 * JVM), ByteBuddy is built at once and retransforms the loaded classes it may weave, before
 * premain returns; other library classes loaded before premain (a JDK 25 AOT cache loads many)
 * are looked at once ByteBuddy, built in the background as usual, is ready. Either way the watch
 * sees the classes still to come.
 *
 * <p>This class uses JDK types only: the JVM verifies a class as a whole, and ByteBuddy types in
 * any of its methods could load ByteBuddy on the application's main thread.
 */
public final class InstrumentationInstaller {

  private InstrumentationInstaller() {}

  /**
   * @param onLibraryFound runs (once) when the first class of an instrumented library loads: it
   *     starts the OpenTelemetry SDK, so that happens only in processes that use an LLM library.
   *     It must return at once.
   */
  public static void install(
      final Instrumentation instrumentation,
      List<InstrumentationModule> modules,
      AgentConfig config,
      final Runnable onLibraryFound) {
    final List<InstrumentationModule> enabled = new ArrayList<InstrumentationModule>();
    Set<String> packages = new LinkedHashSet<String>();
    Set<String> waitFor = new LinkedHashSet<String>();
    Set<String> names = new LinkedHashSet<String>();
    List<LibrarySuperType> superTypes = new ArrayList<LibrarySuperType>();
    for (InstrumentationModule module : modules) {
      if (config.instrumentationEnabled(module.name())) {
        enabled.add(module);
        packages.add(LibraryWatch.packageOf(module.libraryCheck().markerClass()));
        names.add(module.libraryCheck().markerClass());
        for (TypeInstrumentation type : module.typeInstrumentations()) {
          if (type.namePattern() != null) {
            waitFor.add(type.namePattern());
          }
          if (type.librarySuperType() != null) {
            superTypes.add(type.librarySuperType());
          }
        }
      } else {
        AgentLog.debug(module.name() + ": disabled by " + AgentConfig.instrumentationSwitch(module.name()));
      }
    }
    if (enabled.isEmpty()) {
      // Nothing to weave: ByteBuddy (about 1,100 classes, 0.8 s of CPU and 45 MiB at start-up)
      // and the SDK are never built.
      AgentLog.debug("no instrumentation module is enabled: nothing is woven");
      return;
    }
    CandidateClasses woven = new CandidateClasses(waitFor, superTypes);
    names.addAll(waitFor);
    WeaverStartOnFirstLibraryClass weaverStart = new WeaverStartOnFirstLibraryClass(onLibraryFound);
    final LibraryWatch watch = new LibraryWatch(packages, waitFor, new CandidateClasses(names, superTypes), woven, weaverStart);
    Class<?> loaded = loadedLibraryClass(instrumentation, watch, woven);
    final boolean hooked = ClassLoaderHook.install(instrumentation, watch.binaryPackages(), watch);
    if (hooked) {
      AgentLog.debug("library classes are watched from ClassLoader.defineClass; no class file transformer is registered");
    } else {
      instrumentation.addTransformer(watch, true);
    }
    if (loaded != null && woven.mayMatch(loaded)) {
      // Attached to a running JVM, typically: a class an instrumentation weaves may be called
      // as soon as this returns, so ByteBuddy is built and weaves it first.
      AgentLog.debug(loaded.getName() + " is already loaded and may be woven: ByteBuddy is built now and retransforms the loaded library classes");
      WeaverInBackground.build(enabled, onLibraryFound, watch, instrumentation, hooked, true);
    } else if (loaded != null) {
      // Library classes loaded already, none of which is woven, are looked at again once
      // ByteBuddy is ready (a library's marker class reports an incompatible version).
      WeaverInBackground.start(enabled, onLibraryFound, watch, instrumentation, hooked, true);
    } else {
      weaverStart.armed(
          new Runnable() {
            @Override
            public void run() {
              WeaverInBackground.start(enabled, onLibraryFound, watch, instrumentation, hooked, false);
            }
          });
    }
  }

  /**
   * A loaded class of an instrumented library: one that {@code woven} may match if there is one,
   * else any; null when none is loaded.
   */
  private static Class<?> loadedLibraryClass(Instrumentation instrumentation, LibraryWatch watch, CandidateClasses woven) {
    Class<?> any = null;
    for (Class<?> loaded : instrumentation.getAllLoadedClasses()) {
      if (watch.watches(loaded.getName().replace('.', '/'))) {
        if (woven.mayMatch(loaded)) {
          return loaded;
        }
        any = any == null ? loaded : any;
      }
    }
    return any;
  }
}
