package dev.llmlens.agent.recorder;

import static dev.llmlens.agent.recorder.AttributeKeys.*;

import dev.llmlens.instrumentation.api.ErrorType;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Everything derived from one {@link SeriesKey}, built once: the span name, the attribute sets
 * of the active-requests gauge and the span, and per outcome (response model and error type) the
 * attribute sets of every other instrument. A call then costs map lookups, not allocations.
 */
final class Series {

  final SeriesKey key;
  final String spanName;
  final Attributes activeAttributes;
  final Attributes spanAttributes;
  /** Outcomes by response model, one map per error type; index 0 is success. */
  private final ConcurrentMap<String, Outcome>[] outcomes;

  @SuppressWarnings("unchecked")
  Series(SeriesKey key) {
    this.key = key;
    this.spanName = key.operation + " " + key.model;
    this.activeAttributes =
        Attributes.of(PROVIDER, key.provider, OPERATION, key.operation, FEATURE, key.feature);
    // gen_ai.request.model is set per call on the span: spans carry the exact requested model.
    AttributesBuilder span =
        Attributes.builder()
            .put(GEN_AI_OPERATION_NAME, key.operation)
            .put(GEN_AI_PROVIDER_NAME, key.provider)
            .put(FEATURE, key.feature);
    putServer(span, key);
    this.spanAttributes = span.build();
    this.outcomes = new ConcurrentMap[ErrorType.values().length + 1];
    for (int i = 0; i < outcomes.length; i++) {
      outcomes[i] = new ConcurrentHashMap<String, Outcome>();
    }
  }

  /** {@code responseModel} is already cardinality-limited; {@code null} when unknown. */
  Outcome outcome(String responseModel, ErrorType error) {
    ConcurrentMap<String, Outcome> byModel = outcomes[error == null ? 0 : error.ordinal() + 1];
    String modelKey = responseModel == null ? "" : responseModel;
    Outcome outcome = byModel.get(modelKey);
    if (outcome == null) {
      outcome = new Outcome(key, responseModel, error);
      Outcome raced = byModel.putIfAbsent(modelKey, outcome);
      if (raced != null) {
        outcome = raced;
      }
    }
    return outcome;
  }

  static void putServer(AttributesBuilder builder, SeriesKey key) {
    if (key.serverAddress != null) {
      builder.put(SERVER_ADDRESS, key.serverAddress);
      if (key.serverPort > 0) {
        builder.put(SERVER_PORT, (long) key.serverPort);
      }
    }
  }
}
