package dev.llmlens.e2e;

import dev.llmlens.e2e.fixture.RecordedRequest;
import dev.llmlens.e2e.fixture.ScriptedOpenAiServer;
import dev.llmlens.e2e.fixture.ScriptedResponse;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the scripted OpenAI server answers, by the model the request names: real models succeed
 * with fixed usage, made-up model names stand for the failures a provider returns.
 */
final class OpenAiScript {

  private static final Pattern MODEL = Pattern.compile("\"model\"\\s*:\\s*\"([^\"]+)\"");

  private OpenAiScript() {}

  /** A started scripted server answering {@link #byModel}; close it (e.g. with {@code @AutoClose}). */
  static ScriptedOpenAiServer server() {
    ScriptedOpenAiServer server = ScriptedOpenAiServer.start();
    server.setDefault(OpenAiScript::byModel);
    return server;
  }

  static String model(RecordedRequest request) {
    Matcher matcher = MODEL.matcher(request.body());
    return matcher.find() ? matcher.group(1) : "";
  }

  static ScriptedResponse byModel(RecordedRequest request) {
    switch (model(request)) {
      case "gpt-4o":
        return ScriptedResponse.chatCompletion("gpt-4o-2024-08-06", 12, 7);
      case "gpt-4o-mini":
        return ScriptedResponse.chatCompletion("gpt-4o-mini-2024-07-18", 20, 3);
      case "limited":
        return ScriptedResponse.error(429, "requests", "rate_limit_exceeded", "Rate limit reached for requests")
            .withHeader("retry-after-ms", "1");
      case "broken":
        return ScriptedResponse.error(500, "server_error", null, "The server had an error while processing your request.")
            .withHeader("retry-after-ms", "1");
      case "too-long":
        return ScriptedResponse.error(400, "invalid_request_error", "context_length_exceeded",
            "This model's maximum context length is 128000 tokens.");
      case "unknown-model":
        return ScriptedResponse.error(404, "invalid_request_error", "model_not_found", "The model does not exist.");
      case "unauthorized":
        return ScriptedResponse.error(401, "invalid_request_error", "invalid_api_key", "Incorrect API key provided.");
      case "slow":
        return ScriptedResponse.hanging();
      case "unknown-model-x":
        return ScriptedResponse.chatCompletion("unknown-model-x", 5, 5);
      case "streamed":
        return SseBodies.stream("gpt-4o-2024-08-06", "stop", null, "Your", " parcel");
      default:
        return ScriptedResponse.error(500, "server_error", null, "unscripted model " + model(request));
    }
  }
}
