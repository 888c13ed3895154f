package com.acme.support.workload;

import java.nio.file.Path;
import java.util.Properties;

/**
 * The demo's knobs, read from system properties (see {@code com.acme.support.SupportDesk}).
 *
 * @param requests total calls to make
 * @param rate target calls per second; 0 or less means as fast as the concurrency allows
 * @param concurrency calls in flight at most, and worker threads for the blocking features
 * @param errorRate fraction of calls the fake server answers with a 429 or a 500
 * @param timeoutRate fraction of calls on which the fake server hangs past the client's timeout
 * @param latencyScale multiplier on the fake server's simulated latency
 * @param seed seed of the feature mix and of the fake server's randomness
 * @param serve keep calling until the process is stopped, instead of stopping after {@code
 *     requests} calls: a steady load for a local monitoring stack
 * @param errorBurstFile while this file exists, the fake server answers {@code errorBurstRate} of
 *     the calls with a 500, on top of the usual faults; null: no burst switch
 * @param errorBurstRate fraction of calls that fail while the burst file exists
 */
public record WorkloadSettings(
    int requests,
    double rate,
    int concurrency,
    double errorRate,
    double timeoutRate,
    double latencyScale,
    long seed,
    boolean serve,
    Path errorBurstFile,
    double errorBurstRate) {

  public WorkloadSettings {
    require(requests >= 0, "demo.requests must be >= 0, was " + requests);
    require(concurrency >= 1, "demo.concurrency must be >= 1, was " + concurrency);
    require(errorRate >= 0 && errorRate <= 1, "demo.errorRate must be within [0, 1], was " + errorRate);
    require(timeoutRate >= 0 && timeoutRate <= 1, "demo.timeoutRate must be within [0, 1], was " + timeoutRate);
    require(errorRate + timeoutRate <= 1, "demo.errorRate + demo.timeoutRate must be <= 1");
    require(latencyScale >= 0, "demo.latencyScale must be >= 0, was " + latencyScale);
    require(
        errorBurstRate >= 0 && errorBurstRate <= 1,
        "demo.errorBurstRate must be within [0, 1], was " + errorBurstRate);
  }

  /** A run of {@code requests} calls, without a burst switch. */
  public WorkloadSettings(
      int requests,
      double rate,
      int concurrency,
      double errorRate,
      double timeoutRate,
      double latencyScale,
      long seed) {
    this(requests, rate, concurrency, errorRate, timeoutRate, latencyScale, seed, false, null, 1.0);
  }

  public static WorkloadSettings defaults() {
    return from(new Properties());
  }

  public static WorkloadSettings fromSystemProperties() {
    return from(System.getProperties());
  }

  public static WorkloadSettings from(Properties properties) {
    return new WorkloadSettings(
        (int) number(properties, "demo.requests", 300),
        number(properties, "demo.rate", 60),
        (int) number(properties, "demo.concurrency", 8),
        number(properties, "demo.errorRate", 0.05),
        number(properties, "demo.timeoutRate", 0.01),
        number(properties, "demo.latencyScale", 1.0),
        (long) number(properties, "demo.seed", 42),
        Boolean.parseBoolean(properties.getProperty("demo.serve", "false").trim()),
        path(properties, "demo.errorBurstFile"),
        number(properties, "demo.errorBurstRate", 1.0));
  }

  private static Path path(Properties properties, String name) {
    String value = properties.getProperty(name);
    return value == null || value.isBlank() ? null : Path.of(value.trim());
  }

  private static double number(Properties properties, String name, double fallback) {
    String value = properties.getProperty(name);
    if (value == null || value.isBlank()) {
      return fallback;
    }
    try {
      return Double.parseDouble(value.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + " must be a number, was '" + value + "'", e);
    }
  }

  private static void require(boolean condition, String message) {
    if (!condition) {
      throw new IllegalArgumentException(message);
    }
  }
}
