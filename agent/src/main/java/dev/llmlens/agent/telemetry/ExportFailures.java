package dev.llmlens.agent.telemetry;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.Meter;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.common.export.MemoryMode;
import io.opentelemetry.sdk.metrics.Aggregation;
import io.opentelemetry.sdk.metrics.InstrumentType;
import io.opentelemetry.sdk.metrics.data.AggregationTemporality;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.metrics.export.MetricExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.util.Collection;
import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What the exporters could not deliver, as the agent's own metrics: {@code llmlens.export.failures}
 * (export requests that failed, after the exporter's own retries, by signal and exporter) and
 * {@code llmlens.spans.dropped} (spans in those requests: the SDK does not send a failed batch
 * again, so they are lost).
 *
 * <p>Each push exporter the autoconfigure builds is wrapped in a decorator that only watches the
 * result of {@code export}; nothing else changes. The counts live in plain atomics, read by
 * observable counters registered once the SDK exists, because the exporters are built before the
 * meter provider they would report to. Metrics lost in a failed export are not counted as data
 * lost: every llmlens counter is cumulative, so the next export that succeeds carries the totals.
 */
final class ExportFailures {

  private static final AttributeKey<String> SIGNAL = AttributeKey.stringKey("signal");
  private static final AttributeKey<String> EXPORTER = AttributeKey.stringKey("exporter");

  private final ConcurrentMap<Attributes, AtomicLong> failures = new ConcurrentHashMap<Attributes, AtomicLong>();
  private final AtomicLong droppedSpans = new AtomicLong();

  SpanExporter watch(SpanExporter exporter) {
    return new WatchedSpanExporter(exporter, counterFor("traces", exporter));
  }

  MetricExporter watch(MetricExporter exporter) {
    return new WatchedMetricExporter(exporter, counterFor("metrics", exporter));
  }

  /** Registers the two counters on the agent's own meter. */
  void report(Meter meter) {
    meter
        .counterBuilder("llmlens.export.failures")
        .setDescription("Export requests that failed after the exporter's own retries")
        .buildWithCallback(
            measurement -> {
              for (java.util.Map.Entry<Attributes, AtomicLong> entry : failures.entrySet()) {
                measurement.record(entry.getValue().get(), entry.getKey());
              }
            });
    meter
        .counterBuilder("llmlens.spans.dropped")
        .setDescription("Spans in export requests that failed; the SDK does not send them again")
        .buildWithCallback(measurement -> measurement.record(droppedSpans.get()));
  }

  private AtomicLong counterFor(String signal, Object exporter) {
    Attributes attributes = Attributes.of(SIGNAL, signal, EXPORTER, exporterName(exporter));
    AtomicLong counter = new AtomicLong();
    AtomicLong existing = failures.putIfAbsent(attributes, counter);
    return existing == null ? counter : existing;
  }

  /** {@code otlp} for the OTLP exporters (gRPC or http), {@code console} for logging ones. */
  static String exporterName(Object exporter) {
    String name = exporter.getClass().getSimpleName().toLowerCase(Locale.ROOT);
    if (name.startsWith("otlp")) {
      return "otlp";
    }
    if (name.startsWith("logging")) {
      return "console";
    }
    return name.isEmpty() ? "other" : name;
  }

  /** Counts the export as failed (and runs {@code alsoOnFailure}) if it ends without success. */
  private static CompletableResultCode onFailure(
      final CompletableResultCode result, final AtomicLong failed, final Runnable alsoOnFailure) {
    result.whenComplete(
        () -> {
          if (!result.isSuccess()) {
            failed.incrementAndGet();
            alsoOnFailure.run();
          }
        });
    return result;
  }

  private final class WatchedSpanExporter implements SpanExporter {
    private final SpanExporter delegate;
    private final AtomicLong failed;

    WatchedSpanExporter(SpanExporter delegate, AtomicLong failed) {
      this.delegate = delegate;
      this.failed = failed;
    }

    @Override
    public CompletableResultCode export(Collection<SpanData> spans) {
      final int size = spans.size();
      return onFailure(delegate.export(spans), failed, () -> droppedSpans.addAndGet(size));
    }

    @Override
    public CompletableResultCode flush() {
      return delegate.flush();
    }

    @Override
    public CompletableResultCode shutdown() {
      return delegate.shutdown();
    }

    @Override
    public String toString() {
      return delegate.toString();
    }
  }

  private static final class WatchedMetricExporter implements MetricExporter {
    private final MetricExporter delegate;
    private final AtomicLong failed;

    WatchedMetricExporter(MetricExporter delegate, AtomicLong failed) {
      this.delegate = delegate;
      this.failed = failed;
    }

    @Override
    public CompletableResultCode export(Collection<MetricData> metrics) {
      return onFailure(delegate.export(metrics), failed, () -> {});
    }

    @Override
    public AggregationTemporality getAggregationTemporality(InstrumentType instrumentType) {
      return delegate.getAggregationTemporality(instrumentType);
    }

    @Override
    public Aggregation getDefaultAggregation(InstrumentType instrumentType) {
      return delegate.getDefaultAggregation(instrumentType);
    }

    @Override
    public MemoryMode getMemoryMode() {
      return delegate.getMemoryMode();
    }

    @Override
    public CompletableResultCode flush() {
      return delegate.flush();
    }

    @Override
    public CompletableResultCode shutdown() {
      return delegate.shutdown();
    }

    @Override
    public String toString() {
      return delegate.toString();
    }
  }
}
