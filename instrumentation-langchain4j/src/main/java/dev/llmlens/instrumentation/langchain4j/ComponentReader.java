package dev.llmlens.instrumentation.langchain4j;

import dev.llmlens.instrumentation.api.Operation;
import dev.llmlens.instrumentation.api.OperationReader;

/**
 * A step of a component around the model: a chat memory read or write, an embedding store
 * search or insert, a content retriever lookup. Searches and lookups are retrievals in the GenAI
 * conventions, named after the store or retriever class.
 */
final class ComponentReader implements OperationReader {

  private final String component;
  private final String step;
  private final boolean retrieval;

  ComponentReader(String component, String step, boolean retrieval) {
    this.component = component;
    this.step = step;
    this.retrieval = retrieval;
  }

  @Override
  public Operation start(Object target, Object[] arguments) {
    Operation operation = Operation.component(component, step);
    return retrieval ? operation.retrieval(target.getClass().getSimpleName()) : operation;
  }
}
