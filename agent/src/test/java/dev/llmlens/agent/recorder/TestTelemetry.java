package dev.llmlens.agent.recorder;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmlens.agent.pricing.PriceCatalog;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.data.DoublePointData;
import io.opentelemetry.sdk.metrics.data.HistogramPointData;
import io.opentelemetry.sdk.metrics.data.LongPointData;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.metrics.data.MetricDataType;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * A real OpenTelemetry SDK (in-memory metric reader, synchronous span exporter) under a real
 * {@link LlmCallRecorder}, with lookups by metric name that return exactly what was exported.
 */
public final class TestTelemetry implements AutoCloseable {

  private final InMemoryMetricReader metricReader = InMemoryMetricReader.create();
  private final InMemorySpanExporter spanExporter = InMemorySpanExporter.create();
  private final SdkMeterProvider meterProvider =
      SdkMeterProvider.builder().registerMetricReader(metricReader).build();
  private final SpanStarts starts = new SpanStarts();
  private final SdkTracerProvider tracerProvider;
  private final LlmCallRecorder recorder;
  private Collection<MetricData> collected;

  public TestTelemetry(int cardinalityLimit) {
    this(cardinalityLimit, Sampler.parentBased(Sampler.alwaysOn()), RecorderThread.DEFAULT_CAPACITY);
  }

  /** As the agent builds it: the SDK takes the recorder's ids and sampling decisions. */
  public TestTelemetry(int cardinalityLimit, Sampler sampler, int queueCapacity) {
    tracerProvider =
        SdkTracerProvider.builder()
            .addSpanProcessor(SimpleSpanProcessor.create(spanExporter))
            .setIdGenerator(starts.idGenerator())
            .setSampler(starts.sampler(sampler))
            .build();
    recorder =
        new LlmCallRecorder(
            meterProvider.get("dev.llmlens"),
            tracerProvider.get("dev.llmlens"),
            PriceCatalog.builtIn(),
            cardinalityLimit,
            starts,
            queueCapacity);
  }

  /** Waits until the recorder thread has recorded every call queued so far. */
  public TestTelemetry flush() {
    assertThat(recorder.flush(10_000)).as("recorder drained").isTrue();
    return this;
  }

  /**
   * Holds the recorder thread until the returned latch is counted down: what is queued meanwhile
   * waits, and the queue holds all of it.
   */
  public CountDownLatch holdRecorder() throws InterruptedException {
    final CountDownLatch holding = new CountDownLatch(1);
    final CountDownLatch release = new CountDownLatch(1);
    assertThat(recorder.queue().offer(
        new RecorderThread.Event() {
          @Override
          void run() {
            holding.countDown();
            try {
              release.await();
            } catch (InterruptedException interrupted) {
              Thread.currentThread().interrupt();
            }
          }
        })).isTrue();
    holding.await();
    return release;
  }

  public LlmCallRecorder recorder() {
    return recorder;
  }

  /** Collects now; later lookups read this collection. */
  public TestTelemetry collect() {
    flush();
    collected = metricReader.collectAllMetrics();
    return this;
  }

  /** Collects as an exporter or a scrape does, without waiting for the recorder first. */
  public Collection<MetricData> collectAsAReaderDoes() {
    collected = metricReader.collectAllMetrics();
    return collected;
  }

  public Set<String> metricNames() {
    Set<String> names = new TreeSet<>();
    for (MetricData metric : collected()) {
      names.add(metric.getName());
    }
    return names;
  }

  public MetricData metric(String name) {
    for (MetricData metric : collected()) {
      if (metric.getName().equals(name)) {
        return metric;
      }
    }
    throw new AssertionError("no metric " + name + " in " + metricNames());
  }

  /** Values of a long counter or up-down counter, by attribute set. */
  public Map<Attributes, Long> longSums(String name) {
    MetricData metric = metric(name);
    assertThat(metric.getType()).isEqualTo(MetricDataType.LONG_SUM);
    Map<Attributes, Long> values = new HashMap<>();
    for (LongPointData point : metric.getLongSumData().getPoints()) {
      values.put(point.getAttributes(), point.getValue());
    }
    return values;
  }

  public Map<Attributes, Double> doubleSums(String name) {
    MetricData metric = metric(name);
    assertThat(metric.getType()).isEqualTo(MetricDataType.DOUBLE_SUM);
    Map<Attributes, Double> values = new HashMap<>();
    for (DoublePointData point : metric.getDoubleSumData().getPoints()) {
      values.put(point.getAttributes(), point.getValue());
    }
    return values;
  }

  public Map<Attributes, HistogramPointData> histogram(String name) {
    MetricData metric = metric(name);
    assertThat(metric.getType()).isEqualTo(MetricDataType.HISTOGRAM);
    Map<Attributes, HistogramPointData> points = new HashMap<>();
    for (HistogramPointData point : metric.getHistogramData().getPoints()) {
      points.put(point.getAttributes(), point);
    }
    return points;
  }

  public List<SpanData> spans() {
    flush();
    return new ArrayList<>(spanExporter.getFinishedSpanItems());
  }

  private Collection<MetricData> collected() {
    if (collected == null) {
      collect();
    }
    return collected;
  }

  @Override
  public void close() {
    recorder.close();
    meterProvider.close();
    tracerProvider.close();
  }
}
