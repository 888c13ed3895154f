package dev.llmlens.e2e.app;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A busy service: {@code threads} threads make blocking chat completions ({@code gpt-4o}) through
 * one shared openai-java client, either a fixed number of calls in all ({@code
 * -Dscenario.calls=N}) or for a while ({@code -Dscenario.durationMillis=D}).
 *
 * <p>Usage: {@code CallLoadApp <baseUrl> <threads>}. It prints what the application saw:
 * {@code CALLS <total> ok=<n> errors=<n>}, {@code LATENCY p50_us=<n> p99_us=<n>} (each call's
 * wall time on the calling thread) and {@code HEAP used_after_gc_kb=<n>}; with {@code
 * -Dscenario.scrapePort} the agent's Prometheus endpoint once it counts every call. With {@code
 * -Dscenario.awaitFile=PATH} it then prints {@code WAITING} and waits for that file to exist
 * (the test brings a collector back meanwhile) before {@code SCENARIO DONE}; with {@code
 * -Dscenario.holdMillis=N} it waits that long before it. Then main returns.
 */
public final class CallLoadApp {

  private CallLoadApp() {}

  public static void main(String[] args) throws Exception {
    String baseUrl = args[0];
    int threads = Integer.parseInt(args[1]);
    long calls = Long.getLong("scenario.calls", Long.MAX_VALUE);
    long durationNanos = Duration.ofMillis(Long.getLong("scenario.durationMillis", Long.MAX_VALUE / 2_000_000)).toNanos();

    OpenAIClient client = OpenAIOkHttpClient.builder().baseUrl(baseUrl).apiKey("sk-test").maxRetries(0).build();
    ChatCompletionCreateParams params =
        ChatCompletionCreateParams.builder().model("gpt-4o").addUserMessage("Where is my parcel?").build();
    AtomicLong started = new AtomicLong();
    AtomicLong errors = new AtomicLong();
    long[][] latencies = new long[threads][];
    int[] counts = new int[threads];
    long begin = System.nanoTime();
    List<Thread> workers = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      final int index = t;
      Thread worker =
          new Thread(
              () -> {
                long[] mine = new long[1024];
                int n = 0;
                while (started.incrementAndGet() <= calls && System.nanoTime() - begin < durationNanos) {
                  long callStart = System.nanoTime();
                  try {
                    client.chat().completions().create(params);
                  } catch (RuntimeException error) {
                    errors.incrementAndGet();
                  }
                  if (n == mine.length) {
                    mine = Arrays.copyOf(mine, n * 2);
                  }
                  mine[n++] = System.nanoTime() - callStart;
                }
                latencies[index] = mine;
                counts[index] = n;
              },
              "load-" + t);
      workers.add(worker);
      worker.start();
    }
    for (Thread worker : workers) {
      worker.join();
    }
    client.close();

    int total = Arrays.stream(counts).sum();
    long[] all = new long[total];
    int at = 0;
    for (int t = 0; t < threads; t++) {
      System.arraycopy(latencies[t], 0, all, at, counts[t]);
      at += counts[t];
    }
    Arrays.sort(all);
    System.out.println("CALLS " + total + " ok=" + (total - errors.get()) + " errors=" + errors.get());
    System.out.println("LATENCY p50_us=" + percentile(all, 50) / 1000 + " p99_us=" + percentile(all, 99) / 1000);
    System.gc();
    System.out.println("HEAP used_after_gc_kb=" + ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() / 1024);

    PrintedScrape.printIfAsked(total);
    String awaitFile = System.getProperty("scenario.awaitFile");
    if (awaitFile != null) {
      System.out.println("WAITING");
      while (!Files.exists(Paths.get(awaitFile))) {
        Thread.sleep(20);
      }
    }
    Thread.sleep(Long.getLong("scenario.holdMillis", 0L));
    System.out.println("SCENARIO DONE");
  }

  private static long percentile(long[] sorted, int percent) {
    if (sorted.length == 0) {
      return 0;
    }
    int index = (int) Math.ceil(percent / 100.0 * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
  }
}
