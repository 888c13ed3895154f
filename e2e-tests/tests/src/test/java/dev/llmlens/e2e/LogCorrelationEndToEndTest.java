package dev.llmlens.e2e;

import static dev.llmlens.e2e.ExportedSpans.parentId;
import static dev.llmlens.e2e.ExportedSpans.spanId;
import static dev.llmlens.e2e.ExportedSpans.traceId;
import static org.assertj.core.api.Assertions.assertThat;

import dev.llmlens.e2e.fixture.ChildJvm;
import dev.llmlens.e2e.fixture.OtlpReceiver;
import dev.llmlens.e2e.fixture.ScriptedOpenAiServer;
import dev.llmlens.e2e.fixture.ScriptedResponse;
import io.opentelemetry.proto.trace.v1.Span;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A LangChain4j service that logs with Logback (and, in its tool, Log4j 2), with {@code
 * %X{trace_id}} and {@code %X{span_id}} in its patterns and no code that touches the MDC: the
 * lines LangChain4j writes about each HTTP request during a model call carry that call's span,
 * the lines the tool writes carry the tool's span, all in the trace the agent exported; the
 * lines before and after the call carry none.
 */
class LogCorrelationEndToEndTest {

  /** The model asks for the parcel tool, then answers with what it returned. */
  private static final String TOOL_CALL =
      "{\"id\":\"chatcmpl-tool\",\"object\":\"chat.completion\",\"created\":1,\"model\":\"gpt-4o-2024-08-06\","
          + "\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":null,\"tool_calls\":["
          + "{\"id\":\"call_parcel42\",\"type\":\"function\",\"function\":{\"name\":\"parcelStatus\","
          + "\"arguments\":\"{\\\"trackingNumber\\\":\\\"42\\\"}\"}}]},\"finish_reason\":\"tool_calls\"}],"
          + "\"usage\":{\"prompt_tokens\":25,\"completion_tokens\":11,\"total_tokens\":36}}";

  /** One line of the app's log patterns: {@code LIB|trace_id|span_id|trace_flags|logger|message}. */
  record LogLine(String library, String traceId, String spanId, String traceFlags, String logger, String message) {
    static LogLine parse(String line) {
      String[] parts = line.split("\\|", 6);
      return new LogLine(parts[0], parts[1], parts[2], parts[3], parts[4], parts[5]);
    }
  }

  /**
   * openai-java brings slf4j-api to every application and no SLF4J implementation. SLF4J prints
   * "No SLF4J providers were found" when it is first used; an application that never uses it
   * must not see that because the agent looked for its MDC.
   */
  @Test
  void anApplicationWithoutALoggingImplementationGetsNoLoggingErrors() {
    try (ScriptedOpenAiServer server = OpenAiScript.server()) {
      ChildJvm.Result result =
          ScenarioApps.withAgent(ScenarioApps.chatApp(), ScenarioApps.CHAT_APP)
              .systemProperty("otel.metrics.exporter", "none")
              .systemProperty("otel.traces.exporter", "none")
              .args(server.baseUrl(), BadInputTest.PLAN)
              .run()
              .requireSuccess();
      assertThat(ScenarioApps.callLines(result)).isEqualTo(BadInputTest.CALLS);
      assertThat(ScenarioApps.chatApp()).as("the application's class path").anyMatch(jar -> jar.getFileName().toString().startsWith("slf4j-api-"));
      assertThat(result.stderr()).doesNotContain("SLF4J").doesNotContain("[llmlens]");
    }
  }

  @Test
  void linesLoggedDuringACallCarryTheIdsOfItsExportedSpan() {
    try (ScriptedOpenAiServer server = ScriptedOpenAiServer.start();
        OtlpReceiver receiver = OtlpReceiver.start()) {
      server.enqueue(ScriptedResponse.json(200, TOOL_CALL));
      server.enqueue(ScriptedResponse.chatCompletion("gpt-4o-2024-08-06", "Parcel 42 is out for delivery.", 40, 9));
      ChildJvm.Result result =
          ScenarioApps.exportingTo(ScenarioApps.withAgent(ScenarioApps.loggingApp(), ScenarioApps.LOGGING_APP), receiver)
              .args(server.baseUrl())
              .run()
              .requireSuccess();
      assertThat(result.stderr()).doesNotContain("[llmlens] WARN");

      List<Span> spans = receiver.spans();
      Span agent = ExportedSpans.named(spans, "invoke_agent SupportAgent");
      Span tool = ExportedSpans.named(spans, "execute_tool parcelStatus");
      List<Span> chats = ExportedSpans.byStart(spans.stream().filter(span -> span.getName().equals("chat gpt-4o")).toList());
      assertThat(chats).hasSize(2);
      String trace = traceId(agent);
      assertThat(spans).hasSize(4).allMatch(span -> traceId(span).equals(trace));
      assertThat(parentId(agent)).isEmpty();
      assertThat(List.of(parentId(chats.get(0)), parentId(tool), parentId(chats.get(1)))).containsOnly(spanId(agent));

      List<LogLine> lines = result.stdout().lines()
          .filter(line -> line.startsWith("LOGBACK|") || line.startsWith("LOG4J|"))
          .map(LogLine::parse)
          .toList();
      assertThat(lines).extracting(line -> line.library() + " " + line.message().replaceAll(":.*", ""))
          .containsExactly(
              "LOGBACK before the call",
              "LOGBACK HTTP request",
              "LOGBACK HTTP response",
              "LOGBACK looking up parcel 42",
              "LOG4J looking up parcel 42 (log4j)",
              "LOGBACK HTTP request",
              "LOGBACK HTTP response",
              "LOGBACK after the call");
      // Outside the call: the application had no trace, so no ids.
      for (LogLine outside : List.of(lines.get(0), lines.get(7))) {
        assertThat(outside.traceId() + outside.spanId() + outside.traceFlags()).isEmpty();
      }
      // LangChain4j's request and response logging, inside each model call.
      assertIds(lines.get(1), trace, spanId(chats.get(0)));
      assertIds(lines.get(2), trace, spanId(chats.get(0)));
      assertIds(lines.get(5), trace, spanId(chats.get(1)));
      assertIds(lines.get(6), trace, spanId(chats.get(1)));
      // The tool's own lines, through SLF4J's MDC and Log4j 2's ThreadContext.
      assertIds(lines.get(3), trace, spanId(tool));
      assertIds(lines.get(4), trace, spanId(tool));
    }
  }

  private static void assertIds(LogLine line, String traceId, String spanId) {
    assertThat(line.traceId()).as("trace_id of %s", line).isEqualTo(traceId);
    assertThat(line.spanId()).as("span_id of %s", line).isEqualTo(spanId);
    assertThat(line.traceFlags()).as("trace_flags of %s", line).isEqualTo("01");
  }
}
