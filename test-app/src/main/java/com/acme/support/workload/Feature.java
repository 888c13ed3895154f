package com.acme.support.workload;

/**
 * The service's four AI features, with the share of calls each gets in the demo and the client
 * library each calls the API through.
 */
public enum Feature {
  SUPPORT_CHAT("support-chat", 0.45, Client.OPENAI_JAVA),
  TRIAGE("triage", 0.25, Client.OPENAI_JAVA),
  TICKET_SUMMARY("ticket-summary", 0.15, Client.OPENAI_JAVA),
  /** One call is one LangChain4j AI service invocation: several model calls and tool runs. */
  SUPPORT_AGENT("support-agent", 0.15, Client.LANGCHAIN4J);

  /** The library between a feature and the API. */
  public enum Client {
    OPENAI_JAVA("openai-java"),
    LANGCHAIN4J("langchain4j");

    private final String label;

    Client(String label) {
      this.label = label;
    }

    public String label() {
      return label;
    }
  }

  private final String label;
  private final double share;
  private final Client client;

  Feature(String label, double share, Client client) {
    this.label = label;
    this.share = share;
    this.client = client;
  }

  public String label() {
    return label;
  }

  public Client client() {
    return client;
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
