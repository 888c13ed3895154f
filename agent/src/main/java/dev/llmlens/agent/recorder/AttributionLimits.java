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

  /**
   * Every label value through its label's cardinality limit; {@code raw} itself when every value
   * passes unchanged, as nearly every call's do: nothing allocated per call.
   */
  Attribution limited(Attribution raw) {
    String feature = features.admit(raw.feature);
    String[] values = raw.values;
    for (int i = 0; i < raw.values.length; i++) {
      String value = raw.values[i] == null ? null : extraLimiter(raw.labels[i]).admit(raw.values[i]);
      if (value != raw.values[i]) {
        if (values == raw.values) {
          values = raw.values.clone();
        }
        values[i] = value;
      }
    }
    if (feature == raw.feature && values == raw.values) {
      return raw;
    }
    return new Attribution(feature, raw.labels, values);
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
