package dev.llmlens.agent.dispatch;

import dev.llmlens.instrumentation.api.ErrorType;
import dev.llmlens.instrumentation.api.LlmCall;
import dev.llmlens.instrumentation.api.LlmCallReader;

/** A reader for dispatcher tests: the request is the model's name, responses say nothing. */
class ModelNameReader implements LlmCallReader {
  @Override
  public LlmCall start(Object client, Object request) {
    LlmCall call = new LlmCall("openai", "chat");
    call.requestModel((String) request);
    return call;
  }

  @Override
  public void readResponse(Object response, LlmCall call) {}

  @Override
  public ErrorType classify(Throwable error) {
    return ErrorType.OTHER;
  }
}
