package dev.llmlens.agent.dispatch;

import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;

/**
 * A streaming call between the return of its stream object and its end. Held weakly on the
 * stream object: if the application drops the stream without reading it to the end or closing
 * it, the object's collection ends the call (see {@link StreamTracker}) instead of leaving it
 * active forever.
 */
final class StreamingCall extends WeakReference<Object> {

  private final CallInProgress progress;
  private final CallEnder ender;
  private final StreamTracker owner;
  /** 1 once finished; a field with an updater rather than an {@code AtomicBoolean}: one object less per stream. */
  private volatile int finished;

  private static final AtomicIntegerFieldUpdater<StreamingCall> FINISHED =
      AtomicIntegerFieldUpdater.newUpdater(StreamingCall.class, "finished");

  /** Ends calls: the dispatcher. */
  interface CallEnder {
    void chunk(CallInProgress progress, Object chunk);

    void end(CallInProgress progress, Throwable error);
  }

  StreamingCall(
      Object streamObject,
      ReferenceQueue<Object> dropped,
      CallInProgress progress,
      CallEnder ender,
      StreamTracker owner) {
    super(streamObject, dropped);
    this.progress = progress;
    this.ender = ender;
    this.owner = owner;
  }

  void chunk(Object chunk) {
    if (finished == 0) {
      ender.chunk(progress, chunk);
    }
  }

  /** Ends the call once, whichever comes first: its end, a failure, close, or collection. */
  void finish(Throwable error) {
    if (FINISHED.compareAndSet(this, 0, 1)) {
      try {
        ender.end(progress, error);
      } finally {
        owner.forget(this);
      }
    }
  }
}
