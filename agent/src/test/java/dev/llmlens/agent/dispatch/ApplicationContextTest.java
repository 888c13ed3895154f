package dev.llmlens.agent.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmlens.agent.config.AttributionRule;
import dev.llmlens.agent.recorder.TestTelemetry;
import dev.llmlens.instrumentation.api.LlmCallReader;
import dev.llmlens.instrumentation.api.Operation;
import dev.llmlens.instrumentation.api.OperationReader;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.metrics.data.DoubleExemplarData;
import io.opentelemetry.sdk.metrics.data.HistogramPointData;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.apache.logging.log4j.ThreadContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

/**
 * The application's side of a call: its current span becomes the parent of llmlens' spans, its
 * logging contexts (SLF4J MDC over Logback, Log4j 2 ThreadContext) hold the call's trace and
 * span ids while the instrumented method runs and get their own values back after, and the
 * duration histogram keeps the call's trace id as an exemplar. In these tests the application's
 * OpenTelemetry API is the unshaded one on the test class path, with an SDK of its own.
 */
class ApplicationContextTest {

  private static final String CHAT = "test.chat";
  private static final String TOOL = "test.tool";

  /** A library object of the application's class loader, where its logging API is found. */
  static final class Client {}

  private final TestTelemetry telemetry = new TestTelemetry(100);
  private final SdkTracerProvider applicationTracing = SdkTracerProvider.builder().build();
  private final LlmCallDispatcher dispatcher =
      new LlmCallDispatcher(
          Collections.<String, LlmCallReader>singletonMap(CHAT, new ModelNameReader()),
          Collections.<String, OperationReader>singletonMap(TOOL, (target, arguments) -> Operation.tool("lookup", "call_1")),
          telemetry::recorder,
          new AttributionResolver("support", Collections.<AttributionRule>emptyList(), Collections.<String>emptyList()));

  @AfterEach
  void close() {
    telemetry.close();
    applicationTracing.close();
    MDC.clear();
    ThreadContext.clearMap();
  }

  @Test
  void llmlensSpansJoinTheApplicationsCurrentTrace() {
    Span request = applicationTracing.get("app").spanBuilder("POST /support").startSpan();
    try (Scope ignored = request.makeCurrent()) {
      dispatcher.onEnd(dispatcher.onStart(CHAT, new Client(), "gpt-4o"), "ok", null);
      Object tool = dispatcher.onOperationStart(TOOL, new Client(), new Object[0]);
      dispatcher.onOperationEnd(tool, "ok", null);
    } finally {
      request.end();
    }
    dispatcher.onEnd(dispatcher.onStart(CHAT, new Client(), "gpt-4o-mini"), "ok", null);

    List<SpanData> spans = telemetry.spans();
    assertThat(spans).extracting(SpanData::getName).containsExactly("chat gpt-4o", "execute_tool lookup", "chat gpt-4o-mini");
    for (SpanData joined : spans.subList(0, 2)) {
      assertThat(joined.getTraceId()).isEqualTo(request.getSpanContext().getTraceId());
      assertThat(joined.getParentSpanId()).isEqualTo(request.getSpanContext().getSpanId());
      assertThat(joined.getParentSpanContext().isRemote()).isFalse();
    }
    assertThat(spans.get(2).getTraceId()).as("no application span: a trace of its own").isNotEqualTo(request.getSpanContext().getTraceId());
    assertThat(spans.get(2).getParentSpanContext().isValid()).isFalse();
  }

  @Test
  void theLoggingContextsHoldTheCallsIdsWhileItRunsAndTheirOwnValuesAfter() {
    MDC.put("trace_id", "the-applications-own");
    List<String> seen = new ArrayList<>();
    Object call = dispatcher.onStart(CHAT, new Client(), "gpt-4o");
    seen.add(MDC.get("trace_id") + "/" + MDC.get("span_id") + "/" + MDC.get("trace_flags"));
    seen.add(ThreadContext.get("trace_id") + "/" + ThreadContext.get("span_id"));
    Object tool = dispatcher.onOperationStart(TOOL, new Client(), new Object[0]);
    seen.add(MDC.get("span_id"));
    dispatcher.onOperationEnd(tool, "ok", null);
    seen.add(MDC.get("span_id"));
    dispatcher.onEnd(call, "ok", null);

    SpanData chat = telemetry.spans().stream().filter(s -> s.getName().equals("chat gpt-4o")).findFirst().get();
    SpanData lookup = telemetry.spans().stream().filter(s -> s.getName().equals("execute_tool lookup")).findFirst().get();
    assertThat(seen)
        .containsExactly(
            chat.getTraceId() + "/" + chat.getSpanId() + "/01",
            chat.getTraceId() + "/" + chat.getSpanId(),
            lookup.getSpanId(),
            chat.getSpanId());
    assertThat(MDC.get("trace_id")).isEqualTo("the-applications-own");
    assertThat(MDC.get("span_id")).isNull();
    assertThat(ThreadContext.get("trace_id")).isNull();
  }

  @Test
  void theDurationHistogramKeepsTheCallsTraceAsAnExemplar() {
    dispatcher.onEnd(dispatcher.onStart(CHAT, new Client(), "gpt-4o"), "ok", null);

    SpanData chat = telemetry.spans().get(0);
    HistogramPointData point = telemetry.collect().histogram("ai.request.duration").values().iterator().next();
    assertThat(point.getExemplars()).hasSize(1);
    DoubleExemplarData exemplar = point.getExemplars().get(0);
    assertThat(exemplar.getSpanContext().getTraceId()).isEqualTo(chat.getTraceId());
    assertThat(exemplar.getSpanContext().getSpanId()).isEqualTo(chat.getSpanId());
  }
}
