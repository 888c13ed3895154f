package dev.llmlens.agent.recorder;

import io.opentelemetry.api.common.AttributeKey;

/** Attribute keys of the metrics contract and of the GenAI semantic conventions. */
final class AttributeKeys {

  private AttributeKeys() {}

  // llmlens labels (DESIGN.md, metrics contract)
  static final AttributeKey<String> PROVIDER = AttributeKey.stringKey("provider");
  static final AttributeKey<String> OPERATION = AttributeKey.stringKey("operation");
  static final AttributeKey<String> MODEL = AttributeKey.stringKey("model");
  static final AttributeKey<String> FEATURE = AttributeKey.stringKey("feature");
  static final AttributeKey<String> STATUS = AttributeKey.stringKey("status");
  static final AttributeKey<String> ERROR_TYPE = AttributeKey.stringKey("error_type");
  static final AttributeKey<String> DIRECTION = AttributeKey.stringKey("direction");
  static final AttributeKey<String> LABEL = AttributeKey.stringKey("label");
  static final AttributeKey<String> FINISH_REASON = AttributeKey.stringKey("finish_reason");
  static final AttributeKey<String> TYPE = AttributeKey.stringKey("type");
  static final AttributeKey<String> KIND = AttributeKey.stringKey("kind");
  static final AttributeKey<String> VERSION = AttributeKey.stringKey("version");
  static final AttributeKey<String> TOOL = AttributeKey.stringKey("tool");
  static final AttributeKey<String> COMPONENT = AttributeKey.stringKey("component");
  static final AttributeKey<String> SERVER_ADDRESS_LABEL = AttributeKey.stringKey("server_address");

  // GenAI semantic conventions
  static final AttributeKey<String> GEN_AI_OPERATION_NAME = AttributeKey.stringKey("gen_ai.operation.name");
  static final AttributeKey<String> GEN_AI_PROVIDER_NAME = AttributeKey.stringKey("gen_ai.provider.name");
  static final AttributeKey<String> GEN_AI_REQUEST_MODEL = AttributeKey.stringKey("gen_ai.request.model");
  static final AttributeKey<String> GEN_AI_RESPONSE_MODEL = AttributeKey.stringKey("gen_ai.response.model");
  static final AttributeKey<String> GEN_AI_TOKEN_TYPE = AttributeKey.stringKey("gen_ai.token.type");
  static final AttributeKey<Long> GEN_AI_USAGE_INPUT_TOKENS = AttributeKey.longKey("gen_ai.usage.input_tokens");
  static final AttributeKey<Long> GEN_AI_USAGE_OUTPUT_TOKENS = AttributeKey.longKey("gen_ai.usage.output_tokens");
  static final AttributeKey<String> GEN_AI_AGENT_NAME = AttributeKey.stringKey("gen_ai.agent.name");
  static final AttributeKey<String> GEN_AI_TOOL_NAME = AttributeKey.stringKey("gen_ai.tool.name");
  static final AttributeKey<String> GEN_AI_TOOL_CALL_ID = AttributeKey.stringKey("gen_ai.tool.call.id");
  static final AttributeKey<String> GEN_AI_TOOL_TYPE = AttributeKey.stringKey("gen_ai.tool.type");
  static final AttributeKey<String> GEN_AI_DATA_SOURCE_ID = AttributeKey.stringKey("gen_ai.data_source.id");
  static final AttributeKey<String> SERVER_ADDRESS = AttributeKey.stringKey("server.address");
  static final AttributeKey<Long> SERVER_PORT = AttributeKey.longKey("server.port");
  static final AttributeKey<String> ERROR_TYPE_SEMCONV = AttributeKey.stringKey("error.type");
  static final AttributeKey<java.util.List<String>> GEN_AI_RESPONSE_FINISH_REASONS =
      AttributeKey.stringArrayKey("gen_ai.response.finish_reasons");
  static final AttributeKey<Double> GEN_AI_RESPONSE_TIME_TO_FIRST_CHUNK =
      AttributeKey.doubleKey("gen_ai.response.time_to_first_chunk");
}
