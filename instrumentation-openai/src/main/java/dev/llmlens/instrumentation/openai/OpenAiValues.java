package dev.llmlens.instrumentation.openai;

import dev.llmlens.instrumentation.api.ObjectAccessor;

/**
 * openai-java's open enums ({@code ChatModel}, {@code EmbeddingModel}, {@code FinishReason}) and
 * unions of them ({@code ResponsesModel}): known values and any string the API sent, read as the
 * string.
 */
final class OpenAiValues {

  private static final ObjectAccessor AS_STRING = ObjectAccessor.method("asString");
  /** The variants of a union such as {@code ResponsesModel}: a plain string or an open enum. */
  private static final ObjectAccessor[] UNION_VARIANTS = {
    ObjectAccessor.method("string"), ObjectAccessor.method("chat"), ObjectAccessor.method("only")
  };

  private OpenAiValues() {}

  static String text(Object value) {
    if (value == null || value instanceof String) {
      return (String) value;
    }
    Object text = AS_STRING.read(value);
    if (text instanceof String) {
      return (String) text;
    }
    for (ObjectAccessor variant : UNION_VARIANTS) {
      Object inner = variant.readOptional(value);
      if (inner != null) {
        return text(inner);
      }
    }
    return value.toString();
  }
}
