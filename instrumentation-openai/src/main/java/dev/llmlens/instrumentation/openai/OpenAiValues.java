package dev.llmlens.instrumentation.openai;

import dev.llmlens.instrumentation.api.ObjectAccessor;

/**
 * openai-java's open enums ({@code ChatModel}, {@code EmbeddingModel}, {@code FinishReason}):
 * known values and any string the API sent, read as the string.
 */
final class OpenAiValues {

  private static final ObjectAccessor AS_STRING = ObjectAccessor.method("asString");

  private OpenAiValues() {}

  static String text(Object value) {
    if (value == null || value instanceof String) {
      return (String) value;
    }
    Object text = AS_STRING.read(value);
    return text instanceof String ? (String) text : value.toString();
  }
}
