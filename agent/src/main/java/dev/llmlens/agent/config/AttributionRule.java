package dev.llmlens.agent.config;

/** {@code com.acme.support=support}: calls made from classes under a prefix belong to a feature. */
public final class AttributionRule {

  private final String classPrefix;
  private final String feature;

  public AttributionRule(String classPrefix, String feature) {
    this.classPrefix = classPrefix;
    this.feature = feature;
  }

  public String classPrefix() {
    return classPrefix;
  }

  public String feature() {
    return feature;
  }
}
