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
  /** Per finish reason (already cardinality-limited). */
  private final ConcurrentMap<String, Attributes> finishReasons = new ConcurrentHashMap<String, Attributes>();
  final Attributes cachedInputTokens;
  final Attributes reasoningTokens;
  final Attributes rateLimitRequests;
  final Attributes rateLimitTokens;
  /** Outcomes by response model, one map per error type; index 0 is success. */
  private final ConcurrentMap<String, Outcome>[] outcomes;

  @SuppressWarnings("unchecked")
  Series(SeriesKey key) {
    this.key = key;
    this.spanName = key.operation + " " + key.model;
    AttributesBuilder active = Attributes.builder().put(PROVIDER, key.provider).put(OPERATION, key.operation);
    key.attribution.putInto(active);
    this.activeAttributes = active.build();
    // gen_ai.request.model is set per call on the span: spans carry the exact requested model.
    AttributesBuilder span =
        Attributes.builder()
            .put(GEN_AI_OPERATION_NAME, key.operation)
            .put(GEN_AI_PROVIDER_NAME, key.provider);
    key.attribution.putInto(span);
    putServer(span, key);
    this.spanAttributes = span.build();
    Attributes perModel = perModel(key);
    this.cachedInputTokens = perModel.toBuilder().put(TYPE, "cached_input").build();
    this.reasoningTokens = perModel.toBuilder().put(TYPE, "reasoning").build();
    AttributesBuilder limits = Attributes.builder().put(PROVIDER, key.provider).put(MODEL, key.model);
    if (key.serverAddress != null) {
      limits.put(SERVER_ADDRESS_LABEL, key.serverAddress);
    }
    Attributes limitsBase = limits.build();
    this.rateLimitRequests = limitsBase.toBuilder().put(KIND, "requests").build();
    this.rateLimitTokens = limitsBase.toBuilder().put(KIND, "tokens").build();
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

  Attributes finishReason(String reason) {
    Attributes attributes = finishReasons.get(reason);
    if (attributes == null) {
      attributes = perModel(key).toBuilder().put(FINISH_REASON, reason).build();
      Attributes raced = finishReasons.putIfAbsent(reason, attributes);
      attributes = raced == null ? attributes : raced;
    }
    return attributes;
  }

  /** provider, model and the attribution labels. */
  static Attributes perModel(SeriesKey key) {
    AttributesBuilder attributes = Attributes.builder().put(PROVIDER, key.provider).put(MODEL, key.model);
    key.attribution.putInto(attributes);
    return attributes.build();
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
