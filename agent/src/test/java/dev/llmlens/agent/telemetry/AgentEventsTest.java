package dev.llmlens.agent.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmlens.agent.log.AgentLog;
import io.opentelemetry.api.logs.Severity;
import io.opentelemetry.sdk.logs.SdkLoggerProvider;
import io.opentelemetry.sdk.logs.data.LogRecordData;
import io.opentelemetry.sdk.logs.export.SimpleLogRecordProcessor;
import io.opentelemetry.sdk.testing.exporter.InMemoryLogRecordExporter;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The agent's own events as OpenTelemetry log records, when a logs exporter is configured: its
 * info and warning lines, one record each, escaped to one line, with the events logged before
 * telemetry started replayed first. Debug lines stay on stderr.
 */
class AgentEventsTest {

  private final InMemoryLogRecordExporter exported = InMemoryLogRecordExporter.create();
  private final SdkLoggerProvider logs =
      SdkLoggerProvider.builder().addLogRecordProcessor(SimpleLogRecordProcessor.create(exported)).build();

  @AfterEach
  void close() {
    AgentLog.exportTo(null);
    AgentLog.enableDebug(false);
    logs.close();
  }

  @Test
  void warningsAndInfoBecomeRecordsAfterTheEarlierOnes() {
    AgentLog.exportTo(null);
    AgentLog.warn("premain: llmlens.cardinality.limit=-1 is not a positive whole number");
    AgentLog.exportTo(new AgentEvents(logs, "0.1.0"));
    AgentLog.warn("langchain4j: this version is not instrumented\nforged line");
    AgentLog.info("started");
    AgentLog.enableDebug(true);
    AgentLog.debug("a debug line stays on stderr");

    List<LogRecordData> records = exported.getFinishedLogRecordItems();
    List<String> bodies = records.stream().map(r -> r.getBodyValue().asString()).collect(Collectors.toList());
    assertThat(bodies)
        .containsSubsequence(
            "premain: llmlens.cardinality.limit=-1 is not a positive whole number",
            "langchain4j: this version is not instrumented\\nforged line",
            "started")
        .doesNotContain("a debug line stays on stderr");
    LogRecordData warning = records.get(bodies.indexOf("langchain4j: this version is not instrumented\\nforged line"));
    assertThat(warning.getSeverity()).isEqualTo(Severity.WARN);
    assertThat(warning.getInstrumentationScopeInfo().getName()).isEqualTo("dev.llmlens");
    assertThat(records.get(bodies.indexOf("started")).getSeverity()).isEqualTo(Severity.INFO);
  }

  @Test
  void withoutALogsExporterNothingIsKept() {
    SdkLoggerProvider none = SdkLoggerProvider.builder().build();
    AgentLog.exportTo(new AgentEvents(none, "0.1.0"));
    AgentLog.warn("goes nowhere but stderr");
    none.close();

    assertThat(exported.getFinishedLogRecordItems()).isEmpty();
  }
}
