package dev.llmlens.agent.recorder;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.AttributesBuilder;
import java.util.Arrays;

/**
 * The business labels of a call: {@code feature}, and the values of the other labels taken from
 * OpenTelemetry Baggage ({@code user_tier}, {@code experiment}, or whatever keys are configured),
 * aligned with their names. An absent value adds no label.
 */
public final class Attribution {

  private static final String[] NONE = new String[0];

  final String feature;
  final String[] labels;
  final String[] values;
  private final int hash;

  public Attribution(String feature, String[] labels, String[] values) {
    this.feature = feature;
    this.labels = labels;
    this.values = values;
    this.hash = 31 * feature.hashCode() + Arrays.hashCode(values);
  }

  public static Attribution of(String feature) {
    return new Attribution(feature, NONE, NONE);
  }

  public String feature() {
    return feature;
  }

  /** The value of the extra label {@code index}, or {@code null}. */
  public String value(int index) {
    return index < values.length ? values[index] : null;
  }

  void putInto(AttributesBuilder attributes) {
    attributes.put(AttributeKeys.FEATURE, feature);
    for (int i = 0; i < values.length; i++) {
      if (values[i] != null) {
        attributes.put(AttributeKey.stringKey(labels[i]), values[i]);
      }
    }
  }

  @Override
  public boolean equals(Object other) {
    if (!(other instanceof Attribution)) {
      return false;
    }
    Attribution that = (Attribution) other;
    return hash == that.hash && feature.equals(that.feature) && Arrays.equals(values, that.values);
  }

  @Override
  public int hashCode() {
    return hash;
  }
}
