package dev.llmlens.e2e.langchain4j;

import dev.langchain4j.agent.tool.Tool;

/** The AI service of the {@code tool-throws} step: its only tool fails. */
public interface FlakyAgent {

  String answer(String question);

  /** The tool of {@link FlakyAgent}: always throws. */
  final class Tools {
    @Tool("Refunds the order")
    public String failingTool() {
      throw new IllegalStateException("refund service unavailable");
    }
  }
}
