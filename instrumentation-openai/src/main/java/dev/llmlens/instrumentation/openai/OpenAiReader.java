package dev.llmlens.instrumentation.openai;

import dev.llmlens.instrumentation.api.ErrorType;
import dev.llmlens.instrumentation.api.LlmCall;
import dev.llmlens.instrumentation.api.LlmCallReader;
import dev.llmlens.instrumentation.api.ObjectAccessor;
import dev.llmlens.instrumentation.api.RateLimits;

/**
 * What every openai-java call shares: provider {@code openai}, the requested model from the
 * params' {@code model()}, the server from the service's base URL, the SDK's exceptions and the
 * rate-limit headers. Subclasses read their own responses.
 */
abstract class OpenAiReader implements LlmCallReader {

  private static final ObjectAccessor MODEL = ObjectAccessor.method("model");

  private final String operation;
  private final OpenAiServer servers = new OpenAiServer();
  private final OpenAiErrorClassifier errors = new OpenAiErrorClassifier();

  OpenAiReader(String operation) {
    this.operation = operation;
  }

  @Override
  public final LlmCall start(Object service, Object params) {
    return new LlmCall("openai", operation);
  }

  /** The params and the service (its client options) are immutable. */
  @Override
  public final void readRequest(Object service, Object params, LlmCall call) {
    call.requestModel(OpenAiValues.text(MODEL.readOptional(params)));
    servers.describe(service, call);
  }

  @Override
  public final ErrorType classify(Throwable error) {
    return errors.classify(error);
  }

  @Override
  public final RateLimits readRateLimits(Object response) {
    return OpenAiRateLimits.read(response);
  }

  /** The model a response reports, when it is a plain string or an open enum. */
  static void readResponseModel(Object response, LlmCall call) {
    String model = OpenAiValues.text(MODEL.readOptional(response));
    if (model != null) {
      call.responseModel(model);
    }
  }
}
