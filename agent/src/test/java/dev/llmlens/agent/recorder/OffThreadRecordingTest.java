package dev.llmlens.agent.recorder;

import static dev.llmlens.agent.recorder.AttributeKeys.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import dev.llmlens.instrumentation.api.LlmCall;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.sdk.metrics.data.HistogramPointData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The recorder thread: what the application's thread leaves to it, in which order, and what
 * happens when it cannot keep up. The recorder thread is held on a latch where a test needs to
 * see the state before it runs; nothing here sleeps.
 */
class OffThreadRecordingTest {

  private TestTelemetry telemetry = new TestTelemetry(100);

  @AfterEach
  void close() {
    telemetry.close();
  }

  private static LlmCall chat(String model) {
    LlmCall call = new LlmCall("openai", "chat");
    call.requestModel(model);
    return call;
  }

  private static Attributes active() {
    return Attributes.of(PROVIDER, "openai", OPERATION, "chat", FEATURE, "support");
  }

  private static Attributes requests(String model) {
    return Attributes.of(PROVIDER, "openai", OPERATION, "chat", MODEL, model, FEATURE, "support", STATUS, "success");
  }

  @Test
  void theApplicationsThreadOnlyQueuesAndTheRecorderThreadRecordsStartBeforeEnd() throws Exception {
    CountDownLatch release = telemetry.holdRecorder();
    final AtomicReference<String> recordedOn = new AtomicReference<>();
    LlmCall call = chat("gpt-4o");
    InFlight inFlight = telemetry.recorder().begin(call, "support");
    call.tokens(10, 5);
    telemetry.recorder().end(inFlight, new InFlight.Outcome() {
      @Override
      public void readInto(LlmCall read) {
        recordedOn.set(Thread.currentThread().getName());
      }
    });
    assertThat(recordedOn.get()).as("nothing recorded while the recorder thread is held").isNull();
    assertThat(inFlight.series).isNull();

    release.countDown();
    telemetry.collect();

    assertThat(recordedOn.get()).isEqualTo("llmlens-recorder");
    assertThat(telemetry.longSums("ai.active_requests")).containsExactly(entry(active(), 0L));
    assertThat(telemetry.longSums("ai.requests")).containsExactly(entry(requests("gpt-4o"), 1L));
    // Start and end at the times the application's thread took, on the SDK's clock.
    SpanData span = telemetry.spans().get(0);
    long elapsed = inFlight.endNanos - inFlight.startNanos;
    assertThat(span.getStartEpochNanos()).isEqualTo(inFlight.startEpochNanos);
    assertThat(span.getEndEpochNanos() - span.getStartEpochNanos()).isEqualTo(elapsed);
    HistogramPointData duration = telemetry.histogram("ai.request.duration").get(requests("gpt-4o"));
    assertThat(duration.getSum()).isEqualTo(elapsed / 1e9);
  }

  @Test
  void manyThreadsStartingAndEndingLeaveNoActiveRequestBehind() throws Exception {
    final int threads = 8;
    final int callsEach = 500;
    List<Thread> callers = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      Thread caller =
          new Thread(
              () -> {
                for (int i = 0; i < callsEach; i++) {
                  LlmCall call = chat("gpt-4o");
                  telemetry.recorder().end(telemetry.recorder().begin(call, "support"), call);
                }
              });
      callers.add(caller);
      caller.start();
    }
    for (Thread caller : callers) {
      caller.join();
    }

    telemetry.collect();
    assertThat(telemetry.longSums("ai.active_requests")).containsExactly(entry(active(), 0L));
    assertThat(telemetry.longSums("ai.requests")).containsExactly(entry(requests("gpt-4o"), (long) threads * callsEach));
    assertThat(telemetry.spans()).hasSize(threads * callsEach);
    assertThat(telemetry.metricNames()).doesNotContain("llmlens.calls.dropped");
  }

  @Test
  void aFullQueueDropsWholeCallsCountsThemAndNeverBlocks() throws Exception {
    telemetry.close();
    // 2 events: the starts of the first two calls (the held event is out of the queue, running).
    telemetry = new TestTelemetry(100, Sampler.parentBased(Sampler.alwaysOn()), 2);
    CountDownLatch release = telemetry.holdRecorder();
    LlmCall first = chat("gpt-4o");
    LlmCall second = chat("gpt-4o");
    LlmCall third = chat("gpt-4o");
    InFlight firstInFlight = telemetry.recorder().begin(first, "support");
    InFlight secondInFlight = telemetry.recorder().begin(second, "support");
    InFlight thirdInFlight = telemetry.recorder().begin(third, "support");
    // The queue is full: these ends wait for their starts, and the third call is not recorded.
    telemetry.recorder().end(firstInFlight, first);
    telemetry.recorder().end(secondInFlight, second);
    telemetry.recorder().end(thirdInFlight, third);

    assertThat(firstInFlight.queued).isTrue();
    assertThat(secondInFlight.queued).isTrue();
    assertThat(thirdInFlight.queued).isFalse();
    assertThat(thirdInFlight.traceId()).as("a dropped call puts no ids in the logging context").isNull();
    assertThat(thirdInFlight.spanContext().isValid()).isFalse();

    release.countDown();
    telemetry.collect();
    assertThat(telemetry.longSums("ai.requests")).containsExactly(entry(requests("gpt-4o"), 2L));
    assertThat(telemetry.longSums("ai.active_requests")).containsExactly(entry(active(), 0L));
    assertThat(telemetry.longSums("llmlens.calls.dropped")).containsExactly(entry(Attributes.empty(), 1L));
    assertThat(telemetry.spans()).hasSize(2);

    // Room again once the recorder caught up.
    LlmCall fourth = chat("gpt-4o");
    telemetry.recorder().end(telemetry.recorder().begin(fourth, "support"), fourth);
    assertThat(telemetry.collect().longSums("ai.requests")).containsExactly(entry(requests("gpt-4o"), 3L));
  }

  @Test
  void anEndThatFindsTheQueueFullAfterItsStartRanIsRecordedAnyway() throws Exception {
    telemetry.close();
    telemetry = new TestTelemetry(100, Sampler.parentBased(Sampler.alwaysOn()), 1);
    LlmCall longRunning = chat("gpt-4o");
    InFlight longRunningInFlight = telemetry.recorder().begin(longRunning, "support");
    assertThat(telemetry.collect().longSums("ai.active_requests")).containsExactly(entry(active(), 1L));
    // Its start is recorded; now the queue fills up with one more start. The long call's end
    // goes to the side list (its start ran), the other's waits on its start.
    CountDownLatch release = telemetry.holdRecorder();
    LlmCall other = chat("gpt-4o-mini");
    InFlight otherInFlight = telemetry.recorder().begin(other, "support");
    telemetry.recorder().end(longRunningInFlight, longRunning);
    telemetry.recorder().end(otherInFlight, other);

    release.countDown();
    telemetry.collect();
    assertThat(telemetry.longSums("ai.active_requests")).containsExactly(entry(active(), 0L));
    assertThat(telemetry.longSums("ai.requests"))
        .containsOnly(entry(requests("gpt-4o"), 1L), entry(requests("gpt-4o-mini"), 1L));
    assertThat(telemetry.metricNames()).doesNotContain("llmlens.calls.dropped");
  }

  @Test
  void aCollectionSeesEveryCallThatEndedBeforeIt() throws Exception {
    CountDownLatch release = telemetry.holdRecorder();
    LlmCall call = chat("gpt-4o");
    telemetry.recorder().end(telemetry.recorder().begin(call, "support"), call);
    // A scrape or a periodic export arrives while the call is still queued.
    Thread scrape = new Thread(telemetry::collectAsAReaderDoes);
    scrape.start();
    while (scrape.getState() != Thread.State.TIMED_WAITING && scrape.isAlive()) {
      Thread.onSpinWait();
    }
    assertThat(scrape.isAlive()).as("the collection waits for the recorder").isTrue();
    release.countDown();
    scrape.join();

    assertThat(telemetry.longSums("ai.requests")).containsExactly(entry(requests("gpt-4o"), 1L));
    assertThat(telemetry.longSums("ai.active_requests")).containsExactly(entry(active(), 0L));
  }

  @Test
  void flushWaitsForEverythingQueuedBeforeIt() throws Exception {
    CountDownLatch release = telemetry.holdRecorder();
    for (int i = 0; i < 100; i++) {
      LlmCall call = chat("gpt-4o");
      telemetry.recorder().end(telemetry.recorder().begin(call, "support"), call);
    }
    final AtomicReference<Boolean> flushed = new AtomicReference<>();
    Thread exit = new Thread(() -> flushed.set(telemetry.recorder().flush(10_000)));
    exit.start();
    release.countDown();
    exit.join();

    assertThat(flushed.get()).isTrue();
    assertThat(telemetry.spans()).hasSize(100);
  }

  @Test
  void aFailingReadIsReportedAndTheCallAndTheNextOnesAreStillRecorded() throws Exception {
    LlmCall broken = chat("gpt-4o");
    InFlight brokenInFlight = telemetry.recorder().begin(broken, "support");
    telemetry.recorder().end(brokenInFlight, new InFlight.Outcome() {
      @Override
      public void readInto(LlmCall call) {
        throw new IllegalStateException("reader failed on the recorder thread");
      }
    });
    LlmCall next = chat("gpt-4o-mini");
    telemetry.recorder().end(telemetry.recorder().begin(next, "support"), next);

    // An event that throws on the recorder thread does not stop it either.
    assertThat(telemetry.recorder().queue().offer(
        new RecorderThread.Event() {
          @Override
          void run() {
            throw new IllegalStateException("an event failed");
          }
        })).isTrue();
    LlmCall last = chat("gpt-4o-mini");
    telemetry.recorder().end(telemetry.recorder().begin(last, "support"), last);

    telemetry.collect();
    assertThat(telemetry.longSums("ai.requests"))
        .containsOnly(entry(requests("gpt-4o"), 1L), entry(requests("gpt-4o-mini"), 2L));
    Map<Attributes, Long> active = telemetry.longSums("ai.active_requests");
    assertThat(active).containsExactly(entry(active(), 0L));
  }

  @Test
  void theSpanTakesTheIdsAndTheSamplingDecisionChosenOnTheApplicationsThread() {
    telemetry.close();
    telemetry = new TestTelemetry(100, Sampler.traceIdRatioBased(0.5), RecorderThread.DEFAULT_CAPACITY);
    Map<String, InFlight> bySpanId = new HashMap<>();
    for (int i = 0; i < 200; i++) {
      LlmCall call = chat("gpt-4o");
      InFlight inFlight = telemetry.recorder().begin(call, "support");
      telemetry.recorder().end(inFlight, call);
      bySpanId.put(inFlight.spanId(), inFlight);
    }
    List<SpanData> spans = telemetry.spans();
    long sampled = bySpanId.values().stream().filter(InFlight::isSampled).count();
    assertThat(sampled).isBetween(1L, 199L);
    assertThat(spans).hasSize((int) sampled);
    for (SpanData span : spans) {
      InFlight inFlight = bySpanId.get(span.getSpanId());
      assertThat(inFlight).as("exported span %s chosen at start", span.getSpanId()).isNotNull();
      assertThat(span.getTraceId()).isEqualTo(inFlight.traceId());
      assertThat(inFlight.isSampled()).isTrue();
      assertThat(span.getSpanContext()).isEqualTo(inFlight.spanContext());
    }
  }

  @Test
  void theExemplarCarriesTheTraceChosenAtStart() {
    LlmCall call = chat("gpt-4o");
    InFlight inFlight = telemetry.recorder().begin(call, "support");
    telemetry.recorder().end(inFlight, call);

    HistogramPointData point = telemetry.collect().histogram("ai.request.duration").get(requests("gpt-4o"));
    assertThat(point.getExemplars()).hasSize(1);
    assertThat(point.getExemplars().get(0).getSpanContext().getTraceId()).isEqualTo(inFlight.traceId());
    assertThat(point.getExemplars().get(0).getSpanContext().getSpanId()).isEqualTo(inFlight.spanId());
  }

  @Test
  void theSdksOwnSamplersAreAskedWithoutAName() {
    assertThat(SpanStarts.ignoresNameAndAttributes(Sampler.alwaysOn())).isTrue();
    assertThat(SpanStarts.ignoresNameAndAttributes(Sampler.alwaysOff())).isTrue();
    assertThat(SpanStarts.ignoresNameAndAttributes(Sampler.traceIdRatioBased(0.25))).isTrue();
    assertThat(SpanStarts.ignoresNameAndAttributes(Sampler.parentBased(Sampler.traceIdRatioBased(0.25)))).isTrue();
    assertThat(SpanStarts.ignoresNameAndAttributes(Sampler.parentBased(Sampler.alwaysOn()))).isTrue();
    Sampler custom = new ByNameSampler(new ArrayList<>());
    assertThat(SpanStarts.ignoresNameAndAttributes(custom)).isFalse();
    assertThat(SpanStarts.ignoresNameAndAttributes(Sampler.parentBased(custom))).isFalse();
  }

  @Test
  void aCustomSamplerDecidesOnTheApplicationsThreadWithTheSpansName() {
    telemetry.close();
    final List<String> asked = new ArrayList<>();
    Sampler byName = new ByNameSampler(asked);
    telemetry = new TestTelemetry(100, byName, RecorderThread.DEFAULT_CAPACITY);
    LlmCall kept = chat("gpt-4o");
    InFlight keptInFlight = telemetry.recorder().begin(kept, "support");
    telemetry.recorder().end(keptInFlight, kept);
    LlmCall dropped = chat("gpt-4o-mini");
    InFlight droppedInFlight = telemetry.recorder().begin(dropped, "support");
    telemetry.recorder().end(droppedInFlight, dropped);

    assertThat(telemetry.spans()).extracting(SpanData::getName).containsExactly("chat gpt-4o");
    assertThat(keptInFlight.isSampled()).isTrue();
    assertThat(droppedInFlight.isSampled()).isFalse();
    String caller = Thread.currentThread().getName();
    assertThat(asked).as("asked once per span, on the application's thread").containsExactly(caller + ":chat gpt-4o", caller + ":chat gpt-4o-mini");
  }

  @Test
  void underASamplerThatDecidesByNameTheRequestIsReadOnTheApplicationsThread() {
    telemetry.close();
    final List<String> asked = new ArrayList<>();
    telemetry = new TestTelemetry(100, new ByNameSampler(asked), RecorderThread.DEFAULT_CAPACITY);
    final List<String> readOn = new ArrayList<>();
    LlmCall call = new LlmCall("openai", "chat");
    InFlight inFlight = telemetry.recorder().begin(call, Attribution.of("support"), null, read -> {
      readOn.add(Thread.currentThread().getName());
      read.requestModel("gpt-4o-mini");
    });
    telemetry.recorder().end(inFlight, call);

    String caller = Thread.currentThread().getName();
    assertThat(readOn).as("read once, before the decision").containsExactly(caller);
    assertThat(asked).containsExactly(caller + ":chat gpt-4o-mini");
    assertThat(inFlight.isSampled()).isFalse();
    telemetry.collect();
    assertThat(telemetry.longSums("ai.requests")).containsExactly(entry(requests("gpt-4o-mini"), 1L));
  }

  @Test
  void withTheSdksOwnSamplersTheRequestIsReadOnTheRecorderThread() {
    final List<String> readOn = new java.util.concurrent.CopyOnWriteArrayList<>();
    LlmCall call = new LlmCall("openai", "chat");
    InFlight inFlight = telemetry.recorder().begin(call, Attribution.of("support"), null, read -> {
      readOn.add(Thread.currentThread().getName());
      read.requestModel("gpt-4o");
    });
    telemetry.recorder().end(inFlight, call);

    telemetry.collect();
    assertThat(readOn).containsExactly(RecorderThread.NAME);
    assertThat(telemetry.longSums("ai.requests")).containsExactly(entry(requests("gpt-4o"), 1L));
    assertThat(telemetry.spans()).extracting(SpanData::getName).containsExactly("chat gpt-4o");
  }

  /** A custom sampler: drops the spans whose name ends in "mini", and notes who asked, and for what. */
  private static final class ByNameSampler implements Sampler {
    private final List<String> asked;

    ByNameSampler(List<String> asked) {
      this.asked = asked;
    }

    @Override
    public io.opentelemetry.sdk.trace.samplers.SamplingResult shouldSample(
        io.opentelemetry.context.Context parentContext,
        String traceId,
        String name,
        io.opentelemetry.api.trace.SpanKind spanKind,
        Attributes attributes,
        List<io.opentelemetry.sdk.trace.data.LinkData> parentLinks) {
      asked.add(Thread.currentThread().getName() + ":" + name);
      return name.endsWith("mini")
          ? io.opentelemetry.sdk.trace.samplers.SamplingResult.drop()
          : io.opentelemetry.sdk.trace.samplers.SamplingResult.recordAndSample();
    }

    @Override
    public String getDescription() {
      return "ByName";
    }
  }
}
