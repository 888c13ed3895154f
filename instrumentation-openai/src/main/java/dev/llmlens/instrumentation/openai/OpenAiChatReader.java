package dev.llmlens.instrumentation.openai;

import dev.llmlens.instrumentation.api.ErrorType;
import dev.llmlens.instrumentation.api.LlmCall;
import dev.llmlens.instrumentation.api.LlmCallReader;
import dev.llmlens.instrumentation.api.ObjectAccessor;

/**
 * Reads a chat completion call: the requested model from {@code ChatCompletionCreateParams},
 * the server from the service's {@code ClientOptions.baseUrl()}, and the response model and
 * token usage from {@code ChatCompletion}.
 */
final class OpenAiChatReader implements LlmCallReader {

  private static final String PROVIDER = "openai";
  private static final String OPERATION = "chat";

  private static final ObjectAccessor MODEL = ObjectAccessor.method("model");
  private static final ObjectAccessor AS_STRING = ObjectAccessor.method("asString");
  private static final ObjectAccessor USAGE = ObjectAccessor.method("usage");
  private static final ObjectAccessor PROMPT_TOKENS = ObjectAccessor.method("promptTokens");
  private static final ObjectAccessor COMPLETION_TOKENS =
      ObjectAccessor.method("completionTokens");

  private final OpenAiServer servers = new OpenAiServer();
  private final OpenAiErrorClassifier errors = new OpenAiErrorClassifier();

  @Override
  public LlmCall start(Object service, Object params) {
    LlmCall call = new LlmCall(PROVIDER, OPERATION);
    call.requestModel(modelName(MODEL.read(params)));
    servers.describe(service, call);
    return call;
  }

  @Override
  public void readResponse(Object completion, LlmCall call) {
    Object model = MODEL.read(completion);
    if (model instanceof String) {
      call.responseModel((String) model);
    }
    Object usage = USAGE.readOptional(completion);
    if (usage != null) {
      call.tokens(PROMPT_TOKENS.readLong(usage), COMPLETION_TOKENS.readLong(usage));
    }
  }

  @Override
  public ErrorType classify(Throwable error) {
    return errors.classify(error);
  }

  /** {@code ChatModel} is an open enum: known values and any string the caller passed. */
  private static String modelName(Object model) {
    if (model == null || model instanceof String) {
      return (String) model;
    }
    Object name = AS_STRING.read(model);
    return name instanceof String ? (String) name : model.toString();
  }
}
