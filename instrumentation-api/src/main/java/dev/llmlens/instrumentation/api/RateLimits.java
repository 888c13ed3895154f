package dev.llmlens.instrumentation.api;

/**
 * A provider's rate-limit headroom as its response headers state it ({@code
 * x-ratelimit-remaining-requests}, {@code x-ratelimit-limit-tokens}...): how close the service
 * is to its limits before the 429s start. Values are {@link LlmCall#UNKNOWN} when absent.
 */
public final class RateLimits {

  private final long remainingRequests;
  private final long limitRequests;
  private final long remainingTokens;
  private final long limitTokens;

  public RateLimits(long remainingRequests, long limitRequests, long remainingTokens, long limitTokens) {
    this.remainingRequests = remainingRequests;
    this.limitRequests = limitRequests;
    this.remainingTokens = remainingTokens;
    this.limitTokens = limitTokens;
  }

  /** The headroom the values state, or null when none is known: nothing to record, nothing allocated. */
  public static RateLimits ofKnown(long remainingRequests, long limitRequests, long remainingTokens, long limitTokens) {
    return noneKnown(remainingRequests, limitRequests, remainingTokens, limitTokens)
        ? null
        : new RateLimits(remainingRequests, limitRequests, remainingTokens, limitTokens);
  }

  public long remainingRequests() {
    return remainingRequests;
  }

  public long limitRequests() {
    return limitRequests;
  }

  public long remainingTokens() {
    return remainingTokens;
  }

  public long limitTokens() {
    return limitTokens;
  }

  public boolean isEmpty() {
    return noneKnown(remainingRequests, limitRequests, remainingTokens, limitTokens);
  }

  private static boolean noneKnown(long remainingRequests, long limitRequests, long remainingTokens, long limitTokens) {
    return remainingRequests < 0 && limitRequests < 0 && remainingTokens < 0 && limitTokens < 0;
  }
}
