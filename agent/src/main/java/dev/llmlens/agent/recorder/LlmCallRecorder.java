package dev.llmlens.agent.recorder;

import static dev.llmlens.agent.recorder.AttributeKeys.*;

import dev.llmlens.agent.log.AgentLog;
import dev.llmlens.agent.pricing.ModelPrice;
import dev.llmlens.agent.pricing.PriceCatalog;
import dev.llmlens.instrumentation.api.LlmCall;
import dev.llmlens.instrumentation.api.RateLimits;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.LongGauge;
import io.opentelemetry.api.metrics.Meter;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Turns one {@link LlmCall} into every instrument of the metrics contract and one CLIENT span.
 * The only class that talks to OpenTelemetry about calls. Attribute sets come from cached
 * {@link Series}; label values pass through {@link LabelLimiter}s first.
 */
public final class LlmCallRecorder {

  private static final String UNKNOWN = "unknown";

  private final Instruments instruments;
  private final Tracer tracer;
  private final PriceCatalog prices;
  private final LabelLimiter models;
  private final LabelLimiter responseModels;
  private final AttributionLimits attributionLimits;
  private final OperationRecorder operations;
  private final LabelLimiter servers;
  private final LabelLimiter finishReasons;
  private final ConcurrentMap<SeriesKey, Series> series = new ConcurrentHashMap<SeriesKey, Series>();

  public LlmCallRecorder(Meter meter, Tracer tracer, PriceCatalog prices, int cardinalityLimit) {
    this.instruments = new Instruments(meter);
    this.tracer = tracer;
    this.prices = prices;
    this.models = new LabelLimiter("model", cardinalityLimit, instruments.labelOverflow);
    this.responseModels = new LabelLimiter("response_model", cardinalityLimit, instruments.labelOverflow);
    this.attributionLimits = new AttributionLimits(cardinalityLimit, instruments.labelOverflow);
    this.operations = new OperationRecorder(instruments, tracer, attributionLimits, cardinalityLimit);
    this.servers = new LabelLimiter("server_address", cardinalityLimit, instruments.labelOverflow);
    this.finishReasons = new LabelLimiter("finish_reason", cardinalityLimit, instruments.labelOverflow);
    instruments.pricingInfo.set(1, Attributes.of(AttributeKeys.VERSION, prices.version()));
  }

  /** Agent invocations, tool executions and component steps, under the same label limits. */
  public OperationRecorder operations() {
    return operations;
  }

  /** A call starts in the default attribution (tests, and callers without business labels). */
  public InFlight begin(LlmCall call, String feature) {
    return begin(call, Attribution.of(feature));
  }

  /** A call starts, outside any trace of the application. */
  public InFlight begin(LlmCall call, Attribution attribution) {
    return begin(call, attribution, null);
  }

  /**
   * A call starts: counts it active and opens its span, in the application's trace when {@code
   * applicationSpan} (its current span) is given.
   */
  public InFlight begin(LlmCall call, Attribution attribution, SpanContext applicationSpan) {
    Series started = seriesOf(call, call.requestModel(), attributionLimits.limited(attribution));
    instruments.activeRequests.add(1, started.activeAttributes);
    String requested = call.requestModel();
    // Spans have no cardinality limit: they carry the exact model, also past the metrics' limit.
    String spanName =
        requested == null || requested.equals(started.key.model)
            ? started.spanName
            : call.operation() + " " + requested;
    SpanBuilder builder =
        tracer.spanBuilder(spanName)
            .setParent(SpanParents.parentFor(applicationSpan))
            .setSpanKind(SpanKind.CLIENT)
            .setAllAttributes(started.spanAttributes);
    if (requested != null) {
      builder.setAttribute(GEN_AI_REQUEST_MODEL, requested);
    }
    Span span = builder.startSpan();
    return new InFlight(started, span, System.nanoTime());
  }

  /** The call ended (its error type set if it failed): records everything, once. */
  public void end(InFlight inFlight, LlmCall call) {
    double seconds = (System.nanoTime() - inFlight.startNanos) / 1e9;
    Series started = inFlight.series;
    instruments.activeRequests.add(-1, started.activeAttributes);

    String responseModel = responseModels.admit(call.responseModel());
    // No model in the request: the model label is the one the response reports.
    Series finished =
        call.requestModel() == null && responseModel != null
            ? seriesOf(call, responseModel, started.key.attribution)
            : started;
    Outcome outcome = finished.outcome(responseModel, call.errorType());

    // Measured in the call's span: the histograms keep its trace id as an exemplar.
    Context inSpan = Context.root().with(inFlight.span);
    instruments.requests.add(1, outcome.requests);
    instruments.duration.record(seconds, outcome.requests, inSpan);
    instruments.semconvDuration.record(seconds, outcome.semconvDuration, inSpan);
    if (outcome.errors != null) {
      instruments.errors.add(1, outcome.errors);
    }
    long input = call.inputTokens();
    long output = call.outputTokens();
    if (input >= 0) {
      instruments.tokens.add(input, outcome.inputTokens);
      instruments.semconvTokens.record(input, outcome.semconvInputTokens);
    }
    if (output >= 0) {
      instruments.tokens.add(output, outcome.outputTokens);
      instruments.semconvTokens.record(output, outcome.semconvOutputTokens);
    }
    if (input >= 0 || output >= 0) {
      recordCost(call, outcome);
    } else if (call.streaming() && call.errorType() == null) {
      instruments.streamsWithoutUsage.add(1, outcome.perModel);
    }
    if (call.cachedInputTokens() > 0) {
      instruments.tokenDetails.add(call.cachedInputTokens(), finished.cachedInputTokens);
    }
    if (call.reasoningTokens() > 0) {
      instruments.tokenDetails.add(call.reasoningTokens(), finished.reasoningTokens);
    }
    for (int i = 0; i < call.finishReasonCount(); i++) {
      instruments.finishReasons.add(1, finished.finishReason(finishReasons.admit(call.finishReason(i))));
    }
    if (call.firstChunkNanos() != 0) {
      double firstChunk = (call.firstChunkNanos() - inFlight.startNanos) / 1e9;
      instruments.semconvTimeToFirstChunk.record(firstChunk, outcome.semconvDuration, inSpan);
      inFlight.span.setAttribute(GEN_AI_RESPONSE_TIME_TO_FIRST_CHUNK, firstChunk);
    }
    if (call.firstContentNanos() != 0) {
      instruments.timeToFirstToken.record(
          (call.firstContentNanos() - inFlight.startNanos) / 1e9, outcome.perModel, inSpan);
    }
    if (call.requestModel() == null && call.responseModel() != null) {
      inFlight.span.updateName(call.operation() + " " + call.responseModel());
    }
    endSpan(inFlight.span, call, outcome);
  }

  /** The provider's rate-limit state as the last response stated it. */
  public void rateLimits(InFlight inFlight, RateLimits limits) {
    Series series = inFlight.series;
    setIfKnown(instruments.rateLimitRemaining, limits.remainingRequests(), series.rateLimitRequests);
    setIfKnown(instruments.rateLimitLimit, limits.limitRequests(), series.rateLimitRequests);
    setIfKnown(instruments.rateLimitRemaining, limits.remainingTokens(), series.rateLimitTokens);
    setIfKnown(instruments.rateLimitLimit, limits.limitTokens(), series.rateLimitTokens);
  }

  private static void setIfKnown(LongGauge gauge, long value, Attributes attributes) {
    if (value >= 0) {
      gauge.set(value, attributes);
    }
  }

  /** Priced by the exact models, never by a cardinality-limited label. */
  private void recordCost(LlmCall call, Outcome outcome) {
    ModelPrice price = prices.priceOf(call.responseModel());
    if (price == null) {
      price = prices.priceOf(call.requestModel());
    }
    String model = call.model();
    if (price != null) {
      instruments.cost.add(
          price.cost(call.inputTokens(), call.cachedInputTokens(), call.outputTokens()), outcome.perModel);
    } else {
      instruments.unpricedRequests.add(1, outcome.perModel);
      AgentLog.warnOnce(
          "unpriced:" + model,
          "no price for model \"" + model + "\": its calls count in ai_unpriced_requests_total, "
              + "not in ai_cost_dollars_total");
    }
  }

  private static void endSpan(Span span, LlmCall call, Outcome outcome) {
    if (call.responseModel() != null) {
      span.setAttribute(GEN_AI_RESPONSE_MODEL, call.responseModel());
    }
    if (call.inputTokens() >= 0) {
      span.setAttribute(GEN_AI_USAGE_INPUT_TOKENS, call.inputTokens());
    }
    if (call.outputTokens() >= 0) {
      span.setAttribute(GEN_AI_USAGE_OUTPUT_TOKENS, call.outputTokens());
    }
    if (call.finishReasonCount() > 0) {
      String[] reasons = new String[call.finishReasonCount()];
      for (int i = 0; i < reasons.length; i++) {
        reasons[i] = call.finishReason(i);
      }
      span.setAttribute(GEN_AI_RESPONSE_FINISH_REASONS, java.util.Arrays.asList(reasons));
    }
    if (outcome.errorLabel != null) {
      span.setAttribute(ERROR_TYPE_SEMCONV, outcome.errorLabel);
      span.setStatus(StatusCode.ERROR);
    }
    span.end();
  }

  private Series seriesOf(LlmCall call, String model, Attribution attribution) {
    SeriesKey key =
        new SeriesKey(
            call.provider(),
            call.operation(),
            model == null ? UNKNOWN : models.admit(model),
            model != null && model.equals(call.requestModel()),
            attribution,
            servers.admit(call.serverAddress()),
            call.serverPort());
    Series known = series.get(key);
    if (known != null) {
      return known;
    }
    Series created = new Series(key);
    Series raced = series.putIfAbsent(key, created);
    return raced == null ? created : raced;
  }
}
