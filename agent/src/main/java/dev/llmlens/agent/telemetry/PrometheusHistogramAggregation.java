package dev.llmlens.agent.telemetry;

import dev.llmlens.agent.config.AgentConfig;
import dev.llmlens.agent.log.AgentLog;
import io.opentelemetry.sdk.autoconfigure.spi.ConfigProperties;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * Keeps explicit buckets on the Prometheus endpoint. The agent leaves the Prometheus protobuf
 * format out (README, Jar), and in the text formats it serves, an exponential histogram is written
 * as one {@code +Inf} bucket with its count and sum: P95 and the dashboards' quantiles would have
 * nothing to work on. So the SDK's experimental setting that asks the Prometheus exporter for
 * exponential histograms is refused like a bad value: one warning naming it and what is accepted,
 * and the default (explicit buckets) applies. Exponential histograms still go out over OTLP
 * ({@code otel.exporter.otlp.metrics.default.histogram.aggregation}).
 *
 * <p>A properties customizer of the SDK's autoconfigure: it sees the settings from every source.
 */
final class PrometheusHistogramAggregation {

  static final String KEY = "otel.java.experimental.exporter.prometheus.metrics.default.histogram.aggregation";
  private static final String EXPONENTIAL = "BASE2_EXPONENTIAL_BUCKET_HISTOGRAM";
  private static final String EXPLICIT = "EXPLICIT_BUCKET_HISTOGRAM";

  private PrometheusHistogramAggregation() {}

  /** The override that keeps explicit buckets, or none; warns (once per key) when it overrides. */
  static Map<String, String> overrides(ConfigProperties properties) {
    String value = properties.getString(KEY);
    if (value == null || !value.trim().equalsIgnoreCase(EXPONENTIAL) || !prometheusExporterOn(properties)) {
      return Collections.emptyMap();
    }
    AgentLog.warnOnce(
        KEY,
        KEY + "=" + AgentConfig.quoted(value) + " is not supported by llmlens' Prometheus endpoint, which serves"
            + " the text formats only: an exponential histogram would be one +Inf bucket there. Accepted: "
            + EXPLICIT + ". Using the default: " + EXPLICIT + ". Exponential histograms go out over OTLP"
            + " (otel.exporter.otlp.metrics.default.histogram.aggregation).");
    return Collections.singletonMap(KEY, EXPLICIT);
  }

  private static boolean prometheusExporterOn(ConfigProperties properties) {
    List<String> exporters = properties.getList("otel.metrics.exporter", Collections.singletonList("otlp"));
    for (String exporter : exporters) {
      if (exporter.trim().equals("prometheus")) {
        return true;
      }
    }
    return false;
  }
}
