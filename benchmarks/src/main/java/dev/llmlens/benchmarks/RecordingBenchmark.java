package dev.llmlens.benchmarks;

import dev.llmlens.agent.config.AttributionRule;
import dev.llmlens.agent.dispatch.AttributionResolver;
import dev.llmlens.agent.pricing.PriceCatalog;
import dev.llmlens.agent.recorder.Attribution;
import dev.llmlens.agent.recorder.InFlight;
import dev.llmlens.agent.recorder.LlmCallRecorder;
import dev.llmlens.agent.recorder.SpanStarts;
import dev.llmlens.instrumentation.api.LlmCall;
import dev.llmlens.shaded.io.opentelemetry.sdk.metrics.SdkMeterProvider;
import dev.llmlens.shaded.io.opentelemetry.sdk.metrics.export.MetricReader;
import dev.llmlens.shaded.io.opentelemetry.sdk.metrics.export.PeriodicMetricReader;
import dev.llmlens.shaded.io.opentelemetry.sdk.trace.SdkTracerProvider;
import dev.llmlens.shaded.io.opentelemetry.sdk.trace.samplers.Sampler;
import java.util.Arrays;
import java.util.Collections;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * What the agent adds to the application's thread for one LLM call once the library returned:
 * reading nothing (the reader's work is measured end to end elsewhere), resolving the
 * attribution, and handing the call to the recorder thread (timestamps, ids, sampling
 * decision, two queue offers). The recording itself (every instrument and the span, with the
 * shipped shaded SDK) runs on the recorder thread; at JMH's rate its queue fills up, and the
 * calls it then drops cost the application's thread even less. Side by side: attribution with no rules
 * (the default), with caller rules that match three frames up, and with rules that match none
 * (the whole stack is walked).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(2)
public class RecordingBenchmark {

  private SdkMeterProvider meters;
  private SdkTracerProvider tracers;
  private LlmCallRecorder recorder;
  private AttributionResolver noRules;
  private AttributionResolver matchingRule;
  private AttributionResolver noMatchingRule;
  private final Object client = new Object();

  @Setup
  public void setUp() {
    // A reader that never exports during the run: the per-call cost is what is measured.
    MetricReader reader = PeriodicMetricReader.builder(new DiscardingExporter()).setInterval(1, TimeUnit.HOURS).build();
    meters = SdkMeterProvider.builder().registerMetricReader(reader).build();
    // Sampled spans with no processor: span work without export.
    SpanStarts starts = new SpanStarts();
    tracers =
        SdkTracerProvider.builder()
            .setIdGenerator(starts.idGenerator())
            .setSampler(starts.sampler(Sampler.parentBased(Sampler.alwaysOn())))
            .build();
    recorder =
        new LlmCallRecorder(meters.get("bench"), tracers.get("bench"), PriceCatalog.builtIn(), 100, starts);
    noRules = new AttributionResolver("unknown", Collections.emptyList(), Collections.emptyList());
    matchingRule =
        new AttributionResolver(
            "unknown",
            Arrays.asList(new AttributionRule("dev.llmlens.benchmarks", "bench")),
            Collections.emptyList());
    noMatchingRule =
        new AttributionResolver(
            "unknown",
            Arrays.asList(new AttributionRule("com.acme.support", "support")),
            Collections.emptyList());
  }

  @TearDown
  public void tearDown() {
    meters.close();
    tracers.close();
  }

  private LlmCall call() {
    LlmCall call = new LlmCall("openai", "chat");
    call.requestModel("gpt-4o");
    call.server("api.openai.com", 443);
    return call;
  }

  private void record(Attribution attribution) {
    LlmCall call = call();
    InFlight inFlight = recorder.begin(call, attribution);
    call.responseModel("gpt-4o-2024-08-06");
    call.tokens(1200, 300);
    call.addFinishReason("stop");
    recorder.end(inFlight, call);
  }

  @Benchmark
  public void recordCall() {
    record(noRules.resolve(client));
  }

  @Benchmark
  public void recordCallWithMatchingCallerRule() {
    record(matchingRule.resolve(client));
  }

  @Benchmark
  public void recordCallWithCallerRuleMatchingNoFrame() {
    record(noMatchingRule.resolve(client));
  }

  @Benchmark
  public void attributionOnlyWithMatchingCallerRule(Blackhole hole) {
    hole.consume(matchingRule.resolve(client));
  }
}
