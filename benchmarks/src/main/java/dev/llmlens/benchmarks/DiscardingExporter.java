package dev.llmlens.benchmarks;

import dev.llmlens.shaded.io.opentelemetry.sdk.common.CompletableResultCode;
import dev.llmlens.shaded.io.opentelemetry.sdk.metrics.InstrumentType;
import dev.llmlens.shaded.io.opentelemetry.sdk.metrics.data.AggregationTemporality;
import dev.llmlens.shaded.io.opentelemetry.sdk.metrics.data.MetricData;
import dev.llmlens.shaded.io.opentelemetry.sdk.metrics.export.MetricExporter;
import java.util.Collection;

/** A metric exporter that drops everything: the benchmarks measure recording, not export. */
final class DiscardingExporter implements MetricExporter {

  @Override
  public CompletableResultCode export(Collection<MetricData> metrics) {
    return CompletableResultCode.ofSuccess();
  }

  @Override
  public CompletableResultCode flush() {
    return CompletableResultCode.ofSuccess();
  }

  @Override
  public CompletableResultCode shutdown() {
    return CompletableResultCode.ofSuccess();
  }

  @Override
  public AggregationTemporality getAggregationTemporality(InstrumentType instrumentType) {
    return AggregationTemporality.CUMULATIVE;
  }
}
