package dev.llmlens.agent.recorder;

import dev.llmlens.agent.log.AgentLog;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.LongCounter;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Keeps one label's values safe for a metrics backend: each value is sanitized (control
 * characters replaced, at most {@link #MAX_LENGTH} characters), and the distinct values stay
 * under {@code llmlens.cardinality.limit}: values beyond it become {@code other}, counted in
 * {@code ai_label_overflow_total{label}} and logged once, so a model name built per request
 * cannot blow up the metrics backend or the agent's memory.
 */
final class LabelLimiter {

  static final String OTHER = "other";
  static final int MAX_LENGTH = 128;

  private final String label;
  private final int limit;
  private final LongCounter overflow;
  private final Attributes overflowAttributes;
  /** Raw value to its admitted label value: the per-call path is one lookup. */
  private final ConcurrentMap<String, String> admitted = new ConcurrentHashMap<String, String>();
  /** Distinct sanitized values; guarded by {@code this}. */
  private final Set<String> distinct = new HashSet<String>();

  LabelLimiter(String label, int limit, LongCounter overflow) {
    this.label = label;
    this.limit = limit;
    this.overflow = overflow;
    this.overflowAttributes = Attributes.of(AttributeKeys.LABEL, label);
  }

  /** {@code value}, sanitized, while under the limit or already admitted; else {@code other}. */
  String admit(String value) {
    if (value == null) {
      return null;
    }
    String known = admitted.get(value);
    if (known != null) {
      return known;
    }
    String clean = sanitize(value);
    synchronized (this) {
      if (distinct.contains(clean) || distinct.size() < limit) {
        distinct.add(clean);
        // Bounded too: raw values that differ only past MAX_LENGTH share one label value.
        if (admitted.size() < 4 * limit) {
          admitted.put(value, clean);
        }
        return clean;
      }
    }
    overflow.add(1, overflowAttributes);
    AgentLog.warnOnce(
        "overflow:" + label,
        "label " + label + " reached llmlens.cardinality.limit=" + limit
            + " distinct values; new values are recorded as \"other\" (first one: \"" + clean + "\")");
    return OTHER;
  }

  /**
   * At most {@link #MAX_LENGTH} characters (never half a surrogate pair), control characters
   * and unpaired surrogates as {@code _}: what reaches a label is printable and valid UTF-8.
   */
  static String sanitize(String value) {
    int length = Math.min(value.length(), MAX_LENGTH);
    if (length < value.length() && Character.isHighSurrogate(value.charAt(length - 1))) {
      length--;
    }
    StringBuilder clean = null;
    for (int i = 0; i < length; i++) {
      char c = value.charAt(i);
      boolean pair =
          Character.isHighSurrogate(c) && i + 1 < length && Character.isLowSurrogate(value.charAt(i + 1));
      boolean bad = Character.isISOControl(c) || (Character.isSurrogate(c) && !pair);
      if (bad && clean == null) {
        clean = new StringBuilder(length).append(value, 0, i);
      }
      if (clean != null) {
        clean.append(bad ? '_' : c);
        if (pair) {
          clean.append(value.charAt(++i));
        }
      } else if (pair) {
        i++;
      }
    }
    return clean != null ? clean.toString() : length < value.length() ? value.substring(0, length) : value;
  }
}
