package com.acme.support.workload;

/** The service's three AI features, with the share of calls each gets in the demo. */
public enum Feature {
  SUPPORT_CHAT("support-chat", 0.5),
  TRIAGE("triage", 0.3),
  TICKET_SUMMARY("ticket-summary", 0.2);

  private final String label;
  private final double share;

  Feature(String label, double share) {
    this.label = label;
    this.share = share;
  }

  public String label() {
    return label;
  }

  /** The feature a uniform draw in [0, 1) falls on, by cumulative share. */
  static Feature forDraw(double draw) {
    double cumulative = 0;
    for (Feature feature : values()) {
      cumulative += feature.share;
      if (draw < cumulative) {
        return feature;
      }
    }
    return values()[values().length - 1];
  }
}
