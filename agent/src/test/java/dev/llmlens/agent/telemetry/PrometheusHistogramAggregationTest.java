package dev.llmlens.agent.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.sdk.autoconfigure.spi.internal.DefaultConfigProperties;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PrometheusHistogramAggregationTest {

  private static Map<String, String> overrides(String exporters, String aggregation) {
    Map<String, String> settings = new HashMap<>();
    if (exporters != null) {
      settings.put("otel.metrics.exporter", exporters);
    }
    settings.put(PrometheusHistogramAggregation.KEY, aggregation);
    return PrometheusHistogramAggregation.overrides(DefaultConfigProperties.createFromMap(settings));
  }

  @Test
  void exponentialHistogramsOnThePrometheusEndpointBecomeExplicitBuckets() {
    assertThat(overrides("otlp,prometheus", "base2_exponential_bucket_histogram"))
        .containsExactly(Map.entry(PrometheusHistogramAggregation.KEY, "EXPLICIT_BUCKET_HISTOGRAM"));
    assertThat(overrides(" prometheus ", " BASE2_EXPONENTIAL_BUCKET_HISTOGRAM "))
        .containsExactly(Map.entry(PrometheusHistogramAggregation.KEY, "EXPLICIT_BUCKET_HISTOGRAM"));
  }

  @Test
  void otherwiseNothingChanges() {
    assertThat(overrides("prometheus", "EXPLICIT_BUCKET_HISTOGRAM")).isEmpty();
    // Without the Prometheus exporter the setting does nothing; the OTLP default is otlp.
    assertThat(overrides("otlp", "BASE2_EXPONENTIAL_BUCKET_HISTOGRAM")).isEmpty();
    assertThat(overrides(null, "BASE2_EXPONENTIAL_BUCKET_HISTOGRAM")).isEmpty();
    // A value the SDK does not know is the SDK's to refuse (InvalidOtelSetting).
    assertThat(overrides("prometheus", "bogus")).isEmpty();
  }
}
