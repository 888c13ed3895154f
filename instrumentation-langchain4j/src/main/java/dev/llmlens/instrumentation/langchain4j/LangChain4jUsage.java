package dev.llmlens.instrumentation.langchain4j;

import dev.llmlens.instrumentation.api.LlmCall;
import dev.llmlens.instrumentation.api.ObjectAccessor;

/**
 * Reads LangChain4j's {@code TokenUsage} into a call: input and output tokens, and where the
 * provider's subclass reports them, cached input tokens ({@code OpenAiTokenUsage}'s input
 * details, {@code AnthropicTokenUsage}'s cache reads) and reasoning tokens.
 */
final class LangChain4jUsage {

  private static final ObjectAccessor INPUT = ObjectAccessor.method("inputTokenCount");
  private static final ObjectAccessor OUTPUT = ObjectAccessor.method("outputTokenCount");
  private static final ObjectAccessor INPUT_DETAILS = ObjectAccessor.method("inputTokensDetails");
  private static final ObjectAccessor OUTPUT_DETAILS = ObjectAccessor.method("outputTokensDetails");
  private static final ObjectAccessor CACHED = ObjectAccessor.method("cachedTokens");
  private static final ObjectAccessor REASONING = ObjectAccessor.method("reasoningTokens");
  private static final ObjectAccessor CACHE_READ = ObjectAccessor.method("cacheReadInputTokens");

  private LangChain4jUsage() {}

  static void read(Object tokenUsage, LlmCall call) {
    if (tokenUsage == null) {
      return;
    }
    call.tokens(INPUT.readLong(tokenUsage), OUTPUT.readLong(tokenUsage));
    long cached = CACHED.readLong(INPUT_DETAILS.read(tokenUsage));
    if (cached < 0) {
      cached = CACHE_READ.readLong(tokenUsage);
    }
    long reasoning = REASONING.readLong(OUTPUT_DETAILS.read(tokenUsage));
    if (cached > 0 || reasoning > 0) {
      call.tokenDetails(Math.max(cached, 0), Math.max(reasoning, 0));
    }
  }
}
