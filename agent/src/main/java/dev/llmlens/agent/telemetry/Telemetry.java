package dev.llmlens.agent.telemetry;

import dev.llmlens.agent.config.AgentConfig;
import dev.llmlens.agent.log.AgentLog;
import io.opentelemetry.api.metrics.Meter;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import dev.llmlens.agent.recorder.SpanStarts;
import io.opentelemetry.sdk.autoconfigure.AutoConfiguredOpenTelemetrySdk;
import io.opentelemetry.sdk.autoconfigure.AutoConfiguredOpenTelemetrySdkBuilder;
import io.opentelemetry.sdk.autoconfigure.spi.ConfigProperties;
import java.net.BindException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.LongConsumer;

/**
 * The agent's own OpenTelemetry SDK, built by the SDK's autoconfigure so every standard
 * {@code otel.*} property and {@code OTEL_*} variable works as documented, with llmlens'
 * defaults underneath. It is never installed as the application's global OpenTelemetry.
 */
public final class Telemetry {

  static final String INSTRUMENTATION_SCOPE = "dev.llmlens";
  /** The final flush may wait this long; the JVM must exit within 5 s of main returning. */
  static final long SHUTDOWN_MILLIS = 3_000;

  /** At most this long of the shutdown budget goes to recording the calls still queued. */
  static final long DRAIN_MILLIS = 1_000;

  private final OpenTelemetrySdk sdk;
  /** Run first at exit, with the milliseconds they may take: the recorder's queue drains. */
  private final List<LongConsumer> beforeFlush = new CopyOnWriteArrayList<LongConsumer>();

  /** Over an SDK built elsewhere: tests. */
  Telemetry(OpenTelemetrySdk sdk) {
    this.sdk = sdk;
  }

  /**
   * {@code drain} runs at exit before the SDK's final flush, given the milliseconds it may take,
   * so that what it records is exported too.
   */
  public void beforeFlush(LongConsumer drain) {
    beforeFlush.add(drain);
  }

  public Meter meter() {
    return sdk.getMeterProvider().meterBuilder(INSTRUMENTATION_SCOPE).setInstrumentationVersion(version()).build();
  }

  public Tracer tracer() {
    return sdk.getTracerProvider().tracerBuilder(INSTRUMENTATION_SCOPE).setInstrumentationVersion(version()).build();
  }

  /** Builds the SDK and registers a bounded flush at JVM exit. */
  public static Telemetry start(AgentConfig config) {
    return start(config, null);
  }

  /**
   * Builds the SDK, its spans identified and sampled through {@code starts} (may be null), and
   * registers a bounded flush at JVM exit.
   */
  public static Telemetry start(AgentConfig config, SpanStarts starts) {
    SdkLogRouting.install();
    Map<String, String> systemProperties = systemProperties();
    Map<String, String> defaults = defaults(config, systemProperties, System.getenv());
    Map<String, String> overrides = new HashMap<String, String>();
    ExportFailures exportFailures = new ExportFailures();
    OpenTelemetrySdk sdk = null;
    // Each retry replaces one refused setting by its default, so this ends.
    for (int attempt = 0; sdk == null; attempt++) {
      try {
        sdk = build(defaults, overrides, exportFailures, starts);
      } catch (RuntimeException failure) {
        if (isPortInUse(failure) && !overrides.containsKey("otel.metrics.exporter")) {
          overrides.putAll(withoutPrometheus(defaults));
          continue;
        }
        InvalidOtelSetting invalid =
            attempt < 10
                ? InvalidOtelSetting.of(failure, systemProperties, System.getenv(), config.otelSettings())
                : null;
        if (invalid == null || overrides.containsKey(invalid.key)) {
          throw failure;
        }
        String replacement = invalid.replacement(llmlensDefaults());
        invalid.report(failure, replacement);
        overrides.put(invalid.key, replacement);
      }
    }
    Telemetry telemetry = new Telemetry(sdk);
    exportFailures.report(telemetry.meter());
    AgentLog.exportTo(new AgentEvents(sdk.getSdkLoggerProvider(), version()));
    Runtime.getRuntime().addShutdownHook(new Thread(telemetry::flushAndStop, "llmlens-shutdown"));
    return telemetry;
  }

  /**
   * Exports what is pending and stops, waiting at most {@link #SHUTDOWN_MILLIS} in all.
   *
   * <p>The SDK's own shutdown blocks until each exporter gives up (10 s per try against a
   * collector that hangs), so each provider is shut down on a daemon thread of its own and this
   * thread stops waiting at the deadline: a JVM never waits on the agent to exit.
   */
  public void flushAndStop() {
    long deadline = System.currentTimeMillis() + SHUTDOWN_MILLIS;
    for (LongConsumer drain : beforeFlush) {
      try {
        drain.accept(Math.min(DRAIN_MILLIS, Math.max(1, deadline - System.currentTimeMillis())));
      } catch (RuntimeException failure) {
        AgentLog.warn("calls still queued at exit could not be recorded (" + failure + ")");
      }
    }
    Thread traces = stopInBackground("traces", () -> sdk.getSdkTracerProvider().shutdown(), deadline);
    Thread metrics = stopInBackground("metrics", () -> sdk.getSdkMeterProvider().shutdown(), deadline);
    Thread logs = stopInBackground("logs", () -> sdk.getSdkLoggerProvider().shutdown(), deadline);
    awaitUntil(traces, deadline);
    awaitUntil(metrics, deadline);
    awaitUntil(logs, deadline);
  }

  private static Thread stopInBackground(
      String what, final java.util.function.Supplier<io.opentelemetry.sdk.common.CompletableResultCode> shutdown, final long deadline) {
    Thread thread =
        new Thread(
            () -> shutdown.get().join(Math.max(1, deadline - System.currentTimeMillis()), TimeUnit.MILLISECONDS),
            "llmlens-flush-" + what);
    thread.setDaemon(true);
    thread.start();
    return thread;
  }

  private static void awaitUntil(Thread thread, long deadline) {
    try {
      thread.join(Math.max(1, deadline - System.currentTimeMillis()));
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  static Map<String, String> defaults(AgentConfig config, Map<String, String> systemProperties, Map<String, String> environment) {
    Map<String, String> defaults = llmlensDefaults();
    if (!ServiceNameDefault.isConfigured(systemProperties, environment, config.otelSettings())) {
      String name = ServiceNameDefault.fromCommand(systemProperties.get("sun.java.command"));
      if (name != null) {
        defaults.put("otel.service.name", name);
      }
    }
    defaults.putAll(config.otelSettings());
    return defaults;
  }

  /** The {@code otel.*} defaults llmlens changes, whatever the user configured. */
  static Map<String, String> llmlensDefaults() {
    Map<String, String> defaults = new HashMap<String, String>();
    // The resolution the dashboards and alerts assume (the SDK's own default is 60 s).
    defaults.put("otel.metric.export.interval", "15000");
    // The agent's own events go out as log records only when the user names a logs exporter.
    defaults.put("otel.logs.exporter", "none");
    return defaults;
  }

  private static OpenTelemetrySdk build(
      final Map<String, String> defaults,
      final Map<String, String> overrides,
      final ExportFailures exportFailures,
      final SpanStarts starts) {
    AutoConfiguredOpenTelemetrySdkBuilder builder = AutoConfiguredOpenTelemetrySdk.builder();
    if (starts != null) {
      // Spans built on the recorder thread take the ids and decision chosen on the application's.
      builder
          .addSamplerCustomizer((sampler, properties) -> starts.sampler(sampler))
          .addTracerProviderCustomizer((tracers, properties) -> tracers.setIdGenerator(starts.idGenerator()));
    }
    return builder
        .setServiceClassLoader(Telemetry.class.getClassLoader())
        .addPropertiesSupplier(() -> defaults)
        .addPropertiesCustomizer((ConfigProperties properties) -> overrides)
        .addPropertiesCustomizer(PrometheusHistogramAggregation::overrides)
        .addSpanExporterCustomizer((exporter, properties) -> exportFailures.watch(exporter))
        .addMetricExporterCustomizer((exporter, properties) -> exportFailures.watch(exporter))
        .disableShutdownHook()
        .build()
        .getOpenTelemetrySdk();
  }

  /**
   * The Prometheus port is taken (another agent, a second JVM on the host): say so once and keep
   * exporting to the other configured exporters.
   */
  private static Map<String, String> withoutPrometheus(Map<String, String> defaults) {
    String configured = System.getProperty("otel.metrics.exporter");
    if (configured == null) {
      configured = System.getenv("OTEL_METRICS_EXPORTER");
    }
    if (configured == null) {
      configured = defaults.getOrDefault("otel.metrics.exporter", "otlp");
    }
    List<String> remaining = new ArrayList<String>();
    for (String exporter : configured.split(",")) {
      if (!exporter.trim().equals("prometheus") && !exporter.trim().isEmpty()) {
        remaining.add(exporter.trim());
      }
    }
    String port = System.getProperty("otel.exporter.prometheus.port", defaults.getOrDefault("otel.exporter.prometheus.port", "9464"));
    AgentLog.warn(
        "the Prometheus endpoint cannot listen on port " + port + " (otel.exporter.prometheus.port): "
            + "the port is already in use. Metrics still go to: "
            + (remaining.isEmpty() ? "no other exporter" : String.join(",", remaining))
            + ". Choose a free port with -Dotel.exporter.prometheus.port=<port>.");
    Map<String, String> overrides = new HashMap<String, String>();
    overrides.put("otel.metrics.exporter", remaining.isEmpty() ? "none" : String.join(",", remaining));
    return overrides;
  }

  private static boolean isPortInUse(Throwable failure) {
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      if (cause instanceof BindException) {
        return true;
      }
      if (cause.getCause() == cause) {
        break;
      }
    }
    return false;
  }

  private static Map<String, String> systemProperties() {
    Map<String, String> properties = new HashMap<String, String>();
    for (String name : System.getProperties().stringPropertyNames()) {
      properties.put(name, System.getProperty(name));
    }
    return properties;
  }

  private static String version() {
    String version = Telemetry.class.getPackage().getImplementationVersion();
    return version == null ? "dev" : version;
  }
}
