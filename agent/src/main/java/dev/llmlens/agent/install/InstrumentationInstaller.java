package dev.llmlens.agent.install;

import dev.llmlens.agent.config.AgentConfig;
import dev.llmlens.agent.log.AgentLog;
import dev.llmlens.instrumentation.api.InstrumentationModule;
import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.Instrumentation;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Installs the enabled modules. At JVM start only a {@link LibraryWatch} is registered, and
 * ByteBuddy ({@link ByteBuddyWeaving}) is built when the first class of an instrumented library
 * loads. When the agent is attached to a running JVM, or a library class is already loaded,
 * ByteBuddy is installed at once and retransforms what is loaded.
 *
 * <p>This class uses JDK types only: the JVM verifies a class as a whole, and ByteBuddy types in
 * any of its methods could load ByteBuddy at start-up.
 */
public final class InstrumentationInstaller {

  private InstrumentationInstaller() {}

  /**
   * @param onFirstTransformation runs (once) before the first library class is woven: it builds
   *     the OpenTelemetry SDK, so that happens only in processes that make LLM calls
   */
  public static ClassFileTransformer install(
      Instrumentation instrumentation,
      List<InstrumentationModule> modules,
      AgentConfig config,
      final Runnable onFirstTransformation) {
    final List<InstrumentationModule> enabled = new ArrayList<InstrumentationModule>();
    Set<String> packages = new LinkedHashSet<String>();
    for (InstrumentationModule module : modules) {
      if (config.instrumentationEnabled(module.name())) {
        enabled.add(module);
        packages.add(LibraryWatch.packageOf(module.libraryCheck().markerClass()));
      } else {
        AgentLog.debug(module.name() + ": disabled by " + AgentConfig.instrumentationSwitch(module.name()));
      }
    }
    LibraryWatch watch =
        new LibraryWatch(
            packages,
            new LibraryWatch.Weaver() {
              @Override
              public ClassFileTransformer build() {
                long started = System.nanoTime();
                ClassFileTransformer transformer = ByteBuddyWeaving.transformer(enabled, onFirstTransformation);
                AgentLog.debug("ByteBuddy built in " + (System.nanoTime() - started) / 1_000_000 + " ms, on the first library class");
                return transformer;
              }
            });
    for (Class<?> loaded : instrumentation.getAllLoadedClasses()) {
      if (watch.watches(loaded.getName().replace('.', '/'))) {
        AgentLog.debug(loaded.getName() + " is already loaded: ByteBuddy retransforms the loaded classes");
        return ByteBuddyWeaving.installOn(instrumentation, enabled, onFirstTransformation);
      }
    }
    instrumentation.addTransformer(watch, true);
    return watch;
  }
}
