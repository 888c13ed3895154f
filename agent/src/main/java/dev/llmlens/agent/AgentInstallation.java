package dev.llmlens.agent;

import dev.llmlens.agent.config.AgentConfig;
import dev.llmlens.agent.dispatch.AttributionResolver;
import dev.llmlens.agent.dispatch.LlmCallDispatcher;
import dev.llmlens.agent.install.InstrumentationInstaller;
import dev.llmlens.agent.log.AgentLog;
import dev.llmlens.agent.pricing.PriceCatalog;
import dev.llmlens.agent.recorder.LlmCallRecorder;
import dev.llmlens.agent.recorder.SpanStarts;
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
 * port) is built later, by {@link LazyRecorder}, when the first class of an LLM library loads: a
 * process that never uses one opens no port and starts no exporter.
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
            new AttributionResolver(config.feature(), config.attributionRules(), config.baggageKeys()))
            .captureContent(config.captureContent()));
    InstrumentationInstaller.install(instrumentation, modules, config, recorder::startInBackground);
    AgentLog.debug("started with modules " + readers.keySet());
  }

  private static boolean runsFromJar() {
    return AgentClassLoader.jarOf(AgentInstallation.class) != null;
  }

  /**
   * Builds telemetry and the recorder once: on a thread of its own as soon as an LLM library
   * shows up, so the SDK (about 0.7 s of class loading at start-up) is built while the
   * application builds its client, or on first use by whichever thread comes first. A call that
   * ends before the build is done waits for it.
   */
  static final class LazyRecorder implements Supplier<LlmCallRecorder> {
    private final AgentConfig config;
    private final java.util.concurrent.atomic.AtomicBoolean building = new java.util.concurrent.atomic.AtomicBoolean();
    private volatile LlmCallRecorder recorder;

    LazyRecorder(AgentConfig config) {
      this.config = config;
    }

    /** Returns at once; the build runs on a daemon thread, {@code llmlens-telemetry-start}. */
    void startInBackground() {
      if (recorder != null || !building.compareAndSet(false, true)) {
        return;
      }
      Thread thread = new Thread(this::get, "llmlens-telemetry-start");
      thread.setDaemon(true);
      thread.start();
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
          SpanStarts starts = new SpanStarts();
          Telemetry telemetry = Telemetry.start(config, starts);
          List<String> priceProblems = new ArrayList<String>();
          PriceCatalog prices = PriceCatalog.load(config.pricingFile(), priceProblems);
          for (String problem : priceProblems) {
            AgentLog.warn(problem);
          }
          LlmCallRecorder built =
              new LlmCallRecorder(telemetry.meter(), telemetry.tracer(), prices, config.cardinalityLimit(), starts);
          // At exit, the calls still queued are recorded before the SDK's final flush exports them.
          telemetry.beforeFlush(built::flush);
          recorder = built;
          AgentLog.debug("telemetry started in " + (System.nanoTime() - started) / 1_000_000 + " ms");
        }
        return recorder;
      }
    }
  }
}
