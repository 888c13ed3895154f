package dev.llmlens.agent.recorder;

import dev.llmlens.agent.log.AgentLog;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.LongCounter;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Keeps one label's distinct values under {@code llmlens.cardinality.limit}: values beyond it
 * become {@code other}, counted in {@code ai_label_overflow_total{label}} and logged once, so a
 * model name built per request cannot blow up the metrics backend or the agent's memory.
 */
final class LabelLimiter {

  static final String OTHER = "other";

  private final String label;
  private final int limit;
  private final LongCounter overflow;
  private final Attributes overflowAttributes;
  private final ConcurrentMap<String, Boolean> admitted = new ConcurrentHashMap<String, Boolean>();

  LabelLimiter(String label, int limit, LongCounter overflow) {
    this.label = label;
    this.limit = limit;
    this.overflow = overflow;
    this.overflowAttributes = Attributes.of(AttributeKeys.LABEL, label);
  }

  /** {@code value} itself while under the limit or already admitted, else {@code other}. */
  String admit(String value) {
    if (value == null || admitted.containsKey(value)) {
      return value;
    }
    synchronized (this) {
      if (admitted.containsKey(value)) {
        return value;
      }
      if (admitted.size() < limit) {
        admitted.put(value, Boolean.TRUE);
        return value;
      }
    }
    overflow.add(1, overflowAttributes);
    AgentLog.warnOnce(
        "overflow:" + label,
        "label " + label + " reached llmlens.cardinality.limit=" + limit
            + " distinct values; new values are recorded as \"other\" (first one: \"" + value + "\")");
    return OTHER;
  }
}
