package dev.llmlens.agent.telemetry;

import dev.llmlens.agent.config.AgentConfig;
import dev.llmlens.agent.log.AgentLog;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * An {@code otel.*} setting the OpenTelemetry SDK refused ({@code otel.metric.export.interval=abc},
 * {@code otel.metrics.exporter=bogus}...). Without this, one bad value would leave the agent with no
 * telemetry at all; instead it gets the same treatment as a bad {@code llmlens.*} value: one line
 * naming the setting, its value, where it came from and why, and the default applies.
 */
final class InvalidOtelSetting {

  /** Defaults for the settings where an empty value does not mean "the SDK's default". */
  private static final Map<String, String> SDK_DEFAULTS = new HashMap<String, String>();

  static {
    SDK_DEFAULTS.put("otel.exporter.otlp.protocol", "grpc");
    SDK_DEFAULTS.put("otel.exporter.otlp.metrics.protocol", "grpc");
    SDK_DEFAULTS.put("otel.exporter.otlp.traces.protocol", "grpc");
    SDK_DEFAULTS.put("otel.exporter.otlp.logs.protocol", "grpc");
  }

  final String key;
  final String value;
  final String source;

  private InvalidOtelSetting(String key, String value, String source) {
    this.key = key;
    this.value = value;
    this.source = source;
  }

  /**
   * The setting that {@code failure} is about: the one its message names, else the one whose
   * value it quotes (after ": " or "=", or in double quotes); {@code null} when none can be told
   * (the failure is then not a setting's).
   */
  static InvalidOtelSetting of(
      RuntimeException failure,
      Map<String, String> systemProperties,
      Map<String, String> environment,
      Map<String, String> agentSettings) {
    String message = String.valueOf(failure.getMessage());
    Map<String, String[]> settings = new HashMap<String, String[]>();
    for (Map.Entry<String, String> entry : agentSettings.entrySet()) {
      settings.put(entry.getKey(), new String[] {entry.getValue(), "agent argument or llmlens.config.file"});
    }
    for (Map.Entry<String, String> entry : environment.entrySet()) {
      if (entry.getKey().startsWith("OTEL_")) {
        String key = entry.getKey().toLowerCase(Locale.ROOT).replace('_', '.');
        settings.put(key, new String[] {entry.getValue(), "environment variable " + entry.getKey()});
      }
    }
    for (Map.Entry<String, String> entry : systemProperties.entrySet()) {
      if (entry.getKey().startsWith("otel.")) {
        settings.put(entry.getKey(), new String[] {entry.getValue(), "system property -D" + entry.getKey()});
      }
    }
    String named = null;
    String quoted = null;
    for (Map.Entry<String, String[]> entry : settings.entrySet()) {
      String key = entry.getKey();
      String value = entry.getValue()[0];
      if (message.contains(key) && (named == null || key.length() > named.length())) {
        named = key;
      }
      String v = value.trim();
      boolean quotes = message.contains(": " + v) || message.contains("=" + v) || message.contains("\"" + v + "\"");
      if (!v.isEmpty() && quotes && quoted == null) {
        quoted = key;
      }
    }
    String key = named != null ? named : quoted;
    if (key == null) {
      return null;
    }
    String[] valueAndSource = settings.get(key);
    return new InvalidOtelSetting(key, valueAndSource[0], valueAndSource[1]);
  }

  /** What replaces the bad value: llmlens' default for it, else the SDK's. */
  String replacement(Map<String, String> llmlensDefaults) {
    String ours = llmlensDefaults.get(key);
    if (ours != null && !ours.equals(value)) {
      return ours;
    }
    String sdk = SDK_DEFAULTS.get(key);
    return sdk == null ? "" : sdk;
  }

  void report(RuntimeException failure, String replacement) {
    AgentLog.warn(
        key + "=" + AgentConfig.quoted(value) + " (" + source + ") is not valid: " + failure.getMessage()
            + ". Accepted: what the OpenTelemetry SDK configuration documents. Using the default"
            + (replacement.isEmpty() ? " of the OpenTelemetry SDK" : ": " + replacement) + ".");
  }
}
