package dev.llmlens.e2e.app;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.http.StreamResponse;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.Iterator;

/**
 * Many streamed chat completions through the real openai-java client, ended every way an
 * application ends them, to show that the agent keeps no state per call: {@code BASE_URL CALLS}.
 *
 * <p>Call {@code i} (from 1): every 7th reads its first chunk and then drops the {@code
 * StreamResponse} without closing or finishing it; every other 3rd reads its first chunk and
 * closes; the rest read every chunk. After call 2,000 and after the last one it prints {@code
 * HEAP <calls> <bytes used after GC>}. A dropped stream is only ended when a later streaming call
 * registers, so after the last measurement one more streaming call, read to its end, lets the
 * agent notice the ones the last GC collected: {@code CALLS} reports every call made, that one
 * included. With {@code -Dscenario.scrapePort=N} it then prints the Prometheus endpoint once it
 * counts every call, and {@code SCENARIO DONE}.
 */
public final class StreamSoakApp {

  private static final int FIRST_HEAP_AT = 2_000;

  private StreamSoakApp() {}

  public static void main(String[] args) throws Exception {
    String baseUrl = args[0];
    int calls = Integer.parseInt(args[1]);
    OpenAIClient client =
        OpenAIOkHttpClient.builder()
            .baseUrl(baseUrl)
            .apiKey("sk-test")
            .maxRetries(0)
            .timeout(Duration.ofSeconds(10))
            .build();
    ChatCompletionCreateParams params =
        ChatCompletionCreateParams.builder().model("gpt-4o-mini").addUserMessage("Where is my parcel?").build();
    int read = 0;
    int closed = 0;
    int dropped = 0;
    long chunks = 0;
    long started = System.nanoTime();
    try {
      for (int i = 1; i <= calls; i++) {
        if (i % 7 == 0) {
          chunks += readFirstAndDrop(client, params);
          dropped++;
        } else if (i % 3 == 0) {
          chunks += readFirstAndClose(client, params);
          closed++;
        } else {
          chunks += readAll(client, params);
          read++;
        }
        if (i == FIRST_HEAP_AT) {
          System.out.println("HEAP " + i + " " + heapUsedAfterGc());
        }
      }
      long loopMillis = Duration.ofNanos(System.nanoTime() - started).toMillis();
      System.out.println("HEAP " + calls + " " + heapUsedAfterGc());
      // The registration that ends the streams the last collection found dropped.
      chunks += readAll(client, params);
      read++;
      System.out.println(
          "CALLS " + (calls + 1) + " read " + read + " closed " + closed + " dropped " + dropped
              + " chunks " + chunks + " loop-ms " + loopMillis);
    } finally {
      client.close();
    }
    Integer scrapePort = Integer.getInteger("scenario.scrapePort");
    if (scrapePort != null) {
      System.out.println("--- SCRAPE BEGIN ---");
      System.out.print(PrintedScrape.onceComplete(scrapePort, calls + 1L));
      System.out.println("--- SCRAPE END ---");
    }
    System.out.println("SCENARIO DONE");
  }

  private static int readAll(OpenAIClient client, ChatCompletionCreateParams params) {
    try (StreamResponse<ChatCompletionChunk> stream = client.chat().completions().createStreaming(params)) {
      return (int) stream.stream().count();
    }
  }

  private static int readFirstAndClose(OpenAIClient client, ChatCompletionCreateParams params) {
    try (StreamResponse<ChatCompletionChunk> stream = client.chat().completions().createStreaming(params)) {
      stream.stream().iterator().next();
      return 1;
    }
  }

  /** Neither closed nor read to its end: the stream response and its elements are just dropped. */
  private static int readFirstAndDrop(OpenAIClient client, ChatCompletionCreateParams params) {
    StreamResponse<ChatCompletionChunk> stream = client.chat().completions().createStreaming(params);
    Iterator<ChatCompletionChunk> chunks = stream.stream().iterator();
    chunks.next();
    return 1;
  }

  /** Heap in use once collections no longer free anything (a few GCs, reference handling between). */
  private static long heapUsedAfterGc() throws InterruptedException {
    long used = Long.MAX_VALUE;
    for (int i = 0; i < 5; i++) {
      System.gc();
      Thread.sleep(100);
      used = Math.min(used, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
    }
    return used;
  }
}
