package dev.llmlens.benchmarks;

import com.openai.client.OpenAIClient;
import com.openai.client.OpenAIClientImpl;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.ClientOptions;
import com.openai.core.http.StreamResponse;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;

/** The application side of every benchmark: a real openai-java client and the calls it makes. */
final class OpenAiCalls {

  private final OpenAIClient client;

  /** Over OkHttp to the loopback server at {@code baseUrl}. */
  OpenAiCalls(String baseUrl) {
    this(OpenAIOkHttpClient.builder().baseUrl(baseUrl).apiKey("sk-bench").maxRetries(0).build());
  }

  private OpenAiCalls(OpenAIClient client) {
    this.client = client;
  }

  /**
   * Through {@link InProcessTransport}: the same client classes and services, answered without a
   * socket. The OpenTelemetry agent instruments only clients that {@code OpenAIOkHttpClient}'s
   * builder builds, so it does not see these calls; llmlens weaves the services and does.
   */
  static OpenAiCalls inProcess() {
    return new OpenAiCalls(
        new OpenAIClientImpl(
            ClientOptions.builder()
                .httpClient(new InProcessTransport())
                .baseUrl("http://in-process/v1")
                .apiKey("sk-bench")
                .maxRetries(0)
                .build()));
  }

  static ChatCompletionCreateParams params(String model, boolean streamed) {
    ChatCompletionCreateParams.Builder params =
        ChatCompletionCreateParams.builder().model(model).addUserMessage("Where is my parcel?");
    if (streamed) {
      params.streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build());
    }
    return params.build();
  }

  ChatCompletion chat(ChatCompletionCreateParams params) {
    return client.chat().completions().create(params);
  }

  /** Reads every chunk; returns how many there were. */
  long stream(ChatCompletionCreateParams params) {
    try (StreamResponse<ChatCompletionChunk> stream = client.chat().completions().createStreaming(params)) {
      return stream.stream().count();
    }
  }

  void close() {
    client.close();
  }
}
