package dev.llmlens.agent.recorder;

import io.opentelemetry.api.metrics.DoubleCounter;
import io.opentelemetry.api.metrics.DoubleHistogram;
import io.opentelemetry.api.metrics.LongCounter;
import io.opentelemetry.api.metrics.LongGauge;
import io.opentelemetry.api.metrics.LongHistogram;
import io.opentelemetry.api.metrics.LongUpDownCounter;
import io.opentelemetry.api.metrics.Meter;
import java.util.Arrays;
import java.util.List;

/**
 * Every instrument of the metrics contract (DESIGN.md), created once. OpenTelemetry names map to
 * the Prometheus names of the contract: the exporter turns dots into underscores, appends
 * {@code _total} to counters and the unit ({@code _seconds}) to histograms, and drops units in
 * braces. So {@code ai.requests} is scraped as {@code ai_requests_total}.
 */
final class Instruments {

  /** GenAI semantic-convention buckets for durations, in seconds. */
  static final List<Double> DURATION_BUCKETS =
      Arrays.asList(0.01, 0.02, 0.04, 0.08, 0.16, 0.32, 0.64, 1.28, 2.56, 5.12, 10.24, 20.48, 40.96, 81.92);

  /** GenAI semantic-convention buckets for token counts. */
  static final List<Long> TOKEN_BUCKETS =
      Arrays.asList(1L, 4L, 16L, 64L, 256L, 1024L, 4096L, 16384L, 65536L, 262144L, 1048576L, 4194304L, 16777216L, 67108864L);

  /**
   * Buckets for tools and framework components, in seconds: from a chat-memory read (well under a
   * millisecond) to a slow tool or a whole agent invocation (a minute).
   */
  static final List<Double> OPERATION_BUCKETS =
      Arrays.asList(0.0001, 0.0005, 0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0);

  final LongCounter requests;
  final DoubleHistogram duration;
  final LongCounter tokens;
  final LongUpDownCounter activeRequests;
  final LongCounter errors;
  final DoubleCounter cost;
  final LongCounter unpricedRequests;
  final DoubleHistogram timeToFirstToken;
  final LongCounter labelOverflow;
  final DoubleHistogram semconvDuration;
  final LongHistogram semconvTokens;
  final DoubleHistogram semconvTimeToFirstChunk;
  final LongCounter finishReasons;
  final LongCounter tokenDetails;
  final LongCounter streamsWithoutUsage;
  final LongGauge rateLimitRemaining;
  final LongGauge rateLimitLimit;
  final LongGauge pricingInfo;
  final LongCounter toolCalls;
  final DoubleHistogram toolDuration;
  final DoubleHistogram componentDuration;

  Instruments(Meter meter) {
    requests =
        meter.counterBuilder("ai.requests")
            .setUnit("{request}")
            .setDescription("LLM calls, one per logical call whatever the retries")
            .build();
    duration =
        meter.histogramBuilder("ai.request.duration")
            .setUnit("s")
            .setDescription("Duration of LLM calls, retries included")
            .setExplicitBucketBoundariesAdvice(DURATION_BUCKETS)
            .build();
    tokens =
        meter.counterBuilder("ai.tokens")
            .setUnit("{token}")
            .setDescription("Tokens used, as reported by the provider")
            .build();
    activeRequests =
        meter.upDownCounterBuilder("ai.active_requests")
            .setUnit("{request}")
            .setDescription("LLM calls in flight")
            .build();
    errors =
        meter.counterBuilder("ai.errors")
            .setUnit("{error}")
            .setDescription("LLM calls whose final outcome is an error, by error type")
            .build();
    cost =
        meter.counterBuilder("ai.cost")
            .ofDoubles()
            .setUnit("dollars")
            .setDescription("Cost of LLM calls in US dollars, from reported tokens and the price catalog")
            .build();
    unpricedRequests =
        meter.counterBuilder("ai.unpriced_requests")
            .setUnit("{request}")
            .setDescription("LLM calls to a model the price catalog does not know: their cost is not counted")
            .build();
    timeToFirstToken =
        meter.histogramBuilder("ai.time_to_first_token")
            .setUnit("s")
            .setDescription("Time from the start of a streaming call to its first content chunk")
            .setExplicitBucketBoundariesAdvice(DURATION_BUCKETS)
            .build();
    labelOverflow =
        meter.counterBuilder("ai.label_overflow")
            .setUnit("{value}")
            .setDescription("Label values replaced by 'other' because llmlens.cardinality.limit was reached")
            .build();
    semconvDuration =
        meter.histogramBuilder("gen_ai.client.operation.duration")
            .setUnit("s")
            .setDescription("GenAI operation duration")
            .setExplicitBucketBoundariesAdvice(DURATION_BUCKETS)
            .build();
    semconvTimeToFirstChunk =
        meter.histogramBuilder("gen_ai.client.operation.time_to_first_chunk")
            .setUnit("s")
            .setDescription("Time to receive the first chunk of a streamed response")
            .setExplicitBucketBoundariesAdvice(DURATION_BUCKETS)
            .build();
    finishReasons =
        meter.counterBuilder("ai.finish_reasons")
            .setUnit("{choice}")
            .setDescription("Why the model stopped, per generated choice: length and content_filter are silent failures")
            .build();
    tokenDetails =
        meter.counterBuilder("ai.token_details")
            .setUnit("{token}")
            .setDescription("Parts of ai.tokens: input tokens read from the provider's cache, output tokens spent reasoning")
            .build();
    streamsWithoutUsage =
        meter.counterBuilder("ai.streams_without_usage")
            .setUnit("{request}")
            .setDescription("Streamed calls whose provider reported no usage (stream_options.include_usage off, or stopped early): their tokens are not counted")
            .build();
    rateLimitRemaining =
        meter.gaugeBuilder("ai.ratelimit.remaining")
            .ofLongs()
            .setUnit("{unit}")
            .setDescription("What the provider says is left of its rate limit (x-ratelimit-remaining-*), by kind: requests or tokens")
            .build();
    rateLimitLimit =
        meter.gaugeBuilder("ai.ratelimit.limit")
            .ofLongs()
            .setUnit("{unit}")
            .setDescription("The provider's rate limit (x-ratelimit-limit-*), by kind: requests or tokens")
            .build();
    pricingInfo =
        meter.gaugeBuilder("ai.pricing.catalog")
            .ofLongs()
            .setDescription("1, labelled with the version of the price catalog in use (built-in, plus the user's file). Not named *_info: the Prometheus client reserves that suffix and would drop it")
            .build();
    semconvTokens =
        meter.histogramBuilder("gen_ai.client.token.usage")
            .ofLongs()
            .setUnit("{token}")
            .setDescription("Measures number of input and output tokens used")
            .setExplicitBucketBoundariesAdvice(TOKEN_BUCKETS)
            .build();
    toolCalls =
        meter.counterBuilder("ai.tool.calls")
            .setUnit("{call}")
            .setDescription("Tool executions run by an LLM framework at the model's request, by tool and status")
            .build();
    toolDuration =
        meter.histogramBuilder("ai.tool.duration")
            .setUnit("s")
            .setDescription("Duration of tool executions: which tool makes an agent slow")
            .setExplicitBucketBoundariesAdvice(OPERATION_BUCKETS)
            .build();
    componentDuration =
        meter.histogramBuilder("ai.component.duration")
            .setUnit("s")
            .setDescription("Duration of the framework's components around LLM calls: agent invocations, chat memory, embedding stores, retrievers")
            .setExplicitBucketBoundariesAdvice(OPERATION_BUCKETS)
            .build();
  }
}
