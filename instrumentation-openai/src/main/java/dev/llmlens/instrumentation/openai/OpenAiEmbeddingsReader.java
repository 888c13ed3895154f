package dev.llmlens.instrumentation.openai;

import dev.llmlens.instrumentation.api.LlmCall;

/**
 * Reads an embeddings call: the model from {@code EmbeddingCreateParams}, the response model
 * and the input tokens from {@code CreateEmbeddingResponse} (embeddings produce no output
 * tokens).
 */
final class OpenAiEmbeddingsReader extends OpenAiReader {


  OpenAiEmbeddingsReader() {
    super("embeddings");
  }


  @Override
  public void readResponse(Object response, LlmCall call) {
    readResponseModel(response, call);
    OpenAiUsage.read(response, call);
  }


}
