package dev.llmlens.benchmarks;

import com.openai.models.chat.completions.ChatCompletionCreateParams;
import io.opentelemetry.api.baggage.Baggage;
import io.opentelemetry.context.Scope;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The load subjects, run in a child process by {@link LoadComparison}; each prints one
 * {@code RESULT} line.
 *
 * <ul>
 *   <li>{@code steady [calls]}: 100,000 blocking calls across 50 models and 20 features (the
 *       feature named by the application's OpenTelemetry Baggage), then heap after GC and RSS,
 *       against the same figures after 1,000 warm-up calls.
 *   <li>{@code export [seconds]}: 1,000 calls a second for 45 s; the CPU time of the whole process
 *       and of the export threads (metric reader, span processor, their HTTP senders).
 *   <li>{@code percall [calls]}: after as many warm-up calls, the CPU time and the bytes allocated
 *       by the calling thread per blocking call (one model, no Baggage), over OkHttp to the loopback
 *       server. The agent's own work happens on that thread, and unlike latency, CPU time barely
 *       moves when other processes crowd the machine. Also the recorder thread's CPU per call.
 *   <li>{@code percall-inprocess [calls]}: the same through {@link InProcessTransport}, for a
 *       blocking and a streamed call: no socket, so the figure is the client's and the agent's
 *       own work, and a few microseconds show. With llmlens, also what it adds within the same
 *       JVM ({@link LlmlensSwitch}): blocks of calls with llmlens on and off, alternately.
 * </ul>
 */
public final class LoadRun {

  private static final int MODELS = 50;
  /** The first of the models, which every mode calls; exports naming it show that the agent observed the calls. */
  static final String WATCHED_MODEL = "bench-model-0";
  private static final int FEATURES = 20;
  /** Pairs of blocks (llmlens on, off) in the same JVM; each block is a tenth of the calls. */
  private static final int SWITCHED_PAIRS = 10;

  /** System property: take llmlens' handler away before the first call (see {@link AgentSetup}). */
  static final String HANDLERLESS = "bench.llmlensHandlerless";
  /** What llmlens' debug output says once it has woven the service every blocking call goes through. */
  static final String WOVEN = "instrumented com.openai.services.blocking.chat.ChatCompletionServiceImpl";

  private LoadRun() {}

  public static void main(String[] args) throws Exception {
    LoopbackServer server = LoopbackServer.start();
    server.watchExportsNaming(WATCHED_MODEL, false);
    OpenAiCalls calls = args[0].equals("percall-inprocess") ? OpenAiCalls.inProcess() : new OpenAiCalls(server.baseUrl());
    ChatCompletionCreateParams[] params = new ChatCompletionCreateParams[MODELS];
    for (int model = 0; model < MODELS; model++) {
      params[model] = OpenAiCalls.params("bench-model-" + model, false);
    }
    LlmlensSwitch handlerless = Boolean.getBoolean(HANDLERLESS) ? LlmlensSwitch.find() : null;
    if (handlerless != null) {
      handlerless.off();
    }
    if (args[0].startsWith("percall")) {
      int count = args.length > 1 ? Integer.parseInt(args[1]) : 5_000;
      CallingThreadCost blocking = CallingThreadCost.of(() -> calls.chat(params[0]), count);
      // One println: an agent's log line must not land in the middle of the RESULT line.
      StringBuilder result = new StringBuilder(String.format("RESULT callerCpuMicros=%.2f callerBytes=%.0f recorderCpuMicros=%.2f recorderBytes=%.0f",
          blocking.cpuMicros, blocking.bytes, blocking.recorderCpuMicros, blocking.recorderBytes));
      if (args[0].equals("percall-inprocess")) {
        ChatCompletionCreateParams streamed = OpenAiCalls.params(WATCHED_MODEL, true);
        CallingThreadCost stream = CallingThreadCost.of(() -> calls.stream(streamed), count);
        result.append(String.format(" streamCpuMicros=%.2f streamBytes=%.0f streamRecorderCpuMicros=%.2f streamRecorderBytes=%.0f",
            stream.cpuMicros, stream.bytes, stream.recorderCpuMicros, stream.recorderBytes));
        LlmlensSwitch llmlens = LlmlensSwitch.find();
        if (llmlens != null && handlerless == null) {
          int block = Math.max(1, count / SWITCHED_PAIRS);
          CallingThreadCost switched = CallingThreadCost.switched(() -> calls.chat(params[0]), llmlens, block, SWITCHED_PAIRS);
          CallingThreadCost switchedStream = CallingThreadCost.switched(() -> calls.stream(streamed), llmlens, block, SWITCHED_PAIRS);
          result.append(String.format(" switchedCpuMicros=%.2f switchedBytes=%.0f switchedRecorderCpuMicros=%.2f switchedRecorderBytes=%.0f"
                  + " switchedOffCpuMicros=%.2f switchedStreamCpuMicros=%.2f switchedStreamBytes=%.0f switchedStreamRecorderCpuMicros=%.2f"
                  + " switchedStreamRecorderBytes=%.0f",
              switched.cpuMicros, switched.bytes, switched.recorderCpuMicros, switched.recorderBytes, switched.offCpuMicros,
              switchedStream.cpuMicros, switchedStream.bytes, switchedStream.recorderCpuMicros, switchedStream.recorderBytes));
        }
      }
      System.out.println(result.append(" observedExports=").append(server.observedExports()));
    } else if (args[0].equals("steady")) {
      int total = args.length > 1 ? Integer.parseInt(args[1]) : 100_000;
      run(calls, params, 1_000);
      double[] before = memory();
      run(calls, params, total);
      double[] after = memory();
      System.out.printf("RESULT heapBeforeMiB=%.1f heapAfterMiB=%.1f rssBeforeMiB=%.1f rssAfterMiB=%.1f observedExports=%d%n",
          before[0], after[0], before[1], after[1], server.observedExports());
    } else {
      int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 45;
      paced(calls, params, 5);
      ThreadMXBean threads = ManagementFactory.getThreadMXBean();
      long exportBefore = exportCpuNanos(threads);
      long processBefore = processCpuNanos();
      long exportBytesBefore = server.exportBytes();
      long started = System.nanoTime();
      long made = paced(calls, params, seconds);
      double wall = (System.nanoTime() - started) / 1e9;
      System.out.printf("RESULT callsPerSecond=%.0f processCpuPct=%.1f exportCpuPct=%.2f exportKiBPerSecond=%.1f observedExports=%d%n",
          made / wall,
          100.0 * (processCpuNanos() - processBefore) / 1e9 / wall,
          100.0 * (exportCpuNanos(threads) - exportBefore) / 1e9 / wall,
          (server.exportBytes() - exportBytesBefore) / 1024.0 / wall, server.observedExports());
    }
    System.exit(0);
  }

  private static void run(OpenAiCalls calls, ChatCompletionCreateParams[] params, int count) {
    for (int i = 0; i < count; i++) {
      call(calls, params, i);
    }
  }

  private static void call(OpenAiCalls calls, ChatCompletionCreateParams[] params, int i) {
    try (Scope scope = Baggage.current().toBuilder().put("feature", "feature-" + (i / MODELS) % FEATURES).build().makeCurrent()) {
      calls.chat(params[i % MODELS]);
    }
  }

  /** One call a millisecond, on the calling thread, for {@code seconds}; returns how many. */
  private static long paced(OpenAiCalls calls, ChatCompletionCreateParams[] params, int seconds) {
    long start = System.nanoTime();
    long end = start + TimeUnit.SECONDS.toNanos(seconds);
    long made = 0;
    for (long next = start; next < end; next += 1_000_000) {
      long wait = next - System.nanoTime();
      if (wait > 0) {
        LockSupport.parkNanos(wait);
      }
      call(calls, params, (int) made++);
    }
    return made;
  }

  /** Heap used after a full GC, and resident set size, in MiB. */
  private static double[] memory() throws Exception {
    for (int i = 0; i < 3; i++) {
      System.gc();
      Thread.sleep(100);
    }
    double heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() / 1048576.0;
    double rss = 0;
    for (String line : Files.readAllLines(Paths.get("/proc/self/status"))) {
      if (line.startsWith("VmRSS:")) {
        rss = Long.parseLong(line.replaceAll("\\D", "")) / 1024.0;
      }
    }
    return new double[] {heap, rss};
  }

  private static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
  }

  /**
   * The OpenTelemetry SDK's export threads, by the names the SDK gives them (both agents use the
   * SDK): the periodic metric reader, the batch span processor and the OkHttp sender's
   * dispatcher; the JDK HttpClient sender's threads are named HttpClient-*.
   */
  private static long exportCpuNanos(ThreadMXBean threads) {
    long total = 0;
    for (java.lang.management.ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
      if (info == null) {
        continue;
      }
      String name = info.getThreadName();
      if (name.startsWith("PeriodicMetricReader") || name.startsWith("BatchSpanProcessor")
          || name.startsWith("okhttp-dispatch") || name.startsWith("HttpClient-")) {
        total += Math.max(0, threads.getThreadCpuTime(info.getThreadId()));
      }
    }
    return total;
  }
}
