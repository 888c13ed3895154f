package com.acme.support.fakellm;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Counts one model's requests and tokens in the current minute, to fill the {@code x-ratelimit-*}
 * headers the way the real API does (remaining counts go down as the demo runs).
 */
final class RateLimitWindow {
  private static final long WINDOW_NANOS = 60_000_000_000L;

  private final ModelCatalog.Limits limits;
  private long windowStart = System.nanoTime();
  private long requests;
  private long tokens;

  RateLimitWindow(ModelCatalog.Limits limits) {
    this.limits = limits;
  }

  /** Counts a request of {@code tokenCount} tokens and returns the headers to send with it. */
  synchronized Map<String, String> record(long tokenCount, boolean limited) {
    long now = System.nanoTime();
    if (now - windowStart >= WINDOW_NANOS) {
      windowStart = now;
      requests = 0;
      tokens = 0;
    }
    requests++;
    tokens += tokenCount;
    long remainingRequests = limited ? 0 : Math.max(0, limits.requestsPerMinute() - requests);
    long remainingTokens = Math.max(0, limits.tokensPerMinute() - tokens);
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("x-ratelimit-limit-requests", Long.toString(limits.requestsPerMinute()));
    headers.put("x-ratelimit-limit-tokens", Long.toString(limits.tokensPerMinute()));
    headers.put("x-ratelimit-remaining-requests", Long.toString(remainingRequests));
    headers.put("x-ratelimit-remaining-tokens", Long.toString(remainingTokens));
    // The time until the used capacity is back: one request's share, and the tokens' share.
    headers.put("x-ratelimit-reset-requests", duration(60_000.0 / limits.requestsPerMinute()));
    headers.put("x-ratelimit-reset-tokens", duration(60_000.0 * tokens / limits.tokensPerMinute()));
    return headers;
  }

  /** The API's duration format: "6ms", "1.2s", "0s". */
  static String duration(double millis) {
    if (millis < 1) {
      return "0s";
    }
    if (millis < 1000) {
      return Math.round(millis) + "ms";
    }
    double seconds = Math.round(millis / 100.0) / 10.0;
    return (seconds == Math.rint(seconds) ? Long.toString((long) seconds) : Double.toString(seconds))
        + "s";
  }
}
