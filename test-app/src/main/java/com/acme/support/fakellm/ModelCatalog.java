package com.acme.support.fakellm;

import java.util.Map;

/**
 * What the fake server knows about models: the dated snapshot an alias resolves to (the real API
 * answers {@code gpt-4o} with {@code gpt-4o-2024-08-06}, which is what instrumentation sees as the
 * response model) and the account's rate limits, which go into the {@code x-ratelimit-*} headers.
 */
final class ModelCatalog {

  /** Requests and tokens per minute, as on a high usage tier. */
  record Limits(long requestsPerMinute, long tokensPerMinute) {}

  private static final Map<String, String> SNAPSHOTS =
      Map.of(
          "gpt-4o", "gpt-4o-2024-08-06",
          "gpt-4o-mini", "gpt-4o-mini-2024-07-18",
          "gpt-4.1", "gpt-4.1-2025-04-14",
          "gpt-4.1-mini", "gpt-4.1-mini-2025-04-14",
          "gpt-3.5-turbo", "gpt-3.5-turbo-0125");

  private ModelCatalog() {}

  /** The snapshot name for an alias; a name that is not a known alias comes back unchanged. */
  static String snapshotOf(String model) {
    return SNAPSHOTS.getOrDefault(model, model);
  }

  static Limits limitsOf(String model) {
    return model.contains("mini")
        ? new Limits(30_000, 150_000_000)
        : new Limits(10_000, 30_000_000);
  }
}
