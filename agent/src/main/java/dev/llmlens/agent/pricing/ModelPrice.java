package dev.llmlens.agent.pricing;

/** USD per one million tokens. */
public final class ModelPrice {

  private final double inputPerMillion;
  private final double outputPerMillion;

  ModelPrice(double inputPerMillion, double outputPerMillion) {
    this.inputPerMillion = inputPerMillion;
    this.outputPerMillion = outputPerMillion;
  }

  /** The cost of a call in USD; unknown token counts (negative) cost nothing. */
  public double cost(long inputTokens, long outputTokens) {
    return (Math.max(0, inputTokens) * inputPerMillion + Math.max(0, outputTokens) * outputPerMillion) / 1_000_000d;
  }
}
