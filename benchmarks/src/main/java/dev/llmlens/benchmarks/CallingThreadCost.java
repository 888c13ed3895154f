package dev.llmlens.benchmarks;

import java.lang.management.ManagementFactory;

/**
 * What one kind of call costs the thread that makes it, after as many warm-up calls: CPU time and
 * bytes allocated per call. Beside it, the CPU the agent's recorder thread ({@code
 * llmlens-recorder}) spent in the same stretch, per call: work moved off the calling thread is not
 * free, and the figure says what it costs.
 */
final class CallingThreadCost {

  private static final String RECORDER_THREAD = "llmlens-recorder";

  final double cpuMicros;
  final double bytes;
  final double recorderCpuMicros;

  private CallingThreadCost(double cpuMicros, double bytes, double recorderCpuMicros) {
    this.cpuMicros = cpuMicros;
    this.bytes = bytes;
    this.recorderCpuMicros = recorderCpuMicros;
  }

  static CallingThreadCost of(Runnable call, int count) {
    com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long self = Thread.currentThread().getId();
    repeat(call, count);
    long cpu = threads.getCurrentThreadCpuTime();
    long allocated = threads.getThreadAllocatedBytes(self);
    long recorder = recorderCpuNanos(threads);
    repeat(call, count);
    long cpuAfter = threads.getCurrentThreadCpuTime();
    long allocatedAfter = threads.getThreadAllocatedBytes(self);
    return new CallingThreadCost(
        (cpuAfter - cpu) / 1e3 / count,
        (double) (allocatedAfter - allocated) / count,
        (recorderCpuNanos(threads) - recorder) / 1e3 / count);
  }

  private static void repeat(Runnable call, int count) {
    for (int i = 0; i < count; i++) {
      call.run();
    }
  }

  /** 0 without llmlens. The recorder may be a millisecond behind: noise over thousands of calls. */
  private static long recorderCpuNanos(java.lang.management.ThreadMXBean threads) {
    for (java.lang.management.ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
      if (info != null && info.getThreadName().equals(RECORDER_THREAD)) {
        return Math.max(0, threads.getThreadCpuTime(info.getThreadId()));
      }
    }
    return 0;
  }
}
