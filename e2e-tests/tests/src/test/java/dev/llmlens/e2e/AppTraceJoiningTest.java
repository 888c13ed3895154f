package dev.llmlens.e2e;

import static dev.llmlens.e2e.ExportedSpans.parentId;
import static dev.llmlens.e2e.ExportedSpans.traceId;
import static org.assertj.core.api.Assertions.assertThat;

import dev.llmlens.e2e.fixture.ChildJvm;
import dev.llmlens.e2e.fixture.OtlpReceiver;
import dev.llmlens.e2e.fixture.ScriptedOpenAiServer;
import io.opentelemetry.proto.trace.v1.Span;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * An application that traces with its own OpenTelemetry (API and SDK 1.40, not the agent's): the
 * llmlens span of a call made inside the application's span, or inside a context it extracted
 * from an incoming {@code traceparent}, is a child in that trace; a call outside any context
 * starts a trace of its own.
 */
class AppTraceJoiningTest {

  private static final String INCOMING_TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
  private static final String INCOMING_PARENT = "00f067aa0ba902b7";

  @Test
  void callsJoinTheApplicationsSpanAndItsPropagatedTraceparent() {
    try (ScriptedOpenAiServer server = ScriptedOpenAiServer.start();
        OtlpReceiver receiver = OtlpReceiver.start()) {
      server.setDefault(OpenAiScript::byModel);
      ChildJvm.Result result =
          ScenarioApps.exportingTo(ScenarioApps.withAgent(ScenarioApps.ownOtelApp(), ScenarioApps.TRACE_JOINING_APP), receiver)
              .args(server.baseUrl(), "00-" + INCOMING_TRACE + "-" + INCOMING_PARENT + "-01")
              .run()
              .requireSuccess();
      assertThat(result.stderr()).doesNotContain("[llmlens] WARN");

      String[] ownSpan = appLine(result, "in-own-span");
      String[] propagated = appLine(result, "in-propagated-context");
      assertThat(propagated).containsExactly(INCOMING_TRACE, INCOMING_PARENT);
      assertThat(ownSpan[0]).isNotEqualTo(INCOMING_TRACE);

      List<Span> spans = ExportedSpans.byStart(receiver.spans());
      assertThat(spans).extracting(Span::getName).containsExactly("chat gpt-4o", "chat gpt-4o", "chat gpt-4o");
      // (a) inside the application's own "POST /support" span
      assertThat(traceId(spans.get(0))).isEqualTo(ownSpan[0]);
      assertThat(parentId(spans.get(0))).isEqualTo(ownSpan[1]);
      // (b) inside the context extracted from the incoming traceparent
      assertThat(traceId(spans.get(1))).isEqualTo(INCOMING_TRACE);
      assertThat(parentId(spans.get(1))).isEqualTo(INCOMING_PARENT);
      // (c) outside any context of the application: a trace of its own
      assertThat(parentId(spans.get(2))).isEmpty();
      assertThat(traceId(spans.get(2))).isNotIn(ownSpan[0], INCOMING_TRACE);
      assertThat(spans).allMatch(span -> span.getKind() == Span.SpanKind.SPAN_KIND_CLIENT);
    }
  }

  /** {@code APP <case> <traceId> <spanId>} as the application printed it. */
  private static String[] appLine(ChildJvm.Result result, String name) {
    String line = result.stdout().lines()
        .filter(candidate -> candidate.startsWith("APP " + name + " "))
        .findFirst()
        .orElseThrow(() -> new AssertionError("the app printed no ids for " + name + "\n" + result));
    String[] parts = line.split(" ");
    return new String[] {parts[2], parts[3]};
  }
}
