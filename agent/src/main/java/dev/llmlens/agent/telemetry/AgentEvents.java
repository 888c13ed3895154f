package dev.llmlens.agent.telemetry;

import dev.llmlens.agent.log.AgentLog;
import io.opentelemetry.api.logs.Logger;
import io.opentelemetry.api.logs.Severity;
import io.opentelemetry.sdk.logs.SdkLoggerProvider;

/**
 * The agent's own events (its {@code [llmlens]} info and warning lines: an unsupported library
 * version, a taken port, a bad setting) as OpenTelemetry log records, so a fleet's agents can be
 * watched in the log backend. Off by default: llmlens sets {@code otel.logs.exporter=none}, and
 * with no exporter the SDK drops records at once; {@code -Dotel.logs.exporter=otlp} turns it on.
 */
final class AgentEvents implements AgentLog.Sink {

  private final Logger logger;

  AgentEvents(SdkLoggerProvider provider, String version) {
    this.logger = provider.loggerBuilder("dev.llmlens").setInstrumentationVersion(version).build();
  }

  @Override
  public void event(String severity, String message) {
    boolean warning = severity.equals("WARN");
    logger
        .logRecordBuilder()
        .setSeverity(warning ? Severity.WARN : Severity.INFO)
        .setSeverityText(severity)
        .setBody(message)
        .emit();
  }
}
