package dev.llmlens.agent.pricing;

/** A model's prices in USD per one million tokens, from one catalog line. */
public final class ModelPrice {

  private final double input;
  private final double cachedInput;
  private final double output;
  private final double cacheWrite;

  ModelPrice(double input, double cachedInput, double output, double cacheWrite) {
    this.input = input;
    this.cachedInput = cachedInput;
    this.output = output;
    this.cacheWrite = cacheWrite;
  }

  /** The cost of a call in USD; unknown token counts (negative) cost nothing. */
  public double cost(long inputTokens, long outputTokens) {
    return cost(inputTokens, 0, outputTokens);
  }

  /**
   * The cost of a call in USD, with {@code cachedInputTokens} of the input tokens read from the
   * provider's cache at the cached price (they are part of {@code inputTokens}, not added to it).
   */
  public double cost(long inputTokens, long cachedInputTokens, long outputTokens) {
    long cached = Math.max(0, Math.min(cachedInputTokens, inputTokens));
    long uncached = Math.max(0, inputTokens) - cached;
    return (uncached * input + cached * cachedInput + Math.max(0, outputTokens) * output) / 1_000_000d;
  }

  double cacheWrite() {
    return cacheWrite;
  }
}
