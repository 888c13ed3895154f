package com.acme.support.fakellm;

/**
 * One HTTP request the fake server answered, kept so tests can compare what the client parsed
 * with what the server sent.
 *
 * @param attempt the client's retry count for this request (0 on the first attempt), from the
 *     SDK's {@code X-Stainless-Retry-Count} header
 * @param requestedModel the model the request asked for
 * @param respondedModel the dated snapshot the response named, as the real API does
 * @param kind what the server did
 * @param status the HTTP status sent (200 for a timeout: it answered, too late)
 * @param promptTokens usage.prompt_tokens sent, 0 for errors
 * @param completionTokens usage.completion_tokens sent, 0 for errors
 * @param cachedTokens usage.prompt_tokens_details.cached_tokens sent, 0 for errors
 * @param streamed answered as server-sent chunks ({@code "stream": true})
 */
public record ServedRequest(
    int attempt,
    String requestedModel,
    String respondedModel,
    ResponseKind kind,
    int status,
    long promptTokens,
    long completionTokens,
    long cachedTokens,
    boolean streamed) {}
