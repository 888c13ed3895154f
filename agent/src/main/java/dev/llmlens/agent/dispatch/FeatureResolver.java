package dev.llmlens.agent.dispatch;

import dev.llmlens.agent.config.AttributionRule;
import java.util.List;

/**
 * Names the business feature a call belongs to: the first {@code llmlens.attribution.rules}
 * prefix matching a class on the caller's stack, else {@code llmlens.feature}.
 *
 * <p>The stack is only walked when rules exist, innermost frame first, so the closest matching
 * caller wins (a controller calling a shared service is attributed by the rule that names it
 * first in the stack). Walking costs microseconds per call: configure rules only when needed.
 */
public final class FeatureResolver {

  private final String defaultFeature;
  private final List<AttributionRule> rules;

  public FeatureResolver(String defaultFeature, List<AttributionRule> rules) {
    this.defaultFeature = defaultFeature;
    this.rules = rules;
  }

  public String resolve() {
    if (rules.isEmpty()) {
      return defaultFeature;
    }
    for (StackTraceElement frame : new Throwable().getStackTrace()) {
      String className = frame.getClassName();
      for (AttributionRule rule : rules) {
        if (className.startsWith(rule.classPrefix())) {
          return rule.feature();
        }
      }
    }
    return defaultFeature;
  }
}
