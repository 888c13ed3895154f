package dev.llmlens.agent.recorder;

import io.opentelemetry.api.metrics.LongCounter;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The cardinality limits of the business labels ({@code feature} and the Baggage labels),
 * shared by LLM calls and framework operations so that one limit bounds each label everywhere.
 */
final class AttributionLimits {

  private final LabelLimiter features;
  private final ConcurrentMap<String, LabelLimiter> extraLabels = new ConcurrentHashMap<String, LabelLimiter>();
  private final int cardinalityLimit;
  private final LongCounter overflow;

  AttributionLimits(int cardinalityLimit, LongCounter overflow) {
    this.cardinalityLimit = cardinalityLimit;
    this.overflow = overflow;
    this.features = new LabelLimiter("feature", cardinalityLimit, overflow);
  }

  /** Every label value through its label's cardinality limit. */
  Attribution limited(Attribution raw) {
    if (raw.values.length == 0) {
      return Attribution.of(features.admit(raw.feature));
    }
    String[] values = new String[raw.values.length];
    for (int i = 0; i < values.length; i++) {
      values[i] = raw.values[i] == null ? null : extraLimiter(raw.labels[i]).admit(raw.values[i]);
    }
    return new Attribution(features.admit(raw.feature), raw.labels, values);
  }

  private LabelLimiter extraLimiter(String label) {
    LabelLimiter limiter = extraLabels.get(label);
    if (limiter == null) {
      limiter = new LabelLimiter(label, cardinalityLimit, overflow);
      LabelLimiter raced = extraLabels.putIfAbsent(label, limiter);
      limiter = raced == null ? limiter : raced;
    }
    return limiter;
  }
}
