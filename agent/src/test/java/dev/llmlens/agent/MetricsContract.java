package dev.llmlens.agent;

import io.opentelemetry.api.common.AttributeKey;
import java.util.List;

/**
 * The attribute keys of the metrics contract (DESIGN.md) and of the GenAI semantic conventions,
 * written out independently of the production constants so that tests check the names
 * themselves.
 */
public final class MetricsContract {

  private MetricsContract() {}

  public static final AttributeKey<String> PROVIDER = AttributeKey.stringKey("provider");
  public static final AttributeKey<String> OPERATION = AttributeKey.stringKey("operation");
  public static final AttributeKey<String> MODEL = AttributeKey.stringKey("model");
  public static final AttributeKey<String> FEATURE = AttributeKey.stringKey("feature");
  public static final AttributeKey<String> STATUS = AttributeKey.stringKey("status");
  public static final AttributeKey<String> ERROR_TYPE = AttributeKey.stringKey("error_type");
  public static final AttributeKey<String> DIRECTION = AttributeKey.stringKey("direction");
  public static final AttributeKey<String> LABEL = AttributeKey.stringKey("label");
  public static final AttributeKey<String> FINISH_REASON = AttributeKey.stringKey("finish_reason");
  /** ai.token_details: {@code cached_input} or {@code reasoning}. */
  public static final AttributeKey<String> TYPE = AttributeKey.stringKey("type");
  /** ai.ratelimit.*: {@code requests} or {@code tokens}. */
  public static final AttributeKey<String> KIND = AttributeKey.stringKey("kind");
  /** The llmlens label (ai.ratelimit.*), not the semantic-convention {@code server.address}. */
  public static final AttributeKey<String> SERVER_ADDRESS_LABEL = AttributeKey.stringKey("server_address");
  public static final AttributeKey<String> GEN_AI_OPERATION_NAME = AttributeKey.stringKey("gen_ai.operation.name");
  public static final AttributeKey<String> GEN_AI_PROVIDER_NAME = AttributeKey.stringKey("gen_ai.provider.name");
  public static final AttributeKey<String> GEN_AI_REQUEST_MODEL = AttributeKey.stringKey("gen_ai.request.model");
  public static final AttributeKey<String> GEN_AI_RESPONSE_MODEL = AttributeKey.stringKey("gen_ai.response.model");
  public static final AttributeKey<String> GEN_AI_TOKEN_TYPE = AttributeKey.stringKey("gen_ai.token.type");
  public static final AttributeKey<Long> INPUT_TOKENS = AttributeKey.longKey("gen_ai.usage.input_tokens");
  public static final AttributeKey<Long> OUTPUT_TOKENS = AttributeKey.longKey("gen_ai.usage.output_tokens");
  public static final AttributeKey<String> SERVER_ADDRESS = AttributeKey.stringKey("server.address");
  public static final AttributeKey<Long> SERVER_PORT = AttributeKey.longKey("server.port");
  public static final AttributeKey<String> ERROR_TYPE_SEMCONV = AttributeKey.stringKey("error.type");
  public static final AttributeKey<List<String>> GEN_AI_RESPONSE_FINISH_REASONS =
      AttributeKey.stringArrayKey("gen_ai.response.finish_reasons");
  public static final AttributeKey<Double> GEN_AI_RESPONSE_TIME_TO_FIRST_CHUNK =
      AttributeKey.doubleKey("gen_ai.response.time_to_first_chunk");

  /** A chat call to api.openai.com asking for {@code requestModel}, as the openai reader makes it. */
  public static dev.llmlens.instrumentation.api.LlmCall chat(String requestModel) {
    dev.llmlens.instrumentation.api.LlmCall call = new dev.llmlens.instrumentation.api.LlmCall("openai", "chat");
    call.requestModel(requestModel);
    call.server("api.openai.com", 443);
    return call;
  }

  /** The {@code ai.requests} attributes of an openai chat call of feature {@code support}. */
  public static io.opentelemetry.api.common.Attributes requests(String model, String status) {
    return io.opentelemetry.api.common.Attributes.builder()
        .put(PROVIDER, "openai")
        .put(OPERATION, "chat")
        .put(MODEL, model)
        .put(FEATURE, "support")
        .put(STATUS, status)
        .build();
  }
}
