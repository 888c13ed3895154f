package dev.llmlens.agent.recorder;

/** The labels known when a call starts, after cardinality limiting: what a {@link Series} is cached by. */
final class SeriesKey {

  final String provider;
  final String operation;
  final String model;
  final String feature;
  final Attribution attribution;
  final String serverAddress;
  final int serverPort;
  /** Whether {@link #model} is what the request asked for (not the response's model or "unknown"). */
  final boolean requestedModel;
  private final int hash;

  SeriesKey(
      String provider,
      String operation,
      String model,
      boolean requestedModel,
      Attribution attribution,
      String serverAddress,
      int serverPort) {
    this.provider = provider;
    this.operation = operation;
    this.model = model;
    this.feature = attribution.feature;
    this.attribution = attribution;
    this.serverAddress = serverAddress;
    this.serverPort = serverPort;
    this.requestedModel = requestedModel;
    int h = requestedModel ? 1 : 0;
    h = 31 * h + provider.hashCode();
    h = 31 * h + operation.hashCode();
    h = 31 * h + model.hashCode();
    h = 31 * h + attribution.hashCode();
    h = 31 * h + (serverAddress == null ? 0 : serverAddress.hashCode());
    this.hash = 31 * h + serverPort;
  }

  @Override
  public boolean equals(Object other) {
    if (!(other instanceof SeriesKey)) {
      return false;
    }
    SeriesKey that = (SeriesKey) other;
    return hash == that.hash
        && serverPort == that.serverPort
        && requestedModel == that.requestedModel
        && provider.equals(that.provider)
        && operation.equals(that.operation)
        && model.equals(that.model)
        && attribution.equals(that.attribution)
        && (serverAddress == null ? that.serverAddress == null : serverAddress.equals(that.serverAddress));
  }

  @Override
  public int hashCode() {
    return hash;
  }
}
