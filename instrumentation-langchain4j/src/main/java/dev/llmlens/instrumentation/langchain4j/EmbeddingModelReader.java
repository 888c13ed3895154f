package dev.llmlens.instrumentation.langchain4j;

import dev.llmlens.instrumentation.api.ErrorType;
import dev.llmlens.instrumentation.api.LlmCall;
import dev.llmlens.instrumentation.api.LlmCallReader;
import dev.llmlens.instrumentation.api.ObjectAccessor;

/**
 * Reads a LangChain4j embedding call ({@code embed}, {@code embedAll}): the provider and model
 * name from the model, input tokens from the {@code Response}'s or {@code EmbeddingResponse}'s
 * token usage. Embeddings produce no output tokens.
 */
final class EmbeddingModelReader implements LlmCallReader {

  private static final ObjectAccessor MODEL_NAME = ObjectAccessor.method("modelName");
  private static final ObjectAccessor METADATA = ObjectAccessor.method("metadata");
  private static final ObjectAccessor TOKEN_USAGE = ObjectAccessor.method("tokenUsage");
  private static final ObjectAccessor INPUT = ObjectAccessor.method("inputTokenCount");

  @Override
  public LlmCall start(Object model, Object request) {
    return new LlmCall(LangChain4jProvider.of(model), "embeddings");
  }

  /** The model's name is fixed when it is built. */
  @Override
  public void readRequest(Object model, Object request, LlmCall call) {
    Object name = MODEL_NAME.read(model);
    // EmbeddingModel.modelName()'s default answers "unknown": no better than no name.
    if (name instanceof String && !name.equals("unknown")) {
      call.requestModel((String) name);
    }
  }

  @Override
  public void readResponse(Object response, LlmCall call) {
    // Response<List<Embedding>> has tokenUsage() itself; EmbeddingResponse in its metadata.
    Object usage = TOKEN_USAGE.read(response);
    if (usage == null) {
      usage = TOKEN_USAGE.read(METADATA.read(response));
    }
    if (usage != null) {
      call.tokens(INPUT.readLong(usage), LlmCall.UNKNOWN);
    }
  }

  @Override
  public ErrorType classify(Throwable error) {
    return LangChain4jErrors.classify(error);
  }
}
