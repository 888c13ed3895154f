package dev.llmlens.agent.dispatch;

import java.lang.ref.Reference;
import java.lang.ref.ReferenceQueue;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The streaming calls in progress, by their stream object. Bounded by what the application
 * holds: entries go when a call ends, and a stream object the application dropped without
 * finishing is noticed at the next registration (a reference queue, no thread) and its call
 * ended as stopped early.
 */
final class StreamTracker {

  private final Map<Object, StreamingCall> byStreamObject = new WeakHashMap<Object, StreamingCall>();
  /** Strong references to the calls themselves, so their weak references get enqueued. */
  private final Set<StreamingCall> inProgress = ConcurrentHashMap.newKeySet();
  private final ReferenceQueue<Object> dropped = new ReferenceQueue<Object>();

  StreamingCall register(Object streamObject, CallInProgress progress, StreamingCall.CallEnder ender) {
    endDropped();
    StreamingCall call = new StreamingCall(streamObject, dropped, progress, ender, this);
    inProgress.add(call);
    synchronized (byStreamObject) {
      byStreamObject.put(streamObject, call);
    }
    return call;
  }

  /** The call of {@code streamObject}, or {@code null} for objects that are not tracked streams. */
  StreamingCall lookUp(Object streamObject) {
    synchronized (byStreamObject) {
      return byStreamObject.get(streamObject);
    }
  }

  int inProgress() {
    return inProgress.size();
  }

  void forget(StreamingCall call) {
    inProgress.remove(call);
    Object streamObject = call.get();
    if (streamObject != null) {
      synchronized (byStreamObject) {
        byStreamObject.remove(streamObject);
      }
    }
  }

  private void endDropped() {
    for (Reference<?> gone = dropped.poll(); gone != null; gone = dropped.poll()) {
      ((StreamingCall) gone).finish(null);
    }
  }
}
