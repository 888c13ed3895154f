package dev.llmlens.e2e.app;

import java.util.ArrayList;
import java.util.List;

/** The scenario apps' plan syntax: steps separated by commas, each optionally {@code N*step}. */
public final class ScenarioPlan {

  private ScenarioPlan() {}

  /** {@code 3*blocking:gpt-4o,async:gpt-4o-mini} to one step per call. */
  public static List<String> expand(String plan) {
    List<String> steps = new ArrayList<>();
    for (String part : plan.split(",")) {
      int star = part.indexOf('*');
      int times = star > 0 ? Integer.parseInt(part.substring(0, star)) : 1;
      for (int i = 0; i < times; i++) {
        steps.add(part.substring(star + 1));
      }
    }
    return steps;
  }
}
