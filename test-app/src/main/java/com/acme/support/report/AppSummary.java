package com.acme.support.report;

import com.acme.support.agent.AgentStats;
import com.acme.support.workload.CallTally;
import com.acme.support.workload.Feature;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** What the application saw itself, printed next to the agent's numbers to compare them. */
public final class AppSummary {
  private AppSummary() {}

  /**
   * @param agent what the support agent's LangChain4j models and tools did; the calls, exceptions
   *     and tokens lines above it cover the features' calls, the tokens those of openai-java
   */
  public static List<String> lines(CallTally tally, AgentStats agent, double elapsedSeconds) {
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
      features.add(count(feature.label(), tally.calls(feature), tally.failures(feature)));
    }
    out.add("    by feature      " + String.join(", ", features));
    List<String> clients = new ArrayList<>();
    for (Feature.Client client : Feature.Client.values()) {
      clients.add(count(client.label(), tally.calls(client), tally.failures(client)));
    }
    out.add("    by client       " + String.join(", ", clients));
    List<String> exceptions = new ArrayList<>();
    tally.failuresByType().forEach((type, count) -> exceptions.add(type + " " + count));
    out.add("  exceptions caught " + (exceptions.isEmpty() ? "none" : String.join(", ", exceptions)));
    out.add(String.format(Locale.ROOT, 
        "  tokens            input %,d, output %,d (usage of successful openai-java responses)",
        tally.inputTokens(), tally.outputTokens()));
    out.add(String.format(Locale.ROOT,
        "  support-agent     %d invocations (%d failed), LangChain4j AI service with tools, RAG and memory",
        tally.calls(Feature.SUPPORT_AGENT), tally.failures(Feature.SUPPORT_AGENT)));
    out.add(String.format(Locale.ROOT,
        "    chat calls      %d (%d failed), %d answered with tool calls; tokens input %,d, output %,d",
        agent.chatCalls(), agent.chatFailures(), agent.toolCallAnswers(),
        agent.chatInputTokens(), agent.chatOutputTokens()));
    List<String> tools = new ArrayList<>();
    agent.toolExecutions().forEach(
        (tool, count) -> tools.add(String.format(Locale.ROOT,
            "%s %d (mean %.0f ms)", tool, count, agent.meanToolMillis(tool))));
    out.add("    tool runs       " + String.join(", ", tools));
    out.add(String.format(Locale.ROOT,
        "    embedding calls %d (%d failed) for %d texts: the FAQ at start-up, then one per question; %,d tokens",
        agent.embeddingCalls(), agent.embeddingFailures(), agent.embeddedTexts(), agent.embeddingTokens()));
    return out;
  }

  private static String count(String label, long calls, long failures) {
    return String.format(Locale.ROOT, "%s %d (%d failed)", label, calls, failures);
  }
}
