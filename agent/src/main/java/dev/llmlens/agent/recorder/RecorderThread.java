package dev.llmlens.agent.recorder;

import dev.llmlens.agent.log.AgentLog;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * The one daemon thread, {@code llmlens-recorder}, that does the OpenTelemetry work of finished
 * calls (spans, metrics) so the application's thread does not: it only takes timestamps and ids
 * and queues the call.
 *
 * <p>The queue is bounded and never blocks its producers. A call whose start finds the queue full
 * is dropped whole, logged once and counted ({@code llmlens.calls.dropped}). The end of a call
 * whose start was queued is never dropped, so {@code ai.active_requests} never keeps a start
 * without its end: if the queue is full, the end waits on the call until its start is recorded,
 * or, if that is done already, in a side list drained after the queue (it only ever holds ends of
 * calls the application has in flight, so it stays as small as the application's concurrency).
 * Events run in the order they were queued: a call's start before its end.
 *
 * <p>Producers never wake the thread while it is busy: it parks for a millisecond at a time while
 * calls keep coming, and only when it has been idle for a while does it park until woken, and then
 * the next producer wakes it. So the application's thread pays no system call per call.
 */
final class RecorderThread implements Runnable {

  /** Queued work, run on the recorder thread. */
  abstract static class Event {
    /** A failure is reported and the next event runs. */
    abstract void run();
  }

  /**
   * Room for a few seconds of calls at thousands a second while the recorder gets little CPU on a
   * busy host: with 8,192, a scrape after a 50-thread load test (3,000 calls/s) on a loaded
   * two-core machine once counted 312 of 182,862 calls short. At most about 11,000 calls wait
   * (start, end and rate-limit events), a few MB; the array itself is 128 KB.
   */
  static final int DEFAULT_CAPACITY = 32_768;
  static final String NAME = "llmlens-recorder";
  private static final long BUSY_PARK_NANOS = TimeUnit.MILLISECONDS.toNanos(1);
  /** Idle this long (no event), the thread parks until a producer wakes it. */
  private static final long IDLE_NANOS = TimeUnit.MILLISECONDS.toNanos(50);
  private static final int BATCH = 256;

  private final int capacity;
  private final ArrayBlockingQueue<Event> queue;
  /** Ends of started calls that found the queue full: their starts are recorded already. */
  private final ConcurrentLinkedQueue<Event> lateEnds = new ConcurrentLinkedQueue<Event>();
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

  /** Queues an event; false (nothing queued) when the queue is full. Never blocks. */
  boolean offer(Event event) {
    if (!queue.offer(event)) {
      return false;
    }
    wake();
    return true;
  }

  /** Queues a start, or counts the call as dropped. */
  boolean offerStart(Event start) {
    if (offer(start)) {
      return true;
    }
    countDrop();
    return false;
  }

  /** Queues the end of a call whose start was queued: never dropped. */
  void offerEnd(InFlight end) {
    if (offer(end) || end.endBeforeStart()) {
      return;
    }
    lateEnds.add(end);
    wake();
  }

  private void wake() {
    if (sleeping) {
      sleeping = false;
      LockSupport.unpark(thread);
    }
  }

  /** One call or operation not recorded: the first is logged. */
  void countDrop() {
    if (dropped.getAndIncrement() == 0) {
      AgentLog.warn(
          "the recorder's queue is full (" + capacity + " events): LLM calls are dropped unrecorded "
              + "and counted in llmlens_calls_dropped_total. The recorder cannot keep up with the calls.");
    }
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
    if (Thread.currentThread() == thread || stopped) {
      return true;
    }
    Marker marker = new Marker();
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
    try {
      while (!offer(marker)) {
        if (System.nanoTime() - deadline > 0) {
          return false;
        }
        Thread.yield();
      }
      // Not left to its next periodic look: someone is waiting.
      LockSupport.unpark(thread);
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
      if (!batch.isEmpty()) {
        int count = batch.size();
        for (int i = 0; i < count; i++) {
          Event event = batch.get(i);
          if (event instanceof Marker) {
            // What was queued before the marker includes the ends that found the queue full.
            runLateEnds();
          }
          runSafely(event);
        }
        batch.clear();
        runLateEnds();
        lastEvent = System.nanoTime();
        continue;
      }
      if (!lateEnds.isEmpty()) {
        runLateEnds();
        continue;
      }
      if (stopped) {
        return;
      }
      if (System.nanoTime() - lastEvent < IDLE_NANOS) {
        LockSupport.parkNanos(this, BUSY_PARK_NANOS);
        continue;
      }
      sleeping = true;
      // An event queued before the flag was visible would not wake us: look once more.
      if (queue.isEmpty() && lateEnds.isEmpty() && !stopped) {
        LockSupport.park(this);
      }
      sleeping = false;
      lastEvent = System.nanoTime();
      Thread.interrupted();
    }
  }

  private void runLateEnds() {
    for (Event end = lateEnds.poll(); end != null; end = lateEnds.poll()) {
      runSafely(end);
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
