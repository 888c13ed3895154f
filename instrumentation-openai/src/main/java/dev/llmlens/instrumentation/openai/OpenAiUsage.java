package dev.llmlens.instrumentation.openai;

import dev.llmlens.instrumentation.api.LlmCall;
import dev.llmlens.instrumentation.api.ObjectAccessor;

/**
 * Reads openai-java's usage objects: {@code CompletionUsage} of chat completions and chunks
 * (prompt, completion, cached and reasoning tokens) and the embeddings {@code Usage} (prompt
 * tokens only).
 */
final class OpenAiUsage {

  private static final ObjectAccessor USAGE = ObjectAccessor.method("usage");
  private static final ObjectAccessor PROMPT_TOKENS = ObjectAccessor.method("promptTokens");
  private static final ObjectAccessor COMPLETION_TOKENS = ObjectAccessor.method("completionTokens");
  private static final ObjectAccessor PROMPT_DETAILS = ObjectAccessor.method("promptTokensDetails");
  private static final ObjectAccessor COMPLETION_DETAILS = ObjectAccessor.method("completionTokensDetails");
  private static final ObjectAccessor CACHED_TOKENS = ObjectAccessor.method("cachedTokens");
  private static final ObjectAccessor REASONING_TOKENS = ObjectAccessor.method("reasoningTokens");

  private OpenAiUsage() {}

  /** Reads {@code holder.usage()} into {@code call}; returns whether there was one. */
  static boolean read(Object holder, LlmCall call) {
    Object usage = USAGE.readOptional(holder);
    if (usage == null) {
      return false;
    }
    call.tokens(PROMPT_TOKENS.readLong(usage), COMPLETION_TOKENS.readLong(usage));
    call.tokenDetails(
        longOrUnknown(CACHED_TOKENS.readOptional(PROMPT_DETAILS.readOptional(usage))),
        longOrUnknown(REASONING_TOKENS.readOptional(COMPLETION_DETAILS.readOptional(usage))));
    return true;
  }

  private static long longOrUnknown(Object value) {
    return value instanceof Number ? ((Number) value).longValue() : LlmCall.UNKNOWN;
  }
}
