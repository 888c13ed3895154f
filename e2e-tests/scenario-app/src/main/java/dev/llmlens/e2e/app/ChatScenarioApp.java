package dev.llmlens.e2e.app;

import com.openai.client.OpenAIClient;
import com.openai.client.OpenAIClientAsync;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.client.okhttp.OpenAIOkHttpClientAsync;
import com.openai.core.http.AsyncStreamResponse;
import com.openai.core.http.StreamResponse;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import com.openai.models.completions.Completion;
import com.openai.models.completions.CompletionCreateParams;
import com.openai.models.embeddings.CreateEmbeddingResponse;
import com.openai.models.responses.Response;
import com.openai.models.responses.ResponseCreateParams;
import com.openai.models.responses.ResponseStreamEvent;
import com.openai.models.embeddings.EmbeddingCreateParams;
import java.util.Iterator;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * A user's service in miniature: chat completions through the real openai-java client, blocking
 * and async, following a plan given on the command line, e.g.
 * {@code http://127.0.0.1:8080 3*blocking:gpt-4o,2*async:gpt-4o-mini,stream:gpt-4o,embed:text-embedding-3-small}.
 *
 * <p>It prints what it saw ({@code CALL} lines) so a test can compare the application's view with
 * the agent's, and when each call began and returned ({@code WINDOW i startMicros endMicros},
 * epoch microseconds) so a test can check that a span brackets its call. With {@code -Dscenario.scrapePort=N} it also prints the Prometheus endpoint on
 * that port once it reports every call. The last line of {@code main} is {@code SCENARIO DONE};
 * then main returns and the JVM exits by itself.
 */
public final class ChatScenarioApp {

  private ChatScenarioApp() {}

  @SuppressWarnings("unchecked")
  public static void main(String[] args) throws Exception {
    String baseUrl = args[0];
    List<String> steps = ScenarioPlan.expand(args[1]);
    int maxRetries = Integer.getInteger("scenario.maxRetries", 2);
    Duration timeout = Duration.ofMillis(Long.getLong("scenario.timeoutMillis", 10_000L));

    String apiKey = System.getProperty("scenario.apiKey", "sk-test");
    String prompt = System.getProperty("scenario.prompt", "Where is my parcel?");
    OpenAIOkHttpClient.Builder clientBuilder =
        OpenAIOkHttpClient.builder().baseUrl(baseUrl).apiKey(apiKey).maxRetries(maxRetries).timeout(timeout);
    OpenAIOkHttpClientAsync.Builder asyncBuilder =
        OpenAIOkHttpClientAsync.builder().baseUrl(baseUrl).apiKey(apiKey).maxRetries(maxRetries).timeout(timeout);
    // Optional credentials beyond the key: -Dscenario.organization, -Dscenario.project, and
    // -Dscenario.header=Name:value for a header of the application's own.
    String organization = System.getProperty("scenario.organization");
    if (organization != null) {
      clientBuilder.organization(organization);
      asyncBuilder.organization(organization);
    }
    String project = System.getProperty("scenario.project");
    if (project != null) {
      clientBuilder.project(project);
      asyncBuilder.project(project);
    }
    String header = System.getProperty("scenario.header");
    if (header != null) {
      String[] nameAndValue = header.split(":", 2);
      clientBuilder.putHeader(nameAndValue[0], nameAndValue[1]);
      asyncBuilder.putHeader(nameAndValue[0], nameAndValue[1]);
    }
    OpenAIClient client = clientBuilder.build();
    OpenAIClientAsync async = asyncBuilder.build();
    try {
      for (int i = 0; i < steps.size(); i++) {
        String[] step = steps.get(i).split(":", 2);
        ChatCompletionCreateParams params =
            ChatCompletionCreateParams.builder().model(step[1]).addUserMessage(prompt + " (call " + i + ")").build();
        String prefix = "CALL " + i + " " + step[0] + " " + step[1] + " ";
        long startMicros = epochMicros();
        try {
          if (step[0].startsWith("stream")) {
            System.out.println(prefix + "STREAM " + streamed(client, params, step[0]));
            continue;
          }
          if (step[0].equals("astream-first")) {
            // Closes the async stream from its handler after the first chunk.
            int[] chunks = {0};
            AsyncStreamResponse<ChatCompletionChunk>[] stream = new AsyncStreamResponse[1];
            stream[0] = async.chat().completions().createStreaming(params);
            stream[0].subscribe(chunk -> {
              if (chunks[0]++ == 0) {
                stream[0].close();
              }
            });
            stream[0].onCompleteFuture().join();
            System.out.println(prefix + "STREAM closed after " + Math.min(chunks[0], 1) + " chunk");
            continue;
          }
          if (step[0].equals("astream")) {
            StringBuilder text = new StringBuilder();
            int[] chunks = {0};
            async.chat().completions().createStreaming(params)
                .subscribe(chunk -> {
                  chunks[0]++;
                  chunk.choices().forEach(choice -> choice.delta().content().ifPresent(text::append));
                })
                .onCompleteFuture()
                .join();
            System.out.println(prefix + "STREAM " + chunks[0] + " chunks: " + text);
            continue;
          }
          if (step[0].equals("responses")) {
            Response response = client.responses().create(ResponseCreateParams.builder().model(step[1]).input(prompt).build());
            System.out.println(prefix + "OK " + response.status().map(Object::toString).orElse("no-status") + " "
                + response.usage().map(u -> u.inputTokens() + " " + u.outputTokens()).orElse("no-usage"));
            continue;
          }
          if (step[0].equals("responses-stream")) {
            int events = 0;
            try (StreamResponse<ResponseStreamEvent> stream =
                client.responses().createStreaming(ResponseCreateParams.builder().model(step[1]).input(prompt).build())) {
              events = (int) stream.stream().count();
            }
            System.out.println(prefix + "STREAM " + events + " events");
            continue;
          }
          if (step[0].equals("complete")) {
            Completion completion = client.completions().create(
                CompletionCreateParams.builder().model(step[1]).prompt(prompt).build());
            System.out.println(prefix + "OK " + completion.model() + " "
                + completion.usage().map(u -> u.promptTokens() + " " + u.completionTokens()).orElse("no-usage"));
            continue;
          }
          if (step[0].equals("embed")) {
            CreateEmbeddingResponse embedding =
                client.embeddings().create(EmbeddingCreateParams.builder().model(step[1]).input(prompt).build());
            System.out.println(prefix + "OK " + embedding.model() + " " + embedding.usage().promptTokens() + " " + embedding.data().size());
            continue;
          }
          ChatCompletion completion;
          if (step[0].equals("async")) {
            CompletableFuture<ChatCompletion> future = async.chat().completions().create(params);
            completion = future.join();
          } else {
            completion = client.chat().completions().create(params);
          }
          System.out.println(prefix + "OK " + completion.model() + " " + completion.usage().map(u -> u.promptTokens() + " " + u.completionTokens()).orElse("no-usage"));
        } catch (RuntimeException error) {
          Throwable cause = error instanceof java.util.concurrent.CompletionException && error.getCause() != null ? error.getCause() : error;
          System.out.println(prefix + "ERROR " + cause.getClass().getName());
        } finally {
          System.out.println("WINDOW " + i + " " + startMicros + " " + epochMicros());
        }
      }
    } finally {
      client.close();
      async.close();
    }
    PrintedScrape.printIfAsked(steps.size());
    Thread.sleep(Long.getLong("scenario.holdMillis", 0L));
    System.out.println("SCENARIO DONE");
  }

  /**
   * {@code stream} reads every chunk, {@code stream-usage} asks for usage in the last chunk,
   * {@code stream-first} closes after the first chunk, {@code stream-throw} fails in its own code
   * while handling the first chunk (and catches that itself).
   */
  private static String streamed(OpenAIClient client, ChatCompletionCreateParams params, String mode) {
    if (mode.equals("stream-usage")) {
      params = params.toBuilder().streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build()).build();
    }
    StringBuilder text = new StringBuilder();
    int chunks = 0;
    try (StreamResponse<ChatCompletionChunk> stream = client.chat().completions().createStreaming(params)) {
      Iterator<ChatCompletionChunk> iterator = stream.stream().iterator();
      while (iterator.hasNext()) {
        ChatCompletionChunk chunk = iterator.next();
        chunks++;
        chunk.choices().forEach(choice -> choice.delta().content().ifPresent(text::append));
        if (mode.equals("stream-first")) {
          break;
        }
        if (mode.equals("stream-throw")) {
          throw new IllegalStateException("the application's own failure");
        }
      }
    } catch (IllegalStateException own) {
      return chunks + " chunks, then " + own.getMessage();
    }
    return chunks + " chunks: " + text;
  }

  private static long epochMicros() {
    java.time.Instant now = java.time.Instant.now();
    return now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
  }
}
