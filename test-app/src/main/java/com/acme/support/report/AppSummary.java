package com.acme.support.report;

import com.acme.support.workload.CallTally;
import com.acme.support.workload.Feature;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** What the application saw itself, printed next to the agent's numbers to compare them. */
public final class AppSummary {
  private AppSummary() {}

  public static List<String> lines(CallTally tally, double elapsedSeconds) {
    List<String> out = new ArrayList<>();
    out.add("What the app saw itself:");
    out.add(String.format(Locale.ROOT, 
        "  calls             %d made, %d succeeded, %d failed, in %.1f s (%.1f calls/s)",
        tally.calls(),
        tally.successes(),
        tally.failures(),
        elapsedSeconds,
        elapsedSeconds > 0 ? tally.calls() / elapsedSeconds : 0.0));
    List<String> features = new ArrayList<>();
    for (Feature feature : Feature.values()) {
      features.add(
          String.format(
              Locale.ROOT,
              "%s %d (%d failed)",
              feature.label(),
              tally.calls(feature),
              tally.failures(feature)));
    }
    out.add("    by feature      " + String.join(", ", features));
    List<String> exceptions = new ArrayList<>();
    tally.failuresByType().forEach((type, count) -> exceptions.add(type + " " + count));
    out.add("  exceptions caught " + (exceptions.isEmpty() ? "none" : String.join(", ", exceptions)));
    out.add(String.format(Locale.ROOT, 
        "  tokens            input %,d, output %,d (usage of successful responses)",
        tally.inputTokens(), tally.outputTokens()));
    return out;
  }
}
