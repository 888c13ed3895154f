package com.acme.support.fakellm;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * OpenAI's automatic prompt caching, as the fake server reports it in {@code
 * usage.prompt_tokens_details.cached_tokens}: a prompt of at least {@value #MIN_TOKENS} tokens is
 * cached as a prefix, in steps of {@value #STEP} tokens, and a later request that starts with it
 * reads those tokens from the cache.
 *
 * <p>The server keeps no cache: a request that continues a conversation (it has an assistant
 * message) is taken to follow the request that asked for that last assistant message, whose
 * prompt was the messages before it, recently enough for the cache to hold it. That prompt's
 * tokens (its share of the body's length / 4, like {@code prompt_tokens}) rounded down to a
 * multiple of {@value #STEP}, when at least {@value #MIN_TOKENS}, are the cached tokens.
 */
final class PromptCache {
  static final int MIN_TOKENS = 1024;
  static final int STEP = 128;

  private PromptCache() {}

  /** The cached prompt tokens of {@code request}, whose body is {@code bodyLength} bytes. */
  static long cachedTokens(JsonNode request, int bodyLength) {
    JsonNode messages = request.path("messages");
    int lastAssistant = -1;
    for (int i = 0; i < messages.size(); i++) {
      if (messages.get(i).path("role").asText().equals("assistant")) {
        lastAssistant = i;
      }
    }
    if (lastAssistant < 0) {
      return 0;
    }
    // What the previous request did not have: the assistant's answer and what came after it.
    long added = 0;
    for (int i = lastAssistant; i < messages.size(); i++) {
      added += messages.get(i).toString().length() + 1;
    }
    long previousTokens = Math.max(0, bodyLength - added + 3) / 4;
    return previousTokens < MIN_TOKENS ? 0 : previousTokens / STEP * STEP;
  }
}
