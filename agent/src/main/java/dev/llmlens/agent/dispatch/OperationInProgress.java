package dev.llmlens.agent.dispatch;

import dev.llmlens.agent.recorder.Attribution;
import dev.llmlens.agent.recorder.OperationInFlight;
import dev.llmlens.instrumentation.api.Operation;
import dev.llmlens.instrumentation.api.OperationReader;

/**
 * A framework operation between start and end on one thread, linked to the operation it runs
 * in: the thread's operations form a stack whose top attributes the LLM calls made now.
 */
final class OperationInProgress {

  final String kind;
  final Object target;
  final OperationReader reader;
  final Operation operation;
  /** The business labels of this operation and of every call and operation inside it. */
  final Attribution attribution;
  final OperationInProgress parent;
  OperationInFlight inFlight;
  /** What the application's logging context held before the operation's ids went in. */
  Object logScope;

  OperationInProgress(
      String kind,
      Object target,
      OperationReader reader,
      Operation operation,
      Attribution attribution,
      OperationInProgress parent) {
    this.kind = kind;
    this.target = target;
    this.reader = reader;
    this.operation = operation;
    this.attribution = attribution;
    this.parent = parent;
  }

  /** The same operation entered again: an overload delegating to another on the same object. */
  boolean isReentry(String otherKind, Object otherTarget) {
    return target == otherTarget && kind.equals(otherKind);
  }
}
