package dev.llmlens.agent.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmlens.agent.pricing.PriceCatalog;
import dev.llmlens.agent.recorder.InFlight;
import dev.llmlens.agent.recorder.LlmCallRecorder;
import dev.llmlens.agent.recorder.SpanStarts;
import dev.llmlens.instrumentation.api.LlmCall;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.util.Collection;
import java.util.concurrent.CopyOnWriteArrayList;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

/**
 * At exit, the calls still queued for the recorder thread are recorded before the SDK's final
 * flush, so they are exported too.
 */
class ShutdownDrainTest {

  @Test
  void callsQueuedAtExitAreRecordedBeforeTheFinalFlushExportsThem() throws Exception {
    Collected exported = new Collected();
    SpanStarts starts = new SpanStarts();
    // Exported only by the final flush: the batch is never due before it.
    SdkTracerProvider tracers =
        SdkTracerProvider.builder()
            .addSpanProcessor(BatchSpanProcessor.builder(exported).setScheduleDelay(Duration.ofHours(1)).build())
            .setIdGenerator(starts.idGenerator())
            .setSampler(starts.sampler(Sampler.parentBased(Sampler.alwaysOn())))
            .build();
    OpenTelemetrySdk sdk =
        OpenTelemetrySdk.builder().setTracerProvider(tracers).setMeterProvider(SdkMeterProvider.builder().build()).build();
    final CountDownLatch release = new CountDownLatch(1);
    LlmCallRecorder recorder =
        new LlmCallRecorder(
            sdk.getMeterProvider().get("dev.llmlens"),
            heldUntil(release, sdk.getTracerProvider().get("dev.llmlens")),
            PriceCatalog.builtIn(),
            100,
            starts);
    Telemetry telemetry = new Telemetry(sdk);
    final List<Long> drainBudgets = new ArrayList<>();
    telemetry.beforeFlush(
        millis -> {
          drainBudgets.add(millis);
          release.countDown();
          recorder.flush(millis);
        });

    List<String> spanIds = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      LlmCall call = new LlmCall("openai", "chat");
      call.requestModel("gpt-4o");
      InFlight inFlight = recorder.begin(call, "support");
      recorder.end(inFlight, call);
      spanIds.add(inFlight.spanId());
    }
    // The recorder thread is held on the first span: the calls wait in its queue.
    assertThat(exported.getFinishedSpanItems()).isEmpty();

    telemetry.flushAndStop();

    assertThat(drainBudgets).hasSize(1);
    assertThat(drainBudgets.get(0)).isBetween(1L, Telemetry.DRAIN_MILLIS);
    assertThat(exported.getFinishedSpanItems()).extracting(SpanData::getSpanId).containsExactlyElementsOf(spanIds);
  }

  /** Keeps what it exported after shutdown (the SDK's in-memory exporter forgets it then). */
  private static final class Collected implements SpanExporter {
    private final List<SpanData> spans = new CopyOnWriteArrayList<>();

    List<SpanData> getFinishedSpanItems() {
      return spans;
    }

    @Override
    public CompletableResultCode export(Collection<SpanData> batch) {
      spans.addAll(batch);
      return CompletableResultCode.ofSuccess();
    }

    @Override
    public CompletableResultCode flush() {
      return CompletableResultCode.ofSuccess();
    }

    @Override
    public CompletableResultCode shutdown() {
      return CompletableResultCode.ofSuccess();
    }
  }

  /** A tracer whose first span waits for {@code release}: holds the recorder thread. */
  private static Tracer heldUntil(final CountDownLatch release, final Tracer tracer) {
    return new Tracer() {
      @Override
      public SpanBuilder spanBuilder(String name) {
        try {
          release.await();
        } catch (InterruptedException interrupted) {
          Thread.currentThread().interrupt();
        }
        return tracer.spanBuilder(name);
      }
    };
  }
}
