package com.acme.support.report;

import java.util.Map;

/**
 * One line of the Prometheus text format: a series (name and labels) and its value.
 *
 * @param name the sample's name, e.g. {@code ai_request_duration_seconds_bucket}
 * @param labels the labels, unescaped
 * @param value the value; {@code +Inf}, {@code -Inf} and {@code NaN} included
 */
public record Sample(String name, Map<String, String> labels, double value) {

  public Sample {
    labels = Map.copyOf(labels);
  }

  /** The label's value, or "" when the series has no such label (as PromQL treats it). */
  public String label(String labelName) {
    return labels.getOrDefault(labelName, "");
  }
}
