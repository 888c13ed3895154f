package dev.llmlens.agent.dispatch;

import dev.llmlens.agent.recorder.InFlight;
import dev.llmlens.agent.recorder.LlmCallRecorder;
import dev.llmlens.instrumentation.api.LlmCall;
import dev.llmlens.instrumentation.api.LlmCallReader;
import dev.llmlens.instrumentation.api.RateLimits;

/**
 * One call between start and end: what it is, who reads it, and its recording in flight; once
 * ended, its outcome, which the recorder thread reads into the call.
 */
final class CallInProgress implements InFlight.Request, InFlight.Outcome {

  final LlmCallReader reader;
  final LlmCall call;
  /** Set right after the start is queued, before the handle leaves the starting thread. */
  InFlight inFlight;
  /** Until the recorder thread has read the request: the client and the request of the call. */
  private Object client;
  private Object request;
  /** Async streaming: the stream object is tracked when its future completes, not at return. */
  volatile boolean streamFromFuture;
  /** The call reports through a handler the agent stands in for: it ends when the handler hears so. */
  volatile boolean handlerObserved;
  /** What the application's logging context held before the call's ids went in. */
  Object logScope;
  /** 1 once ended; a field with an updater rather than an {@code AtomicBoolean}: one object less per call. */
  private volatile int ended;

  private static final java.util.concurrent.atomic.AtomicIntegerFieldUpdater<CallInProgress> ENDED =
      java.util.concurrent.atomic.AtomicIntegerFieldUpdater.newUpdater(CallInProgress.class, "ended");

  /**
   * The last response whose headers arrived during the call, on its thread, and the reader of
   * its layer; not yet handed to the recorder. The call's thread alone reads and writes them.
   */
  private Object headers;
  private LlmCallReader headersReader;

  /**
   * Streamed chunks not yet handed to the recorder thread, on the thread that reads the stream;
   * batches that found the queue full wait in {@link #unsent} for the end.
   */
  private Object[] chunks;
  private int chunkCount;
  private java.util.List<Object[]> unsent;

  /** Set on the ending thread before the end is queued; the recorder thread reads them once. */
  private Object response;
  private Throwable error;
  private boolean captureContent;
  private Object endHeaders;
  private LlmCallReader endHeadersReader;

  CallInProgress(LlmCallReader reader, LlmCall call, Object client, Object request) {
    this.reader = reader;
    this.call = call;
    this.client = client;
    this.request = request;
  }

  @Override
  public void readRequestInto(LlmCall target) {
    Object from = client;
    Object read = request;
    // Not kept past the reading: the application's request can be collected.
    client = null;
    request = null;
    reader.readRequest(from, read, target);
  }

  /**
   * Keeps a streamed chunk for the recorder thread to read; returns a full batch to hand over
   * now, or null. Batches bound what a long stream holds to {@link #CHUNK_BATCH} chunks.
   */
  Object[] keepChunk(Object chunk) {
    if (chunks == null) {
      chunks = new Object[CHUNK_BATCH];
    }
    chunks[chunkCount++] = chunk;
    if (chunkCount < CHUNK_BATCH) {
      return null;
    }
    Object[] full = chunks;
    chunks = null;
    chunkCount = 0;
    return full;
  }

  /** A batch the recorder's queue had no room for: it goes with the end. */
  void keepUnsent(Object[] batch) {
    if (unsent == null) {
      unsent = new java.util.ArrayList<Object[]>(2);
    }
    unsent.add(batch);
  }

  /**
   * Small: a short answer's few chunks cost the application's thread one small array, and an
   * in-flight stream holds no more than this many of the library's chunk objects.
   */
  static final int CHUNK_BATCH = 8;

  /** The outcome, as the ending thread saw it; {@code response} null when there is none to read. */
  void outcome(Object response, Throwable error, boolean captureContent) {
    this.response = response;
    this.error = error;
    this.captureContent = captureContent;
  }

  /** Keeps a response's headers; returns false when headers kept before must be handed over first. */
  boolean keepHeaders(LlmCallReader reader, Object received) {
    if (headers != null) {
      return false;
    }
    headers = received;
    headersReader = reader;
    return true;
  }

  Object headers() {
    return headers;
  }

  LlmCallReader headersReader() {
    return headersReader;
  }

  void forgetHeaders() {
    headers = null;
    headersReader = null;
  }

  /**
   * The call ends on its own thread: the headers kept during it go with the end, and the
   * recorder reads them there, instead of in an event of their own. Before {@link #outcome}.
   */
  void headersWithEnd() {
    endHeaders = headers;
    endHeadersReader = headersReader;
    forgetHeaders();
  }

  @Override
  public RateLimits rateLimits() {
    Object read = endHeaders;
    endHeaders = null;
    return read == null ? null : endHeadersReader.readRateLimits(read);
  }

  @Override
  public void readInto(LlmCall target) {
    // The chunks not handed over yet go with the end, after the batches sent before it. The
    // stream's thread wrote them before the end was queued, and no chunk is kept after the end.
    if (unsent != null) {
      for (Object[] batch : unsent) {
        LlmCallRecorder.readChunks(reader, batch, batch.length, target);
      }
      unsent = null;
    }
    if (chunks != null) {
      LlmCallRecorder.readChunks(reader, chunks, chunkCount, target);
      chunks = null;
    }
    Object read = response;
    Throwable failed = error;
    // Not kept past the recording: the application's response can be collected.
    response = null;
    error = null;
    LlmCallDispatcher.readOutcome(this, read, failed, captureContent);
  }

  /** True the first time only: a handler may hear its end twice (an error after completion). */
  boolean markEnded() {
    return ENDED.compareAndSet(this, 0, 1);
  }
}
