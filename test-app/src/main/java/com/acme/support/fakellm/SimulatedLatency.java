package com.acme.support.fakellm;

import java.util.Random;

/**
 * Response times shaped like a hosted model's: log-normal around a per-model median, plus a long
 * tail. The tail stops below the demo client's 2 s timeout, so that only the injected {@link
 * ResponseKind#TIMEOUT}s time out and {@code demo.timeoutRate} means what it says.
 */
final class SimulatedLatency {
  private static final double TAIL_SHARE = 0.02;
  private static final double TAIL_FROM_MS = 1000;
  private static final double TAIL_WIDTH_MS = 600;
  private static final double SIGMA = 0.35;

  private SimulatedLatency() {}

  /** Milliseconds to wait before answering, already multiplied by {@code scale}. */
  static long millis(String model, Random random, double scale) {
    double ms;
    if (random.nextDouble() < TAIL_SHARE) {
      ms = TAIL_FROM_MS + random.nextDouble() * TAIL_WIDTH_MS;
    } else {
      ms = medianMillis(model) * Math.exp(SIGMA * random.nextGaussian());
    }
    ms = Math.min(ms, TAIL_FROM_MS + TAIL_WIDTH_MS);
    return Math.round(ms * scale);
  }

  /** Smaller models answer faster, as they do on the real API. */
  private static double medianMillis(String model) {
    return model.contains("mini") ? 320 : 550;
  }
}
