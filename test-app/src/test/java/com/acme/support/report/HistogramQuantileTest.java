package com.acme.support.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class HistogramQuantileTest {
  private static final List<Sample> BUCKETS =
      PrometheusText.parse(Exposition.TEXT).samples("ai_request_duration_seconds_bucket");

  private static TreeMap<Double, Double> model(String model) {
    return HistogramQuantile.sumByUpperBound(
        BUCKETS.stream().filter(s -> s.label("model").equals(model)).toList());
  }

  @Test
  void sumsBucketsAcrossSeriesByUpperBound() {
    assertThat(HistogramQuantile.sumByUpperBound(BUCKETS))
        .containsExactly(
            Map.entry(0.1, 5.0),
            Map.entry(0.25, 50.0),
            Map.entry(0.5, 145.0),
            Map.entry(1.0, 230.0),
            Map.entry(Double.POSITIVE_INFINITY, 240.0));
  }

  @Test
  void interpolatesLinearlyWithinTheBucket() {
    // gpt-4o: rank 75 of 150 falls in (0.5, 1.0], 15 of its 80 observations in.
    assertThat(HistogramQuantile.quantile(0.5, model("gpt-4o-2024-08-06"))).isEqualTo(0.59375);
    // gpt-4o-mini: rank 45 of 90 in (0.25, 0.5], 5 of 45 in; rank 85.5 in (0.5, 1.0], 0.5 of 5.
    assertThat(HistogramQuantile.quantile(0.5, model("gpt-4o-mini-2024-07-18")))
        .isCloseTo(0.25 + 0.25 * 5 / 45, within(1e-15));
    assertThat(HistogramQuantile.quantile(0.95, model("gpt-4o-mini-2024-07-18"))).isEqualTo(0.55);
    // All: rank 120 of 240 in (0.25, 0.5] (70 of 95); rank 228 in (0.5, 1.0] (83 of 85).
    Map<Double, Double> all = HistogramQuantile.sumByUpperBound(BUCKETS);
    assertThat(HistogramQuantile.quantile(0.5, all)).isCloseTo(0.25 + 0.25 * 70 / 95, within(1e-15));
    assertThat(HistogramQuantile.quantile(0.95, all)).isCloseTo(0.5 + 0.5 * 83 / 85, within(1e-15));
  }

  @Test
  void startsTheFirstBucketAtZero() {
    // Rank 2.4 of 240 in (0, 0.1], which holds 5.
    assertThat(HistogramQuantile.quantile(0.01, HistogramQuantile.sumByUpperBound(BUCKETS)))
        .isCloseTo(0.048, within(1e-15));
  }

  @Test
  void aRankInTheInfBucketGivesTheHighestFiniteBound() {
    // gpt-4o: rank 142.5 of 150 is past the 140 observations at or below 1.0.
    assertThat(HistogramQuantile.quantile(0.95, model("gpt-4o-2024-08-06"))).isEqualTo(1.0);
  }

  @Test
  void givesNanWhereHistogramQuantileDoes() {
    assertThat(HistogramQuantile.quantile(0.5, Map.of())).isNaN();
    assertThat(HistogramQuantile.quantile(0.5, Map.of(Double.POSITIVE_INFINITY, 3.0))).isNaN();
    assertThat(HistogramQuantile.quantile(0.5, Map.of(0.5, 1.0, 1.0, 2.0))).isNaN();
    assertThat(HistogramQuantile.quantile(0.5, Map.of(0.5, 0.0, Double.POSITIVE_INFINITY, 0.0))).isNaN();
    assertThat(HistogramQuantile.quantile(-0.1, Map.of(0.5, 1.0, Double.POSITIVE_INFINITY, 2.0)))
        .isEqualTo(Double.NEGATIVE_INFINITY);
    assertThat(HistogramQuantile.quantile(1.1, Map.of(0.5, 1.0, Double.POSITIVE_INFINITY, 2.0)))
        .isEqualTo(Double.POSITIVE_INFINITY);
  }

  @Test
  void evensOutCountsThatDip() {
    // 0.5 reports fewer than 0.25, as a scrape racing an update can: treated as 4.
    Map<Double, Double> buckets = Map.of(0.25, 4.0, 0.5, 3.0, 1.0, 8.0, Double.POSITIVE_INFINITY, 8.0);
    assertThat(HistogramQuantile.quantile(0.75, buckets)).isEqualTo(0.5 + 0.5 * 2 / 4);
  }
}
