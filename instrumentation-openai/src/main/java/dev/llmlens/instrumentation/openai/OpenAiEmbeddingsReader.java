package dev.llmlens.instrumentation.openai;

import dev.llmlens.instrumentation.api.ErrorType;
import dev.llmlens.instrumentation.api.LlmCall;
import dev.llmlens.instrumentation.api.LlmCallReader;
import dev.llmlens.instrumentation.api.ObjectAccessor;
import dev.llmlens.instrumentation.api.RateLimits;

/**
 * Reads an embeddings call: the model from {@code EmbeddingCreateParams}, the response model
 * and the input tokens from {@code CreateEmbeddingResponse} (embeddings produce no output
 * tokens).
 */
final class OpenAiEmbeddingsReader implements LlmCallReader {

  private static final ObjectAccessor MODEL = ObjectAccessor.method("model");

  private final OpenAiServer servers = new OpenAiServer();
  private final OpenAiErrorClassifier errors = new OpenAiErrorClassifier();

  @Override
  public LlmCall start(Object service, Object params) {
    LlmCall call = new LlmCall("openai", "embeddings");
    call.requestModel(OpenAiValues.text(MODEL.read(params)));
    servers.describe(service, call);
    return call;
  }

  @Override
  public void readResponse(Object response, LlmCall call) {
    Object model = MODEL.read(response);
    if (model instanceof String) {
      call.responseModel((String) model);
    }
    OpenAiUsage.read(response, call);
  }

  @Override
  public ErrorType classify(Throwable error) {
    return errors.classify(error);
  }

  @Override
  public RateLimits readRateLimits(Object response) {
    return OpenAiRateLimits.read(response);
  }
}
