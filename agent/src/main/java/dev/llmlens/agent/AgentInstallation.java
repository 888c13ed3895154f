package dev.llmlens.agent;

import dev.llmlens.agent.config.AgentConfig;
import dev.llmlens.agent.dispatch.AttributionResolver;
import dev.llmlens.agent.dispatch.LlmCallDispatcher;
import dev.llmlens.agent.install.InstrumentationInstaller;
import dev.llmlens.agent.log.AgentLog;
import dev.llmlens.agent.pricing.PriceCatalog;
import dev.llmlens.agent.recorder.LlmCallRecorder;
import dev.llmlens.agent.telemetry.Telemetry;
import dev.llmlens.bootstrap.LlmCalls;
import dev.llmlens.instrumentation.api.InstrumentationModule;
import dev.llmlens.instrumentation.api.LlmCallReader;
import dev.llmlens.instrumentation.api.OperationReader;
import java.lang.instrument.Instrumentation;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Start-up, second half, once the bridge is on the bootstrap class loader: the dispatcher behind
 * the bridge, then the woven classes. The OpenTelemetry SDK (exporters, threads, the Prometheus
 * port) is built later, by {@link LazyRecorder}, when the first LLM client class is woven: a
 * process that never calls an LLM pays almost nothing for the agent.
 */
final class AgentInstallation {

  private AgentInstallation() {}

  static void install(Instrumentation instrumentation, List<InstrumentationModule> modules, AgentConfig config) {
    if (runsFromJar() && LlmCalls.class.getClassLoader() != null) {
      // Woven code would call a different copy of the bridge and nothing would be recorded.
      AgentLog.warn(
          "the bridge classes are not on the bootstrap class loader ("
              + LlmCalls.class.getClassLoader() + "); the agent stays inactive. Report this with "
              + "the JVM version and how the agent was attached.");
      return;
    }
    Map<String, LlmCallReader> readers = new HashMap<String, LlmCallReader>();
    Map<String, OperationReader> operationReaders = new HashMap<String, OperationReader>();
    for (InstrumentationModule module : modules) {
      readers.putAll(module.readers());
      operationReaders.putAll(module.operationReaders());
    }
    LazyRecorder recorder = new LazyRecorder(config);
    LlmCalls.install(
        new LlmCallDispatcher(
            readers,
            operationReaders,
            recorder,
            new AttributionResolver(config.feature(), config.attributionRules(), config.baggageKeys())));
    long beforeInstall = System.nanoTime();
    InstrumentationInstaller.install(instrumentation, modules, config, recorder::get);
    AgentLog.debug("ByteBuddy installed in " + (System.nanoTime() - beforeInstall) / 1_000_000 + " ms");
    AgentLog.debug("started with modules " + readers.keySet());
  }

  private static boolean runsFromJar() {
    java.security.CodeSource source = AgentInstallation.class.getProtectionDomain().getCodeSource();
    return source != null && source.getLocation() != null && source.getLocation().getPath().endsWith(".jar");
  }

  /** Builds telemetry and the recorder once, on first use, from whichever thread comes first. */
  static final class LazyRecorder implements Supplier<LlmCallRecorder> {
    private final AgentConfig config;
    private volatile LlmCallRecorder recorder;

    LazyRecorder(AgentConfig config) {
      this.config = config;
    }

    @Override
    public LlmCallRecorder get() {
      LlmCallRecorder ready = recorder;
      if (ready != null) {
        return ready;
      }
      synchronized (this) {
        if (recorder == null) {
          long started = System.nanoTime();
          Telemetry telemetry = Telemetry.start(config);
          List<String> priceProblems = new ArrayList<String>();
          PriceCatalog prices = PriceCatalog.load(config.pricingFile(), priceProblems);
          for (String problem : priceProblems) {
            AgentLog.warn(problem);
          }
          recorder = new LlmCallRecorder(telemetry.meter(), telemetry.tracer(), prices, config.cardinalityLimit());
          AgentLog.debug("telemetry started in " + (System.nanoTime() - started) / 1_000_000 + " ms");
        }
        return recorder;
      }
    }
  }
}
