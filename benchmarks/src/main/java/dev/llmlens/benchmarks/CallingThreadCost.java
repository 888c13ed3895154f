package dev.llmlens.benchmarks;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;

/**
 * What one kind of call costs the thread that makes it, after as many warm-up calls: CPU time and
 * bytes allocated per call. Beside it, the CPU the agent's recorder thread ({@code
 * llmlens-recorder}) spent and allocated in the same stretch, per call: work moved off the calling
 * thread is not free, and the figures say what it costs.
 */
final class CallingThreadCost {

  private static final String RECORDER_THREAD = "llmlens-recorder";

  final double cpuMicros;
  final double bytes;
  final double recorderCpuMicros;
  final double recorderBytes;
  /**
   * Of {@link #switched} only (else NaN): the CPU per call of the blocks with llmlens off, the
   * median over the pairs. Set beside a JVM without the agent, it tells a cost the JVM keeps,
   * once the call is warm, from one it had only while warming up.
   */
  final double offCpuMicros;

  private CallingThreadCost(double cpuMicros, double bytes, double recorderCpuMicros, double recorderBytes, double offCpuMicros) {
    this.cpuMicros = cpuMicros;
    this.bytes = bytes;
    this.recorderCpuMicros = recorderCpuMicros;
    this.recorderBytes = recorderBytes;
    this.offCpuMicros = offCpuMicros;
  }

  static CallingThreadCost of(Runnable call, int count) {
    repeat(call, count);
    return measure(call, count);
  }

  /**
   * What llmlens adds to one kind of call within one JVM: after {@code count} warm-up calls with
   * llmlens off and as many on, {@code pairs} pairs of blocks of {@code count} calls, llmlens on
   * in one block of each pair and off in the other (which one runs first alternates). The
   * figures are the medians of the per-pair differences, on minus off. llmlens is left on.
   */
  static CallingThreadCost switched(Runnable call, LlmlensSwitch llmlens, int count, int pairs)
      throws IllegalAccessException {
    llmlens.off();
    repeat(call, count);
    llmlens.on();
    repeat(call, count);
    List<Double> cpu = new ArrayList<>();
    List<Double> bytes = new ArrayList<>();
    List<Double> recorder = new ArrayList<>();
    List<Double> recorderBytes = new ArrayList<>();
    List<Double> offLevel = new ArrayList<>();
    for (int pair = 0; pair < pairs; pair++) {
      boolean onFirst = pair % 2 == 0;
      CallingThreadCost first = block(call, count, llmlens, onFirst);
      CallingThreadCost second = block(call, count, llmlens, !onFirst);
      CallingThreadCost on = onFirst ? first : second;
      CallingThreadCost off = onFirst ? second : first;
      cpu.add(on.cpuMicros - off.cpuMicros);
      offLevel.add(off.cpuMicros);
      bytes.add(on.bytes - off.bytes);
      recorder.add(on.recorderCpuMicros - off.recorderCpuMicros);
      recorderBytes.add(on.recorderBytes - off.recorderBytes);
    }
    llmlens.on();
    return new CallingThreadCost(
        AgentSetup.median(cpu), AgentSetup.median(bytes), AgentSetup.median(recorder), AgentSetup.median(recorderBytes),
        AgentSetup.median(offLevel));
  }

  private static CallingThreadCost block(Runnable call, int count, LlmlensSwitch llmlens, boolean on)
      throws IllegalAccessException {
    if (on) {
      llmlens.on();
    } else {
      llmlens.off();
    }
    return measure(call, count);
  }

  private static CallingThreadCost measure(Runnable call, int count) {
    com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long self = Thread.currentThread().getId();
    long cpu = threads.getCurrentThreadCpuTime();
    long allocated = threads.getThreadAllocatedBytes(self);
    long recorderId = recorderThreadId(threads);
    long recorder = recorderId < 0 ? 0 : threads.getThreadCpuTime(recorderId);
    long recorderAllocated = recorderId < 0 ? 0 : threads.getThreadAllocatedBytes(recorderId);
    repeat(call, count);
    long cpuAfter = threads.getCurrentThreadCpuTime();
    long allocatedAfter = threads.getThreadAllocatedBytes(self);
    return new CallingThreadCost(
        (cpuAfter - cpu) / 1e3 / count,
        (double) (allocatedAfter - allocated) / count,
        recorderId < 0 ? 0 : (threads.getThreadCpuTime(recorderId) - recorder) / 1e3 / count,
        recorderId < 0 ? 0 : (double) (threads.getThreadAllocatedBytes(recorderId) - recorderAllocated) / count,
        Double.NaN);
  }

  private static void repeat(Runnable call, int count) {
    for (int i = 0; i < count; i++) {
      call.run();
    }
  }

  /**
   * -1 without llmlens (its figures are then 0). The recorder may be a millisecond behind: noise
   * over thousands of calls.
   */
  private static long recorderThreadId(java.lang.management.ThreadMXBean threads) {
    for (java.lang.management.ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
      if (info != null && info.getThreadName().equals(RECORDER_THREAD)) {
        return info.getThreadId();
      }
    }
    return -1;
  }
}
