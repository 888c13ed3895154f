package dev.llmlens.e2e.app;

import com.openai.client.OpenAIClient;
import com.openai.client.OpenAIClientAsync;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.client.okhttp.OpenAIOkHttpClientAsync;
import com.openai.core.http.StreamResponse;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * The calls a provider can fail, and how the application gives up on them, each printed as the
 * application saw it: {@code CALL <i> <step> <model> OK ...} or {@code ... ERROR <class>: <message>}
 * (causes unwrapped from {@code CompletionException}/{@code ExecutionException}).
 *
 * <p>Usage: {@code FaultScenarioApp <baseUrl> <plan>}, plan steps as in {@link ChatScenarioApp}:
 * {@code blocking}, {@code async}, {@code stream} (reads every chunk), {@code interrupt} (a
 * blocking call on a thread the app interrupts after 300 ms) and {@code cancel} (an async call
 * whose future the app cancels after 300 ms). {@code -Dscenario.timeoutMillis} (default 1000) is
 * the client's timeout. With {@code -Dscenario.scrapePort} it prints the agent's Prometheus
 * endpoint once every call is counted, then {@code SCENARIO DONE}.
 */
public final class FaultScenarioApp {

  private FaultScenarioApp() {}

  public static void main(String[] args) throws Exception {
    String baseUrl = args[0];
    List<String> steps = ScenarioPlan.expand(args[1]);
    Duration timeout = Duration.ofMillis(Long.getLong("scenario.timeoutMillis", 1_000L));
    OpenAIClient client = OpenAIOkHttpClient.builder().baseUrl(baseUrl).apiKey("sk-test").timeout(timeout).build();
    OpenAIClientAsync async = OpenAIOkHttpClientAsync.builder().baseUrl(baseUrl).apiKey("sk-test").timeout(timeout).build();
    try {
      for (int i = 0; i < steps.size(); i++) {
        String[] step = steps.get(i).split(":", 2);
        ChatCompletionCreateParams params =
            ChatCompletionCreateParams.builder().model(step[1]).addUserMessage("Where is my parcel?").build();
        String outcome;
        try {
          outcome = call(client, async, step[0], params);
        } catch (Throwable error) {
          outcome = describe(error);
        }
        System.out.println("CALL " + i + " " + step[0] + " " + step[1] + " " + outcome);
      }
    } finally {
      client.close();
      async.close();
    }
    PrintedScrape.printIfAsked(steps.size());
    System.out.println("SCENARIO DONE");
  }

  private static String call(OpenAIClient client, OpenAIClientAsync async, String kind, ChatCompletionCreateParams params)
      throws Exception {
    switch (kind) {
      case "blocking":
        return ok(client.chat().completions().create(params));
      case "async":
        return ok(async.chat().completions().create(params).join());
      case "stream": {
        StringBuilder text = new StringBuilder();
        int chunks = 0;
        try (StreamResponse<ChatCompletionChunk> stream = client.chat().completions().createStreaming(params)) {
          for (ChatCompletionChunk chunk : (Iterable<ChatCompletionChunk>) stream.stream()::iterator) {
            chunks++;
            chunk.choices().forEach(choice -> choice.delta().content().ifPresent(text::append));
          }
        } catch (RuntimeException error) {
          return "after " + chunks + " chunks (" + text + ") " + describe(error);
        }
        return "STREAM " + chunks + " chunks: " + text;
      }
      case "interrupt": {
        String[] outcome = new String[1];
        Thread caller = new Thread(() -> {
          try {
            outcome[0] = ok(client.chat().completions().create(params));
          } catch (Throwable error) {
            outcome[0] = describe(error) + " interrupted=" + Thread.currentThread().isInterrupted();
          }
        }, "interrupted-caller");
        caller.start();
        Thread.sleep(300);
        caller.interrupt();
        caller.join();
        return outcome[0];
      }
      case "cancel": {
        CompletableFuture<ChatCompletion> future = async.chat().completions().create(params);
        Thread.sleep(300);
        boolean cancelled = future.cancel(true);
        try {
          return "cancelled=" + cancelled + " then " + ok(future.get());
        } catch (Throwable error) {
          return "cancelled=" + cancelled + " then " + describe(error);
        }
      }
      default:
        throw new IllegalArgumentException("unknown step " + kind);
    }
  }

  private static String ok(ChatCompletion completion) {
    return "OK " + completion.model() + " " + completion.usage().map(u -> u.promptTokens() + " " + u.completionTokens()).orElse("no-usage");
  }

  private static String describe(Throwable error) {
    Throwable cause = error;
    while ((cause instanceof CompletionException || cause instanceof ExecutionException) && cause.getCause() != null) {
      cause = cause.getCause();
    }
    String message = String.valueOf(cause.getMessage()).replace('\n', ' ');
    Throwable root = cause.getCause();
    // OkHttp's read timeout (SocketTimeoutException) and call timeout (InterruptedIOException)
    // race when both are the client's timeout; either is the same timeout to the application.
    String rootName = root instanceof java.io.InterruptedIOException ? "java.io.InterruptedIOException"
        : root == null ? null : root.getClass().getName();
    return "ERROR " + cause.getClass().getName() + ": " + message + (rootName == null ? "" : " (cause " + rootName + ")");
  }
}
