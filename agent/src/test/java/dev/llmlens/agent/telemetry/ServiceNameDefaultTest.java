package dev.llmlens.agent.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ServiceNameDefaultTest {

  private static final Map<String, String> NONE = Collections.emptyMap();

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "support-bot-1.4.2.jar | support-bot",
        "support-bot-1.4.2-SNAPSHOT.jar --port 8080 | support-bot",
        "support-bot-1.4.jar | support-bot",
        "support-bot-2.jar | support-bot",
        "app-1.0.0-all.jar | app",
        "gpt-4-proxy-1.0.jar | gpt-4-proxy",
        "my-service-v2.jar | my-service-v2",
        "app.jar | app",
        "/opt/apps/support-bot-1.4.2.jar --spring.profiles.active=prod | support-bot",
        "../build/libs/support-bot.jar | support-bot",
        "C:\\apps\\support-bot-1.4.2.jar | support-bot",
        "1.0.jar | 1.0",
        "com.acme.support.SupportDesk | SupportDesk",
        "com.acme.support.SupportDesk --workload 10 | SupportDesk",
        "SupportDesk | SupportDesk",
        "  com.acme.Main   arg | Main"
      })
  void fromCommand(String command, String expected) {
    assertThat(ServiceNameDefault.fromCommand(command)).isEqualTo(expected);
  }

  @Test
  void emptyCommandSaysNothing() {
    assertThat(ServiceNameDefault.fromCommand(null)).isNull();
    assertThat(ServiceNameDefault.fromCommand("")).isNull();
    assertThat(ServiceNameDefault.fromCommand("   ")).isNull();
  }

  @Test
  void mainClassEndingInADotSaysNothing() {
    assertThat(ServiceNameDefault.fromCommand("com.acme.")).isNull();
  }

  @Test
  void jarPathWithASpace() {
    assertThat(ServiceNameDefault.fromCommand("C:\\Program Files\\acme\\support-bot-1.4.2.jar"))
        .isEqualTo("support-bot");
  }

  @Test
  void notConfiguredWhenNothingNamesTheService() {
    Map<String, String> env = new HashMap<>();
    env.put("OTEL_RESOURCE_ATTRIBUTES", "team=ai,deployment.environment=prod");
    Map<String, String> props = new HashMap<>();
    props.put("otel.resource.attributes", "service.namespace=acme");

    assertThat(ServiceNameDefault.isConfigured(props, env, NONE)).isFalse();
  }

  @Test
  void configuredByAnyStandardSetting() {
    assertThat(
            ServiceNameDefault.isConfigured(
                Collections.singletonMap("otel.service.name", "bot"), NONE, NONE))
        .isTrue();
    assertThat(
            ServiceNameDefault.isConfigured(
                NONE, Collections.singletonMap("OTEL_SERVICE_NAME", "bot"), NONE))
        .isTrue();
    assertThat(
            ServiceNameDefault.isConfigured(
                NONE, NONE, Collections.singletonMap("otel.service.name", "bot")))
        .isTrue();
    assertThat(
            ServiceNameDefault.isConfigured(
                Collections.singletonMap("otel.resource.attributes", "team=ai,service.name=bot"),
                NONE,
                NONE))
        .isTrue();
    assertThat(
            ServiceNameDefault.isConfigured(
                NONE,
                Collections.singletonMap("OTEL_RESOURCE_ATTRIBUTES", "team=ai, service.name=bot"),
                NONE))
        .isTrue();
    assertThat(
            ServiceNameDefault.isConfigured(
                NONE,
                NONE,
                Collections.singletonMap("otel.resource.attributes", "service.name=bot")))
        .isTrue();
  }
}
