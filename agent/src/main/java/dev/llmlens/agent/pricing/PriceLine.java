package dev.llmlens.agent.pricing;

/** One line of a price catalog: which models it prices, from when, at what prices. */
final class PriceLine {

  final String model;
  final boolean prefix;
  final String effective;
  final ModelPrice price;

  PriceLine(String model, boolean prefix, String effective, ModelPrice price) {
    this.model = model;
    this.prefix = prefix;
    this.effective = effective;
    this.price = price;
  }
}
