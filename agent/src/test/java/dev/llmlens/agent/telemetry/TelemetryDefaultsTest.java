package dev.llmlens.agent.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmlens.agent.config.AgentConfig;
import dev.llmlens.agent.config.ConfigSources;
import dev.llmlens.agent.config.Warnings;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code Telemetry.defaults}: what llmlens puts under the user's OpenTelemetry settings. */
class TelemetryDefaultsTest {

  private static final String COMMAND = "/opt/apps/support-bot-1.4.2.jar --port 8080";

  private final Map<String, String> systemProperties = new HashMap<>();
  private final Map<String, String> environment = new HashMap<>();

  private Map<String, String> defaults(String agentArgs) {
    Warnings warnings = new Warnings();
    AgentConfig config =
        AgentConfig.load(
            ConfigSources.of(agentArgs, systemProperties, environment, warnings),
            Collections.singletonList("openai"),
            warnings);
    assertThat(warnings.lines()).isEmpty();
    return Telemetry.defaults(config, systemProperties, environment);
  }

  @Test
  void exportIntervalLogsExporterAndServiceNameFromTheMainJar() {
    systemProperties.put("sun.java.command", COMMAND);

    Map<String, String> expected = new HashMap<>();
    expected.put("otel.metric.export.interval", "15000");
    expected.put("otel.logs.exporter", "none");
    expected.put("otel.service.name", "support-bot");
    assertThat(defaults(null)).containsExactlyInAnyOrderEntriesOf(expected);
  }

  @Test
  void serviceNameFromTheMainClass() {
    systemProperties.put("sun.java.command", "com.acme.support.SupportDesk --workload 3");

    assertThat(defaults(null)).containsEntry("otel.service.name", "SupportDesk");
  }

  @Test
  void noServiceNameWhenTheCommandIsUnknown() {
    Map<String, String> expected = new HashMap<>();
    expected.put("otel.metric.export.interval", "15000");
    expected.put("otel.logs.exporter", "none");
    assertThat(defaults(null)).containsExactlyInAnyOrderEntriesOf(expected);
  }

  @Test
  void noServiceNameWhenSetBySystemProperty() {
    systemProperties.put("sun.java.command", COMMAND);
    systemProperties.put("otel.service.name", "from-property");

    assertThat(defaults(null)).doesNotContainKey("otel.service.name");
  }

  @Test
  void noServiceNameWhenSetByEnvironment() {
    systemProperties.put("sun.java.command", COMMAND);
    environment.put("OTEL_SERVICE_NAME", "from-env");

    assertThat(defaults(null)).doesNotContainKey("otel.service.name");
  }

  @Test
  void noServiceNameWhenResourceAttributesNameTheService() {
    systemProperties.put("sun.java.command", COMMAND);
    systemProperties.put("otel.resource.attributes", "team=ai,service.name=from-attributes");

    assertThat(defaults(null)).doesNotContainKey("otel.service.name");
  }

  @Test
  void noServiceNameWhenEnvironmentResourceAttributesNameTheService() {
    systemProperties.put("sun.java.command", COMMAND);
    environment.put("OTEL_RESOURCE_ATTRIBUTES", "service.name=from-env-attributes");

    assertThat(defaults(null)).doesNotContainKey("otel.service.name");
  }

  @Test
  void serviceNameStillDefaultsWhenResourceAttributesNameOtherThings() {
    systemProperties.put("sun.java.command", COMMAND);
    environment.put("OTEL_RESOURCE_ATTRIBUTES", "service.namespace=acme,team=ai");

    assertThat(defaults(null)).containsEntry("otel.service.name", "support-bot");
  }

  @Test
  void agentArgumentsOverrideTheDefaultsAndNameTheService() {
    systemProperties.put("sun.java.command", COMMAND);

    Map<String, String> expected = new HashMap<>();
    expected.put("otel.metric.export.interval", "5000");
    expected.put("otel.logs.exporter", "otlp");
    expected.put("otel.service.name", "from-args");
    assertThat(
            defaults(
                "otel.metric.export.interval=5000,otel.logs.exporter=otlp,"
                    + "otel.service.name=from-args"))
        .containsExactlyInAnyOrderEntriesOf(expected);
  }

  @Test
  void resourceAttributesFromAgentArgumentsNameTheService() {
    systemProperties.put("sun.java.command", COMMAND);

    Map<String, String> expected = new HashMap<>();
    expected.put("otel.metric.export.interval", "15000");
    expected.put("otel.logs.exporter", "none");
    expected.put("otel.resource.attributes", "service.name=from-args");
    assertThat(defaults("otel.resource.attributes=service.name=from-args"))
        .containsExactlyInAnyOrderEntriesOf(expected);
  }
}
