package dev.llmlens.instrumentation.api;

/**
 * Reads one library's framework objects (an AI service proxy and its method, a tool executor
 * and its request, a memory or store) into an {@link Operation}. Like {@link LlmCallReader}, it
 * works reflectively, never throws, and leaves what it cannot read unknown.
 */
public interface OperationReader {

  /**
   * The operation {@code target} begins with {@code arguments} (its method's), or {@code null}
   * when this invocation is not one to record.
   */
  Operation start(Object target, Object[] arguments);

  /** Adds what a normal return says: a tool result may report that the tool failed. */
  default void readResult(Object result, Operation operation) {}

  /**
   * Inside the operation, the library threw {@code error} and will catch it itself (see {@link
   * OperationFailureAdvice}): marks the operation failed if {@code error} means it did.
   */
  default void readCaughtFailure(Throwable error, Operation operation) {}
}
