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
import io.opentelemetry.sdk.common.Clock;
import io.opentelemetry.sdk.trace.samplers.SamplingResult;
import dev.llmlens.instrumentation.api.LlmCallReader;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.ConcurrentMap;

/**
 * Turns one {@link LlmCall} into every instrument of the metrics contract and one CLIENT span.
 * The only class that talks to OpenTelemetry about calls. Attribute sets come from cached
 * {@link Series}; label values pass through {@link LabelLimiter}s first.
 *
 * <p>The application's thread only takes the timestamps (the SDK's clock), captures the parent,
 * chooses the span's ids and sampling decision ({@link SpanStarts}) and queues the call; the
 * {@link RecorderThread} does the rest: label limits, series, the span (started and ended at the
 * captured times, with the chosen ids) and every metric, in the order calls started and ended.
 */
public final class LlmCallRecorder {

  private static final String UNKNOWN = "unknown";
  /** How long a metrics collection waits for the calls queued before it to be recorded. */
  static final long COLLECTION_WAIT_MILLIS = 1_000;

  private final Instruments instruments;
  private final Tracer tracer;
  private final PriceCatalog prices;
  private final LabelLimiter models;
  private final LabelLimiter responseModels;
  private final AttributionLimits attributionLimits;
  private final OperationRecorder operations;
  private final LabelLimiter servers;
  private final LabelLimiter finishReasons;
  private final SpanStarts starts;
  private final Clock clock;
  private final RecorderThread thread;
  private final ConcurrentMap<SeriesKey, Series> series = new ConcurrentHashMap<SeriesKey, Series>();
  /**
   * The spans' finish reasons of calls that end with one reason, as nearly all do, by reason: one
   * immutable list each instead of an array and a list per call. Providers use a handful of
   * values; past {@link #MAX_SHARED_FINISH_REASONS} the lists are made per call again.
   */
  private final ConcurrentMap<String, List<String>> sharedFinishReasons = new ConcurrentHashMap<String, List<String>>();
  static final int MAX_SHARED_FINISH_REASONS = 64;

  /** With a tracer whose SDK does not take {@link SpanStarts}: spans get ids of their own. */
  public LlmCallRecorder(Meter meter, Tracer tracer, PriceCatalog prices, int cardinalityLimit) {
    this(meter, tracer, prices, cardinalityLimit, new SpanStarts(), RecorderThread.DEFAULT_CAPACITY);
  }

  /** {@code starts} must be installed in the SDK {@code tracer} comes from (ids, sampler). */
  public LlmCallRecorder(Meter meter, Tracer tracer, PriceCatalog prices, int cardinalityLimit, SpanStarts starts) {
    this(meter, tracer, prices, cardinalityLimit, starts, RecorderThread.DEFAULT_CAPACITY);
  }

  LlmCallRecorder(
      Meter meter, Tracer tracer, PriceCatalog prices, int cardinalityLimit, SpanStarts starts, int queueCapacity) {
    this.instruments = new Instruments(meter);
    this.starts = starts;
    this.clock = starts.clock();
    this.thread = new RecorderThread(queueCapacity, starts);
    final RecorderThread queue = thread;
    meter.counterBuilder("llmlens.calls.dropped")
        .setUnit("{call}")
        .setDescription("LLM calls and framework operations (agents, tools) not recorded because the recorder's queue was full")
        .buildWithCallback(
            measurement -> {
              // Every collection (a scrape, a periodic export) runs this callback before it reads
              // the other instruments: the calls queued before it are recorded first, so a
              // collection sees every call that returned before it, as when they were recorded
              // on the application's thread. Bounded: a collection never waits longer.
              queue.flush(COLLECTION_WAIT_MILLIS);
              // Absent until the first drop, like the error counters: no series for what never happened.
              long dropped = queue.dropped();
              if (dropped > 0) {
                measurement.record(dropped);
              }
            });
    this.tracer = tracer;
    this.prices = prices;
    this.models = new LabelLimiter("model", cardinalityLimit, instruments.labelOverflow);
    this.responseModels = new LabelLimiter("response_model", cardinalityLimit, instruments.labelOverflow);
    this.attributionLimits = new AttributionLimits(cardinalityLimit, instruments.labelOverflow);
    this.operations = new OperationRecorder(instruments, tracer, attributionLimits, cardinalityLimit, thread, starts);
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
   * A call starts, on the application's thread: takes the start time, the parent (the llmlens span
   * current on this thread, else {@code applicationSpan}, the application's current span), chooses
   * the span's ids and sampling decision, and queues the rest (active requests up, the span
   * opened) for the recorder thread. Never blocks: when the queue is full the call is dropped.
   */
  public InFlight begin(LlmCall call, Attribution attribution, SpanContext applicationSpan) {
    return begin(call, attribution, applicationSpan, null);
  }

  /**
   * As above, with the call's request read on the recorder thread before its start is recorded
   * ({@code request} may be null): the application's thread does not pay for the reads. Under a
   * sampler that decides by the span's name, which needs the requested model, it is read here.
   */
  public InFlight begin(LlmCall call, Attribution attribution, SpanContext applicationSpan, InFlight.Request request) {
    long startNanos = clock.nanoTime();
    long startEpochNanos = starts.epochNanos(startNanos);
    Context current = Context.current();
    SpanContext currentSpan = Span.fromContext(current).getSpanContext();
    Context parent;
    String traceId;
    if (currentSpan.isValid()) {
      parent = current;
      traceId = currentSpan.getTraceId();
    } else if (applicationSpan != null && applicationSpan.isValid()) {
      parent = Context.root().with(Span.wrap(applicationSpan));
      traceId = applicationSpan.getTraceId();
    } else {
      parent = Context.root();
      traceId = starts.newTraceId();
    }
    String spanId = starts.newSpanId();
    String name = "";
    if (starts.decisionNeedsName()) {
      if (request != null) {
        request.readRequestInto(call);
        request = null;
      }
      name = initialSpanName(call);
    }
    SamplingResult sampling = starts.decide(parent, traceId, name, SpanKind.CLIENT);
    InFlight inFlight =
        new InFlight(this, call, attribution, parent, traceId, spanId, sampling, startEpochNanos, startNanos);
    inFlight.request = request;
    inFlight.queued = thread.offerStart(inFlight);
    return inFlight;
  }

  /** The call ended (its error type set if it failed): queues its recording, once. */
  public void end(InFlight inFlight, LlmCall call) {
    end(inFlight, (InFlight.Outcome) null);
  }

  /**
   * The call ended: takes the end time and queues the recording; {@code outcome} (may be null)
   * reads the response or failure into the call first, on the recorder thread.
   */
  public void end(InFlight inFlight, InFlight.Outcome outcome) {
    inFlight.endNanos = clock.nanoTime();
    if (!inFlight.queued) {
      return;
    }
    inFlight.outcome = outcome;
    thread.offerEnd(inFlight);
  }

  /**
   * A batch of a streamed call's chunks for the recorder thread to read into the call, queued
   * behind what is queued already, so before the call's end; false, and nothing queued, when the
   * queue is full.
   */
  public boolean chunks(final InFlight inFlight, final LlmCallReader reader, final Object[] batch) {
    return inFlight.queued
        && thread.offer(
            new RecorderThread.Event() {
              @Override
              void run() {
                readChunks(reader, batch, batch.length, inFlight.call);
              }
            });
  }

  /**
   * On the recorder thread: the first {@code count} chunks read into the call, in order; a chunk
   * the reader fails on is skipped, the others are still read.
   */
  public static void readChunks(LlmCallReader reader, Object[] chunks, int count, LlmCall call) {
    for (int i = 0; i < count; i++) {
      if (chunks[i] == null) {
        continue;
      }
      try {
        reader.readChunk(chunks[i], call);
      } catch (Throwable failure) {
        AgentLog.warnOnce(
            "chunk:" + failure.getClass().getName(),
            "a streamed chunk could not be read (" + failure + "); the application is not affected");
      }
    }
  }

  /** The provider's rate-limit state as the last response stated it. */
  public void rateLimits(final InFlight inFlight, final RateLimits limits) {
    if (inFlight.queued) {
      // The gauges keep the previous value when the queue is full: nothing to count.
      thread.offer(
          new RecorderThread.Event() {
            @Override
            void run() {
              recordRateLimits(inFlight, limits);
            }
          });
    }
  }

  /** The rate-limit headers of {@code response}, read by {@code reader} on the recorder thread. */
  public void rateLimits(final InFlight inFlight, final LlmCallReader reader, final Object response) {
    if (inFlight.queued) {
      thread.offer(
          new RecorderThread.Event() {
            @Override
            void run() {
              RateLimits limits = reader.readRateLimits(response);
              if (limits != null && !limits.isEmpty()) {
                recordRateLimits(inFlight, limits);
              }
            }
          });
    }
  }

  /**
   * Waits until every call queued so far is recorded, at most {@code timeoutMillis}: at exit,
   * before the SDK's final flush, and in tests before reading what was exported. Blocks.
   */
  public boolean flush(long timeoutMillis) {
    return thread.flush(timeoutMillis);
  }

  /** Stops the recorder thread once what is queued is recorded: for tests, which build many. */
  void close() {
    thread.stop();
  }

  /** The queue and its thread: tests hold the thread to see what waits for it. */
  RecorderThread queue() {
    return thread;
  }

  /** Calls dropped because the queue was full. */
  long dropped() {
    return thread.dropped();
  }

  /** The start of a call, on the recorder thread: active requests up, the span opened. */
  void recordStart(InFlight inFlight) {
    LlmCall call = inFlight.call;
    if (inFlight.request != null) {
      try {
        inFlight.request.readRequestInto(call);
      } catch (Throwable failure) {
        // Recorded with what is known, like an outcome that cannot be read.
        reportUnreadOutcome(failure);
      }
      inFlight.request = null;
    }
    Series started = seriesOf(call, call.requestModel(), attributionLimits.limited(inFlight.attribution));
    inFlight.series = started;
    instruments.activeRequests.add(1, started.activeAttributes);
    String requested = call.requestModel();
    // Spans have no cardinality limit: they carry the exact model, also past the metrics' limit.
    String spanName =
        requested == null || requested.equals(started.key.model)
            ? started.spanName
            : call.operation() + " " + requested;
    SpanBuilder builder =
        tracer.spanBuilder(spanName)
            .setParent(inFlight.parentContext)
            .setSpanKind(SpanKind.CLIENT)
            .setStartTimestamp(inFlight.startEpochNanos, TimeUnit.NANOSECONDS)
            .setAllAttributes(started.spanAttributes);
    if (requested != null) {
      builder.setAttribute(GEN_AI_REQUEST_MODEL, requested);
    }
    if (call.inputMessages() != null) {
      builder.setAttribute(GEN_AI_INPUT_MESSAGES, call.inputMessages());
    }
    Span span;
    starts.pending(inFlight.traceId, inFlight.spanId, inFlight.sampling);
    try {
      span = builder.startSpan();
    } finally {
      starts.clearPending();
    }
    SpanContext built = span.getSpanContext();
    // Not installed: an SDK built without llmlens' hooks (otel.sdk.disabled), whose spans are
    // never exported. Invalid: a tracer that records nothing (an SDK already shut down at exit).
    if (starts.installed() && built.isValid() && !inFlight.spanId.equals(built.getSpanId())) {
      AgentLog.warnOnce(
          "span-ids",
          "the tracer does not take llmlens' span ids: the ids in the application's log context "
              + "differ from the exported spans'");
    }
    inFlight.span = span;
  }

  /** The end of a call, on the recorder thread: reads its outcome and records everything, once. */
  void recordEnd(InFlight inFlight) {
    LlmCall call = inFlight.call;
    if (inFlight.outcome != null) {
      try {
        RateLimits limits = inFlight.outcome.rateLimits();
        if (limits != null && !limits.isEmpty()) {
          recordRateLimits(inFlight, limits);
        }
      } catch (Throwable failure) {
        reportUnreadOutcome(failure);
      }
      try {
        inFlight.outcome.readInto(call);
      } catch (Throwable failure) {
        // Recorded with what is known: a call is never lost to a reader.
        reportUnreadOutcome(failure);
      }
    }
    long elapsedNanos = inFlight.endNanos - inFlight.startNanos;
    double seconds = elapsedNanos / 1e9;
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
    endSpan(inFlight.span, call, outcome, inFlight.startEpochNanos + elapsedNanos);
  }

  private static void reportUnreadOutcome(Throwable failure) {
    AgentLog.warnOnce(
        "outcome:" + failure.getClass().getName(),
        "a call's request or outcome could not be read (" + failure + "); the application is not affected");
  }

  private void recordRateLimits(InFlight inFlight, RateLimits limits) {
    Series series = inFlight.series;
    setIfKnown(instruments.rateLimitRemaining, limits.remainingRequests(), series.rateLimitRequests);
    setIfKnown(instruments.rateLimitLimit, limits.limitRequests(), series.rateLimitRequests);
    setIfKnown(instruments.rateLimitRemaining, limits.remainingTokens(), series.rateLimitTokens);
    setIfKnown(instruments.rateLimitLimit, limits.limitTokens(), series.rateLimitTokens);
  }

  /** The span's name as it starts, before the response may name the model. */
  private static String initialSpanName(LlmCall call) {
    return call.operation() + " " + (call.requestModel() == null ? UNKNOWN : call.requestModel());
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

  private void endSpan(Span span, LlmCall call, Outcome outcome, long endEpochNanos) {
    if (call.outputMessages() != null) {
      span.setAttribute(GEN_AI_OUTPUT_MESSAGES, call.outputMessages());
    }
    if (call.responseModel() != null) {
      span.setAttribute(GEN_AI_RESPONSE_MODEL, call.responseModel());
    }
    if (call.streaming()) {
      // Conditionally required by the conventions for streamed calls; known only once the
      // library returned its stream, so set at the end rather than at the span's start.
      span.setAttribute(GEN_AI_REQUEST_STREAM, true);
    }
    if (call.inputTokens() >= 0) {
      span.setAttribute(GEN_AI_USAGE_INPUT_TOKENS, call.inputTokens());
    }
    if (call.outputTokens() >= 0) {
      span.setAttribute(GEN_AI_USAGE_OUTPUT_TOKENS, call.outputTokens());
    }
    if (call.finishReasonCount() > 0) {
      span.setAttribute(GEN_AI_RESPONSE_FINISH_REASONS, finishReasons(call));
    }
    if (outcome.errorLabel != null) {
      span.setAttribute(ERROR_TYPE_SEMCONV, outcome.errorLabel);
      span.setStatus(StatusCode.ERROR);
    }
    span.end(endEpochNanos, TimeUnit.NANOSECONDS);
  }

  /** The call's finish reasons, in order; at least one. */
  List<String> finishReasons(LlmCall call) {
    String only = call.finishReasonCount() == 1 ? call.finishReason(0) : null;
    if (only != null) {
      List<String> shared = sharedFinishReasons.get(only);
      if (shared == null) {
        shared = Collections.singletonList(only);
        if (sharedFinishReasons.size() < MAX_SHARED_FINISH_REASONS) {
          sharedFinishReasons.putIfAbsent(only, shared);
        }
      }
      return shared;
    }
    String[] reasons = new String[call.finishReasonCount()];
    for (int i = 0; i < reasons.length; i++) {
      reasons[i] = call.finishReason(i);
    }
    return Arrays.asList(reasons);
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
