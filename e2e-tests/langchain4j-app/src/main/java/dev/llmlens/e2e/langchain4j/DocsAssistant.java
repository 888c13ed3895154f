package dev.llmlens.e2e.langchain4j;

/**
 * The AI service of the {@code rag} step: answers from an in-memory embedding store through a
 * content retriever, with a message-window chat memory.
 */
public interface DocsAssistant {

  String answer(String question);
}
