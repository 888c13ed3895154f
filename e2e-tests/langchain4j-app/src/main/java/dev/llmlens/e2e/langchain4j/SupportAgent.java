package dev.llmlens.e2e.langchain4j;

/** The AI service of the {@code agent} step: LangChain4j implements it, with {@link SupportTools}. */
public interface SupportAgent {

  String answer(String question);
}
