package dev.llmlens.agent.recorder;

import static dev.llmlens.agent.recorder.AttributeKeys.*;

import dev.llmlens.instrumentation.api.ErrorType;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;

/** The attribute sets of one series with one outcome, for every instrument that records it. */
final class Outcome {

  final Attributes requests;
  /** {@code null} for a success. */
  final Attributes errors;
  final Attributes inputTokens;
  final Attributes outputTokens;
  /** provider, model, feature: cost, unpriced calls, time to first token, streams without usage. */
  final Attributes perModel;
  final Attributes semconvDuration;
  final Attributes semconvInputTokens;
  final Attributes semconvOutputTokens;
  final String errorLabel;

  Outcome(SeriesKey key, String responseModel, ErrorType error) {
    errorLabel = error == null ? null : error.label();
    AttributesBuilder call =
        Attributes.builder().put(PROVIDER, key.provider).put(OPERATION, key.operation).put(MODEL, key.model);
    key.attribution.putInto(call);
    Attributes perCall = call.build();
    requests = perCall.toBuilder().put(STATUS, error == null ? "success" : "error").build();
    errors = error == null ? null : perCall.toBuilder().put(ERROR_TYPE, errorLabel).build();
    perModel = Series.perModel(key);
    inputTokens = perModel.toBuilder().put(DIRECTION, "input").build();
    outputTokens = perModel.toBuilder().put(DIRECTION, "output").build();

    AttributesBuilder semconv =
        Attributes.builder()
            .put(GEN_AI_OPERATION_NAME, key.operation)
            .put(GEN_AI_PROVIDER_NAME, key.provider);
    key.attribution.putInto(semconv);
    if (key.requestedModel) {
      // The conventions set it only when the request names a model.
      semconv.put(GEN_AI_REQUEST_MODEL, key.model);
    }
    if (responseModel != null) {
      semconv.put(GEN_AI_RESPONSE_MODEL, responseModel);
    }
    Series.putServer(semconv, key);
    if (errorLabel != null) {
      semconv.put(ERROR_TYPE_SEMCONV, errorLabel);
    }
    semconvDuration = semconv.build();
    semconvInputTokens = semconvDuration.toBuilder().put(GEN_AI_TOKEN_TYPE, "input").build();
    semconvOutputTokens = semconvDuration.toBuilder().put(GEN_AI_TOKEN_TYPE, "output").build();
  }
}
