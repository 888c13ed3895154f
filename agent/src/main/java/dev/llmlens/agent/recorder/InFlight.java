package dev.llmlens.agent.recorder;

import dev.llmlens.instrumentation.api.LlmCall;
import dev.llmlens.instrumentation.api.RateLimits;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.trace.samplers.SamplingResult;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;

/**
 * A call between start and end, and the event the recorder thread runs for it twice: first its
 * start (active requests up, span opened), then its end (everything else).
 *
 * <p>The application's thread fills the first group of fields before the start is queued and the
 * second before the end is queued; the queue's lock makes them visible to the recorder thread.
 * The last group belongs to the recorder thread alone.
 */
public final class InFlight extends RecorderThread.Event {

  /** What the recorder thread reads of a call's request before recording its start. */
  public interface Request {
    /** Reads the requested model and the server into the call; runs on the recorder thread. */
    void readRequestInto(LlmCall call);
  }

  /** What the recorder thread does with a call's outcome before recording it. */
  public interface Outcome {
    /** Reads the response or the failure into the call; runs on the recorder thread. */
    void readInto(LlmCall call);

    /**
     * The provider's rate-limit state from the headers of the call's response, when they came
     * with its end rather than in an event of their own; null if none. On the recorder thread.
     */
    default RateLimits rateLimits() {
      return null;
    }
  }

  final LlmCallRecorder recorder;
  final LlmCall call;
  final Attribution attribution;
  /**
   * The parent as captured on the application's thread: its current llmlens context, or the
   * application's span, or the root.
   */
  final Context parentContext;
  final String traceId;
  final String spanId;
  final SamplingResult sampling;
  final long startEpochNanos;
  final long startNanos;
  /** Read on the recorder thread first thing, then dropped; null once read or if there is none. */
  Request request;
  /**
   * False when the queue was full: nothing of this call is recorded. Set by the starting thread
   * right after queuing; read only by the threads the call's handle is passed to.
   */
  boolean queued;

  long endNanos;
  Outcome outcome;

  Series series;
  Span span;
  /** Recorder thread only: whether the start ran. */
  private boolean started;
  /** {@link #QUEUED}, {@link #STARTED}, or {@link #END_WAITING} for the start to run. */
  private volatile int state;

  private static final int QUEUED = 0;
  private static final int STARTED = 1;
  private static final int END_WAITING = 2;
  private static final AtomicIntegerFieldUpdater<InFlight> STATE =
      AtomicIntegerFieldUpdater.newUpdater(InFlight.class, "state");

  InFlight(
      LlmCallRecorder recorder,
      LlmCall call,
      Attribution attribution,
      Context parentContext,
      String traceId,
      String spanId,
      SamplingResult sampling,
      long startEpochNanos,
      long startNanos) {
    this.recorder = recorder;
    this.call = call;
    this.attribution = attribution;
    this.parentContext = parentContext;
    this.traceId = traceId;
    this.spanId = spanId;
    this.sampling = sampling;
    this.startEpochNanos = startEpochNanos;
    this.startNanos = startNanos;
  }

  /** False when the queue was full at the start: nothing of the call is recorded. */
  public boolean queued() {
    return queued;
  }

  /** The call's trace id, chosen at start: it goes into the application's logging context. */
  public String traceId() {
    return queued ? traceId : null;
  }

  public String spanId() {
    return queued ? spanId : null;
  }

  public boolean isSampled() {
    return queued && SpanStarts.sampled(sampling);
  }

  /** The call's span context as the exported span will have it (invalid when dropped). */
  public SpanContext spanContext() {
    if (!queued) {
      return SpanContext.getInvalid();
    }
    return SpanContext.create(
        traceId, spanId, isSampled() ? TraceFlags.getSampled() : TraceFlags.getDefault(), TraceState.getDefault());
  }

  /**
   * The end found the queue full: true when the start has not run yet, and will record the end
   * right after itself; false when it has, and the end must be queued elsewhere.
   */
  boolean endBeforeStart() {
    return STATE.compareAndSet(this, QUEUED, END_WAITING);
  }

  @Override
  void run() {
    if (!started) {
      started = true;
      try {
        recorder.recordStart(this);
      } finally {
        if (!STATE.compareAndSet(this, QUEUED, STARTED)) {
          recorder.recordEnd(this);
        }
      }
    } else {
      recorder.recordEnd(this);
    }
  }
}
