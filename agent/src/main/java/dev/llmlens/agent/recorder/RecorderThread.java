package dev.llmlens.agent.recorder;

import dev.llmlens.agent.log.AgentLog;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * The one daemon thread, {@code llmlens-recorder}, that does the OpenTelemetry work of finished
 * calls (spans, metrics) so the application's thread does not: it only takes timestamps and ids
 * and queues the call.
 *
 * <p>The queue is bounded and never blocks its producers. A call takes two slots (its start and
 * its end), both reserved when it starts: a call whose start is queued always gets its end queued
 * too, so {@code ai.active_requests} never keeps a start without its end. When no slot is left, the
 * whole call is dropped and counted ({@code llmlens.calls.dropped}). Events run in the order they
 * were queued: a call's start before its end, for every call on every thread.
 *
 * <p>Producers never wake the thread while it is busy: it parks for a millisecond at a time while
 * calls keep coming, and only when it has been idle for a while does it park until woken, and then
 * the next producer wakes it. So the application's thread pays no system call per call.
 */
final class RecorderThread implements Runnable {

  /** Queued work, run on the recorder thread. */
  abstract static class Event {
    /** Never throws: a failure is reported and the next event runs. */
    abstract void run();
  }

  static final int DEFAULT_CAPACITY = 16_384;
  static final String NAME = "llmlens-recorder";
  private static final long BUSY_PARK_NANOS = TimeUnit.MILLISECONDS.toNanos(1);
  /** Idle this long (no event), the thread parks until a producer wakes it. */
  private static final long IDLE_NANOS = TimeUnit.MILLISECONDS.toNanos(50);
  private static final int BATCH = 256;

  private final int capacity;
  private final ArrayBlockingQueue<Event> queue;
  /** Slots queued or promised (a started call's end), at most {@link #capacity}. */
  private final AtomicInteger reserved = new AtomicInteger();
  private final AtomicLong dropped = new AtomicLong();
  /** True while the thread is parked until woken: the next producer wakes it. */
  private volatile boolean sleeping;
  private volatile boolean stopped;
  private final Thread thread;

  RecorderThread(int capacity, SpanStarts starts) {
    this.capacity = capacity;
    this.queue = new ArrayBlockingQueue<Event>(capacity);
    this.thread = new Thread(this, NAME);
    thread.setDaemon(true);
    starts.recorderThread(thread);
    thread.start();
  }

  /** Reserves {@code slots} for events still to come; false (and counted) when full. */
  boolean reserve(int slots, long calls) {
    if (reserved.addAndGet(slots) <= capacity) {
      return true;
    }
    reserved.addAndGet(-slots);
    if (calls > 0 && dropped.getAndAdd(calls) == 0) {
      AgentLog.warn(
          "the recorder's queue is full (" + capacity + " events): LLM calls are dropped unrecorded "
              + "and counted in llmlens_calls_dropped_total. The recorder cannot keep up with the calls.");
    }
    return false;
  }

  /** Queues an event whose slot was reserved; never blocks. */
  void submit(Event event) {
    queue.offer(event);
    if (sleeping) {
      sleeping = false;
      LockSupport.unpark(thread);
    }
  }

  /** Queues an event that needs no reservation beforehand; false when full (nothing queued). */
  boolean trySubmit(Event event) {
    if (!reserve(1, 0)) {
      return false;
    }
    submit(event);
    return true;
  }

  /** The thread ends once the queue is empty; later events are not recorded. For tests. */
  void stop() {
    stopped = true;
    LockSupport.unpark(thread);
  }

  long dropped() {
    return dropped.get();
  }

  /**
   * Waits until everything queued before now has run, at most {@code timeoutMillis}; true when it
   * has. For the final flush at exit and for tests. May block: never call it from advice.
   */
  boolean flush(long timeoutMillis) {
    if (Thread.currentThread() == thread) {
      return true;
    }
    Marker marker = new Marker();
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
    try {
      while (!trySubmit(marker)) {
        if (System.nanoTime() - deadline > 0) {
          return false;
        }
        Thread.yield();
      }
      return marker.done.await(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  @Override
  public void run() {
    List<Event> batch = new ArrayList<Event>(BATCH);
    long lastEvent = System.nanoTime();
    while (true) {
      queue.drainTo(batch, BATCH);
      if (batch.isEmpty() && stopped) {
        return;
      }
      if (!batch.isEmpty()) {
        int count = batch.size();
        for (int i = 0; i < count; i++) {
          runSafely(batch.get(i));
        }
        batch.clear();
        reserved.addAndGet(-count);
        lastEvent = System.nanoTime();
        continue;
      }
      if (System.nanoTime() - lastEvent < IDLE_NANOS) {
        LockSupport.parkNanos(this, BUSY_PARK_NANOS);
        continue;
      }
      sleeping = true;
      // An event queued before the flag was visible would not wake us: look once more.
      if (queue.isEmpty()) {
        LockSupport.park(this);
      }
      sleeping = false;
      lastEvent = System.nanoTime();
      Thread.interrupted();
    }
  }

  private static void runSafely(Event event) {
    try {
      event.run();
    } catch (Throwable failure) {
      AgentLog.warnOnce(
          "recorder:" + failure.getClass().getName(),
          "a call could not be recorded (" + failure + "); the application is not affected");
    }
  }

  /** Runs after everything queued before it. */
  private static final class Marker extends Event {
    final CountDownLatch done = new CountDownLatch(1);

    @Override
    void run() {
      done.countDown();
    }
  }
}
