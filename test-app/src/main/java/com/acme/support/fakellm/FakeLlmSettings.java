package com.acme.support.fakellm;

import java.time.Duration;

/**
 * How the fake server behaves, apart from which faults it injects (that is the {@link
 * ResponsePlan}).
 *
 * @param seed makes latencies, reply lengths and request ids repeatable
 * @param latencyScale multiplies every simulated latency; tests use a small value
 * @param hang how long a {@link ResponseKind#TIMEOUT} request hangs: longer than the client's
 *     timeout, and not scaled, since the client's timeout is not either
 */
public record FakeLlmSettings(long seed, double latencyScale, Duration hang) {

  public FakeLlmSettings {
    if (latencyScale < 0) {
      throw new IllegalArgumentException("latencyScale must be >= 0, was " + latencyScale);
    }
  }

  /** Settings for a client whose timeout is {@code clientTimeout}. */
  public static FakeLlmSettings forClientTimeout(long seed, double latencyScale, Duration clientTimeout) {
    return new FakeLlmSettings(seed, latencyScale, clientTimeout.plusMillis(750));
  }
}
