package com.acme.support.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Quantiles from cumulative histogram buckets, computed as PromQL's {@code histogram_quantile}
 * does, so the numbers printed here match a Grafana panel over the same data: find the bucket the
 * rank falls in and interpolate linearly within it, taking 0 as the lower edge of the first
 * bucket; a rank in the {@code +Inf} bucket gives the highest finite bound.
 */
public final class HistogramQuantile {
  private HistogramQuantile() {}

  /**
   * Adds up {@code _bucket} samples of several series by their {@code le} label, as {@code sum by
   * (le)} does before {@code histogram_quantile}.
   *
   * @return cumulative count by upper bound, in increasing order
   */
  public static TreeMap<Double, Double> sumByUpperBound(List<Sample> buckets) {
    TreeMap<Double, Double> summed = new TreeMap<>();
    for (Sample bucket : buckets) {
      String le = bucket.label("le");
      if (!le.isEmpty()) {
        summed.merge(PrometheusText.value(le), bucket.value(), Double::sum);
      }
    }
    return summed;
  }

  /**
   * @param q the quantile, 0 to 1
   * @param cumulativeCounts cumulative count by upper bound; must include {@code +Inf}
   * @return the estimate; NaN with fewer than two buckets, no {@code +Inf} bucket or no
   *     observations; -Inf for q &lt; 0 and +Inf for q &gt; 1, as in PromQL
   */
  public static double quantile(double q, Map<Double, Double> cumulativeCounts) {
    if (Double.isNaN(q)) {
      return Double.NaN;
    }
    if (q < 0) {
      return Double.NEGATIVE_INFINITY;
    }
    if (q > 1) {
      return Double.POSITIVE_INFINITY;
    }
    List<Map.Entry<Double, Double>> buckets = new ArrayList<>(new TreeMap<>(cumulativeCounts).entrySet());
    if (buckets.size() < 2 || buckets.get(buckets.size() - 1).getKey() != Double.POSITIVE_INFINITY) {
      return Double.NaN;
    }
    double[] upper = new double[buckets.size()];
    double[] count = new double[buckets.size()];
    for (int i = 0; i < buckets.size(); i++) {
      upper[i] = buckets.get(i).getKey();
      // Counts scraped at slightly different moments can dip; PromQL evens them out likewise.
      count[i] = i == 0 ? buckets.get(i).getValue() : Math.max(count[i - 1], buckets.get(i).getValue());
    }
    double observations = count[count.length - 1];
    if (observations == 0 || Double.isNaN(observations)) {
      return Double.NaN;
    }
    double rank = q * observations;
    int b = 0;
    while (b < count.length - 1 && count[b] < rank) {
      b++;
    }
    if (b == count.length - 1) {
      return upper[upper.length - 2];
    }
    if (b == 0 && upper[0] <= 0) {
      return upper[0];
    }
    double bucketStart = 0;
    double bucketEnd = upper[b];
    double bucketCount = count[b];
    if (b > 0) {
      bucketStart = upper[b - 1];
      bucketCount -= count[b - 1];
      rank -= count[b - 1];
    }
    return bucketStart + (bucketEnd - bucketStart) * (rank / bucketCount);
  }
}
