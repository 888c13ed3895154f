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

  CallInProgress(LlmCallReader reader, LlmCall call, InFlight inFlight) {
    this.reader = reader;
    this.call = call;
    this.inFlight = inFlight;
  }
}
