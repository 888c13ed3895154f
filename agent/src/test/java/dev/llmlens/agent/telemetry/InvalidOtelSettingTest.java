package dev.llmlens.agent.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class InvalidOtelSettingTest {

  private final Map<String, String> systemProperties = new HashMap<>();
  private final Map<String, String> environment = new HashMap<>();
  private final Map<String, String> agentSettings = new HashMap<>();

  private InvalidOtelSetting of(String message) {
    return InvalidOtelSetting.of(new RuntimeException(message), systemProperties, environment, agentSettings);
  }

  @Test
  void theSettingTheMessageNamesLongestMatchFirst() {
    systemProperties.put("otel.exporter.otlp.endpoint", "http://collector:4317");
    systemProperties.put("otel.exporter.otlp.metrics.endpoint", "nonsense");

    InvalidOtelSetting invalid = of("Invalid OTLP endpoint otel.exporter.otlp.metrics.endpoint: nonsense");

    assertThat(invalid.key).isEqualTo("otel.exporter.otlp.metrics.endpoint");
    assertThat(invalid.value).isEqualTo("nonsense");
    assertThat(invalid.source).isEqualTo("system property -Dotel.exporter.otlp.metrics.endpoint");
  }

  @Test
  void elseTheSettingWhoseValueTheMessageQuotes() {
    environment.put("OTEL_EXPORTER_OTLP_PROTOCOL", "carrier-pigeon");
    environment.put("PATH", "/usr/bin");

    InvalidOtelSetting invalid = of("Unsupported OTLP metrics protocol: carrier-pigeon");

    assertThat(invalid.key).isEqualTo("otel.exporter.otlp.protocol");
    assertThat(invalid.source).isEqualTo("environment variable OTEL_EXPORTER_OTLP_PROTOCOL");
    assertThat(invalid.replacement(Telemetry.llmlensDefaults())).isEqualTo("grpc");
  }

  @Test
  void aSystemPropertyWinsOverTheSameSettingElsewhere() {
    agentSettings.put("otel.metric.export.interval", "5000");
    systemProperties.put("otel.metric.export.interval", "abc");

    InvalidOtelSetting invalid = of("Invalid duration property otel.metric.export.interval=abc.");

    assertThat(invalid.value).isEqualTo("abc");
    assertThat(invalid.replacement(Telemetry.llmlensDefaults())).isEqualTo("15000");
  }

  @Test
  void aFailureAboutNoSettingIsNotBlamedOnOne() {
    systemProperties.put("otel.service.name", "use");
    agentSettings.put("otel.traces.exporter", "otlp");

    assertThat(of("Address already in use")).isNull();
    assertThat(of(null)).isNull();
    assertThat(InvalidOtelSetting.of(new RuntimeException("boom"), Collections.emptyMap(), Collections.emptyMap(), Collections.emptyMap()))
        .isNull();
  }

  @Test
  void aSettingWithoutADefaultOfOursGetsTheSdksByBeingEmptied() {
    agentSettings.put("otel.traces.exporter", "bogus");

    InvalidOtelSetting invalid = of("Unrecognized value for otel.traces.exporter: bogus");

    assertThat(invalid.source).isEqualTo("agent argument or llmlens.config.file");
    assertThat(invalid.replacement(Telemetry.llmlensDefaults())).isEmpty();
  }
}
