package dev.llmlens.instrumentation.langchain4j;

import static org.assertj.core.api.Assertions.assertThat;

import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.DisabledEmbeddingModel;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.embedding.listener.EmbeddingModelListener;
import dev.langchain4j.model.embedding.response.EmbeddingResponse;
import dev.langchain4j.model.openai.OpenAiEmbeddingModel;
import dev.langchain4j.model.output.Response;
import dev.langchain4j.model.output.TokenUsage;
import dev.llmlens.instrumentation.api.LlmCall;
import java.util.List;
import org.junit.jupiter.api.Test;

class EmbeddingModelReaderTest {

  /** As the agent reads a call: started on the application's thread, its request read on the recorder's. */
  private LlmCall started(Object client, Object request) {
    LlmCall call = reader.start(client, request);
    reader.readRequest(client, request, call);
    return call;
  }

  private static final OpenAiEmbeddingModel MODEL =
      OpenAiEmbeddingModel.builder()
          .baseUrl("http://localhost:1/v1")
          .apiKey("test-key")
          .modelName("text-embedding-3-small")
          .build();

  private static final List<Embedding> EMBEDDINGS =
      List.of(Embedding.from(new float[] {0.1f, 0.2f}), Embedding.from(new float[] {0.3f, 0.4f}));

  private final EmbeddingModelReader reader = new EmbeddingModelReader();

  @Test
  void providerAndModelFromTheModel() {
    LlmCall call = started(MODEL, List.of(TextSegment.from("a"), TextSegment.from("b")));

    assertThat(call.provider()).isEqualTo("openai");
    assertThat(call.operation()).isEqualTo("embeddings");
    assertThat(call.requestModel()).isEqualTo("text-embedding-3-small");
  }

  @Test
  void aModelWithListenersIsReadThroughItsWrapper() {
    EmbeddingModel listening = MODEL.addListener(new EmbeddingModelListener() {});

    // A package-private LangChain4j class: read through the public interface's methods.
    assertThat(listening.getClass().getName()).isEqualTo("dev.langchain4j.model.embedding.ListeningEmbeddingModel");
    LlmCall call = started(listening, "a");

    assertThat(call.provider()).isEqualTo("openai");
    assertThat(call.requestModel()).isEqualTo("text-embedding-3-small");
  }

  @Test
  void theInterfaceDefaultModelNameIsNoName() {
    LlmCall call = started(new DisabledEmbeddingModel(), "a");

    assertThat(call.provider()).isEqualTo("other");
    assertThat(call.requestModel()).isNull();
  }

  @Test
  void inputTokensFromResponseOutputUnknown() {
    LlmCall call = started(MODEL, "a");

    reader.readResponse(Response.from(EMBEDDINGS, new TokenUsage(7)), call);

    assertThat(call.inputTokens()).isEqualTo(7);
    assertThat(call.outputTokens()).isEqualTo(LlmCall.UNKNOWN);
  }

  @Test
  void inputTokensFromEmbeddingResponse() {
    LlmCall call = started(MODEL, "a");

    reader.readResponse(
        EmbeddingResponse.builder().embeddings(EMBEDDINGS).tokenUsage(new TokenUsage(9)).build(), call);

    assertThat(call.inputTokens()).isEqualTo(9);
    assertThat(call.outputTokens()).isEqualTo(LlmCall.UNKNOWN);
  }

  @Test
  void noUsageLeavesTokensUnknown() {
    LlmCall call = started(MODEL, "a");

    reader.readResponse(Response.from(EMBEDDINGS), call);

    assertThat(call.inputTokens()).isEqualTo(LlmCall.UNKNOWN);
    assertThat(call.outputTokens()).isEqualTo(LlmCall.UNKNOWN);
  }
}
