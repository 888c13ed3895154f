package com.acme.support.fakellm;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.Random;
import java.util.function.BooleanSupplier;

/**
 * Decides the {@link ResponseKind} of each request the fake server receives.
 *
 * <p>The demo uses {@link #random}; tests use {@link #scripted} to force the next responses
 * deterministically.
 */
public interface ResponsePlan {

  /**
   * @param callKey a hash of the request body: the same for every retry of one client call, so a
   *     plan can give a call the same fate on each attempt
   */
  ResponseKind next(long callKey);

  /**
   * Faults drawn once per client call, from {@code seed} and the request body: a call that draws
   * an error gets it on every retry, so the application sees it after the client's retries, as it
   * does when a rate limit or an outage lasts longer than the retry backoff. The same request
   * meets the same fate in every run, whatever the thread scheduling. 60% of the errors are 429s,
   * 40% are 500s.
   */
  static ResponsePlan random(long seed, double errorRate, double timeoutRate) {
    return callKey -> {
      double draw = new Random(Mixing.mix(seed, callKey, 0x5eed)).nextDouble();
      if (draw < timeoutRate) {
        return ResponseKind.TIMEOUT;
      }
      if (draw < timeoutRate + errorRate * 0.6) {
        return ResponseKind.RATE_LIMITED;
      }
      if (draw < timeoutRate + errorRate) {
        return ResponseKind.SERVER_ERROR;
      }
      return ResponseKind.OK;
    };
  }

  /** Answers {@code kinds} in order, one per request (retries included), then OK forever. */
  static ResponsePlan scripted(ResponseKind... kinds) {
    Deque<ResponseKind> queue = new ArrayDeque<>(Arrays.asList(kinds));
    return callKey -> {
      synchronized (queue) {
        ResponseKind kind = queue.poll();
        return kind == null ? ResponseKind.OK : kind;
      }
    };
  }

  /**
   * While {@code burst} says so, {@code rate} of the calls get a 500 (drawn once per call, like
   * {@link #random}, so the call fails after its retries); otherwise, and for the other calls,
   * {@code base} decides. An outage on demand, for testing alerts.
   */
  static ResponsePlan withErrorBurst(ResponsePlan base, BooleanSupplier burst, double rate, long seed) {
    return callKey -> {
      if (burst.getAsBoolean()
          && new Random(Mixing.mix(seed, callKey, 0xb0257)).nextDouble() < rate) {
        return ResponseKind.SERVER_ERROR;
      }
      return base.next(callKey);
    };
  }

  /** Every request succeeds. */
  static ResponsePlan alwaysOk() {
    return callKey -> ResponseKind.OK;
  }
}
