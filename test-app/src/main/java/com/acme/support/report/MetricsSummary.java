package com.acme.support.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * A short human reading of the agent's {@code ai_*} metrics: requests by feature, model and
 * status, errors by type, latency quantiles, tokens and cost. It reads only the labels it needs
 * and sums over the rest ({@code otel_scope_name}, {@code server_address}...), as {@code sum by}
 * would.
 */
public final class MetricsSummary {
  static final String REQUESTS = "ai_requests_total";
  static final String ERRORS = "ai_errors_total";
  static final String DURATION_BUCKETS = "ai_request_duration_seconds_bucket";
  static final String TOKENS = "ai_tokens_total";
  static final String COST = "ai_cost_dollars_total";

  private MetricsSummary() {}

  /** The summary's lines, without trailing newlines. */
  public static List<String> lines(PrometheusText metrics, String source) {
    List<String> out = new ArrayList<>();
    out.add("What llmlens exported (" + source + "):");
    List<Sample> requests = metrics.samples(REQUESTS);
    if (requests.isEmpty()) {
      out.add("  no " + REQUESTS + " series yet: the agent saw no LLM call.");
      return out;
    }
    out.add("  requests          " + count(sum(requests)) + " total");
    out.add("    by feature      " + join(sumBy(requests, "feature")));
    groupBy(requests, "model")
        .forEach((model, series) -> out.add(row("    ", model, join(sumBy(series, "status")))));

    Map<String, Double> errors = sumBy(metrics.samples(ERRORS), "error_type");
    out.add("  errors by type    " + (errors.isEmpty() ? "none" : join(errors)));

    List<Sample> buckets = metrics.samples(DURATION_BUCKETS);
    if (!buckets.isEmpty()) {
      out.add(row("  latency p50/p95   ", "all models", quantiles(buckets, sample -> true)));
      for (String model : groupBy(buckets, "model").keySet()) {
        Predicate<Sample> ofModel = sample -> orUnset(sample.label("model")).equals(model);
        out.add(row("                    ", model, quantiles(buckets, ofModel)));
      }
    }

    List<Sample> tokens = metrics.samples(TOKENS);
    if (!tokens.isEmpty()) {
      out.add("  tokens            " + tokenLine(tokens));
      groupBy(tokens, "feature")
          .forEach((feature, series) -> out.add(tokenRow(feature, tokenLine(series))));
    }

    List<Sample> cost = metrics.samples(COST);
    if (!cost.isEmpty()) {
      List<String> perModel = new ArrayList<>();
      sumBy(cost, "model").forEach((model, dollars) -> perModel.add(model + " " + dollars(dollars)));
      out.add("  cost              " + dollars(sum(cost)) + "  (" + String.join(", ", perModel) + ")");
    }
    return out;
  }

  private static String row(String indent, String name, String values) {
    return String.format(Locale.ROOT, "%s%-26s %s", indent, name, values);
  }

  private static String tokenRow(String feature, String values) {
    return String.format(Locale.ROOT, "    %-15s %s", feature, values);
  }

  private static String quantiles(List<Sample> buckets, Predicate<Sample> filter) {
    Map<Double, Double> summed =
        HistogramQuantile.sumByUpperBound(buckets.stream().filter(filter).toList());
    return seconds(HistogramQuantile.quantile(0.5, summed))
        + " / "
        + seconds(HistogramQuantile.quantile(0.95, summed));
  }

  private static String tokenLine(List<Sample> tokens) {
    Map<String, Double> byDirection = sumBy(tokens, "direction");
    return "input "
        + count(byDirection.getOrDefault("input", 0.0))
        + ", output "
        + count(byDirection.getOrDefault("output", 0.0));
  }

  static String seconds(double value) {
    if (Double.isNaN(value)) {
      return "n/a";
    }
    if (Double.isInfinite(value)) {
      return value > 0 ? "+Inf" : "-Inf";
    }
    return value < 1
        ? Math.round(value * 1000) + " ms"
        : String.format(Locale.ROOT, "%.2f s", value);
  }

  private static String dollars(double value) {
    return String.format(Locale.ROOT, "$%.4f", value);
  }

  private static String count(double value) {
    return value == Math.rint(value)
        ? String.format(Locale.ROOT, "%,d", (long) value)
        : String.format(Locale.ROOT, "%,.2f", value);
  }

  private static double sum(List<Sample> samples) {
    return samples.stream().mapToDouble(Sample::value).sum();
  }

  private static Map<String, Double> sumBy(List<Sample> samples, String label) {
    Map<String, Double> sums = new TreeMap<>();
    for (Sample sample : samples) {
      sums.merge(orUnset(sample.label(label)), sample.value(), Double::sum);
    }
    return sums;
  }

  private static Map<String, List<Sample>> groupBy(List<Sample> samples, String label) {
    Map<String, List<Sample>> groups = new TreeMap<>();
    for (Sample sample : samples) {
      groups.computeIfAbsent(orUnset(sample.label(label)), key -> new ArrayList<>()).add(sample);
    }
    return groups;
  }

  private static String join(Map<String, Double> counts) {
    List<String> parts = new ArrayList<>();
    counts.forEach((key, value) -> parts.add(key + " " + count(value)));
    return String.join(", ", parts);
  }

  /** A series without the label is grouped under "(none)", not dropped. */
  private static String orUnset(String value) {
    return value.isEmpty() ? "(none)" : value;
  }
}
