package dev.llmlens.agent.dispatch;

import dev.llmlens.agent.recorder.InFlight;
import dev.llmlens.instrumentation.api.LlmCall;
import dev.llmlens.instrumentation.api.LlmCallReader;

/** One call between start and end: what it is, who reads it, and its recording in flight. */
final class CallInProgress {

  final LlmCallReader reader;
  final LlmCall call;
  final InFlight inFlight;
  /** Async streaming: the stream object is tracked when its future completes, not at return. */
  volatile boolean streamFromFuture;
  /** The call reports through a handler the agent stands in for: it ends when the handler hears so. */
  volatile boolean handlerObserved;
  /** What the application's logging context held before the call's ids went in. */
  Object logScope;
  private final java.util.concurrent.atomic.AtomicBoolean ended = new java.util.concurrent.atomic.AtomicBoolean();

  CallInProgress(LlmCallReader reader, LlmCall call, InFlight inFlight) {
    this.reader = reader;
    this.call = call;
    this.inFlight = inFlight;
  }

  /** True the first time only: a handler may hear its end twice (an error after completion). */
  boolean markEnded() {
    return ended.compareAndSet(false, true);
  }
}
