package dev.llmlens.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmlens.e2e.fixture.ChildJvm;
import dev.llmlens.e2e.fixture.OtlpReceiver;
import dev.llmlens.e2e.fixture.PrometheusScrape;
import dev.llmlens.e2e.fixture.ScriptedOpenAiServer;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/**
 * Every setting the README lists, given garbage at once, through the built agent jar, from every
 * kind of source: each gives exactly one {@code [llmlens]} line naming the setting, the value,
 * where it came from and what is accepted; the defaults apply (proved by what is exported), and
 * the application runs as without the agent. Each kind of garbage per setting is covered by
 * {@code AgentConfigTest}; this proves the lines reach the user and nothing else breaks.
 */
class ConfigGarbageTest {

  @AutoClose final ScriptedOpenAiServer server = OpenAiScript.server();

  @Test
  void everyLlmlensSettingGivenGarbage() {
    ChildJvm.Result result =
        ScenarioApps.withAgentAndScrape(ScenarioApps.chatApp(), ScenarioApps.CHAT_APP)
            .agent(ChildJvm.agentJar(), "verbose,feature=,attribution.baggage=model,user.tier,debgu=true")
            .systemProperty("llmlens.enabled", "maybe")
            .systemProperty("llmlens.debug", "loud")
            .systemProperty("llmlens.cardinality.limit", "-3")
            .systemProperty("llmlens.attribution.rules", "com acme=x;dev.llmlens.e2e.app=scenario")
            .systemProperty("llmlens.config.file", "/nonexistent/llmlens.properties")
            .env("LLMLENS_CAPTURE_CONTENT", "sometimes")
            .env("LLMLENS_INSTRUMENTATION_OPENAI_ENABLED", "off")
            .env("LLMLENS_PRICING_FILE", "/nonexistent/prices.csv")
            .env("LLMLENS_CARDINALITY_LIMT", "5")
            .args(server.baseUrl(), BadInputTest.PLAN)
            .run()
            .requireSuccess();

    assertThat(agentLines(result))
        .containsExactlyInAnyOrder(
            "[llmlens] WARN agent argument \"verbose\" is not key=value; accepted:"
                + " -javaagent:llmlens-agent.jar=feature=support,debug=true. It is ignored.",
            "[llmlens] WARN llmlens.config.file=\"/nonexistent/llmlens.properties\" (system property"
                + " -Dllmlens.config.file) cannot be read (/nonexistent/llmlens.properties (No such"
                + " file or directory)); accepted: a readable Java properties file. Settings from"
                + " other sources are used.",
            "[llmlens] WARN llmlens.enabled=\"maybe\" (system property -Dllmlens.enabled) is not"
                + " valid; accepted: true or false. Using the default: true.",
            "[llmlens] WARN llmlens.debug=\"loud\" (system property -Dllmlens.debug) is not valid;"
                + " accepted: true or false. Using the default: false.",
            "[llmlens] WARN llmlens.feature=\"\" (agent argument feature) is not valid; accepted: a"
                + " non-empty name of at most 128 characters, without control characters. Using the"
                + " default: unknown.",
            "[llmlens] WARN llmlens.attribution.baggage entry \"model\" (agent argument"
                + " attribution.baggage) is not valid: its label model is one of llmlens' own. The"
                + " other entries apply.",
            "[llmlens] WARN llmlens.attribution.rules entry \"com acme=x\" (system property"
                + " -Dllmlens.attribution.rules) is not valid; accepted: classPrefix=feature entries"
                + " separated by ';', e.g. com.acme.support=support;com.acme.search=search, a class"
                + " prefix of Java names separated by '.', a feature of at most 128 characters"
                + " without control characters. The other entries apply.",
            "[llmlens] WARN llmlens.pricing.file=\"/nonexistent/prices.csv\" (environment variable"
                + " LLMLENS_PRICING_FILE) is not valid; accepted: the path of a readable file. Using"
                + " the default: none.",
            "[llmlens] WARN llmlens.capture.content=\"sometimes\" (environment variable"
                + " LLMLENS_CAPTURE_CONTENT) is not valid; accepted: true or false. Using the"
                + " default: false.",
            "[llmlens] WARN llmlens.cardinality.limit=\"-3\" (system property"
                + " -Dllmlens.cardinality.limit) is not valid; accepted: a whole number from 1 to"
                + " 100000. Using the default: 100.",
            "[llmlens] WARN llmlens.instrumentation.openai.enabled=\"off\" (environment variable"
                + " LLMLENS_INSTRUMENTATION_OPENAI_ENABLED) is not valid; accepted: true or false."
                + " Using the default: true.",
            "[llmlens] WARN unknown setting debgu (agent argument debgu) is ignored; did you mean"
                + " debug? Known settings are listed in the llmlens README.",
            "[llmlens] WARN unknown setting LLMLENS_CARDINALITY_LIMT (environment variable"
                + " LLMLENS_CARDINALITY_LIMT) is ignored; did you mean LLMLENS_CARDINALITY_LIMIT?"
                + " Known settings are listed in the llmlens README.");
    assertThat(ScenarioApps.callLines(result)).isEqualTo(BadInputTest.CALLS);
    // Enabled, openai instrumented, the valid rule applied, the built-in prices: the defaults.
    PrometheusScrape scrape = PrometheusScrape.parse(ScenarioApps.printedScrape(result));
    assertThat(scrape.value("ai_requests_total", Map.of("feature", "scenario", "status", "success")))
        .isEqualTo(2);
    assertThat(scrape.value("ai_requests_total", Map.of())).isEqualTo(2);
    assertThat(scrape.value("ai_cost_dollars_total", Map.of("model", "gpt-4o"))).isPositive();
  }

  @Test
  void openTelemetrySettingsGivenGarbageFallBackToTheirDefaults() {
    try (OtlpReceiver receiver = OtlpReceiver.start()) {
      ChildJvm.Result result =
          ChildJvm.builder()
              .agent(ChildJvm.agentJar(), "otel.traces.exporter=bogus")
              .classpath(ScenarioApps.chatApp())
              .mainClass(ScenarioApps.CHAT_APP)
              .systemProperty("otel.metrics.exporter", "otlp")
              .systemProperty("otel.metric.export.interval", "abc")
              .systemProperty("otel.exporter.otlp.endpoint", receiver.grpcEndpoint())
              .env("OTEL_EXPORTER_OTLP_PROTOCOL", "carrier-pigeon")
              .args(server.baseUrl(), BadInputTest.PLAN)
              .run()
              .requireSuccess();

      assertThat(agentLines(result))
          .containsExactlyInAnyOrder(
              "[llmlens] WARN otel.metric.export.interval=\"abc\" (system property"
                  + " -Dotel.metric.export.interval) is not valid: Invalid duration property"
                  + " otel.metric.export.interval=abc. Expected number, found: . Accepted: what"
                  + " the OpenTelemetry SDK configuration documents. Using the default: 15000.",
              "[llmlens] WARN otel.exporter.otlp.protocol=\"carrier-pigeon\" (environment variable"
                  + " OTEL_EXPORTER_OTLP_PROTOCOL) is not valid: Unsupported OTLP metrics protocol:"
                  + " carrier-pigeon. Accepted: what the OpenTelemetry SDK configuration documents."
                  + " Using the default: grpc.",
              "[llmlens] WARN otel.traces.exporter=\"bogus\" (agent argument or llmlens.config.file)"
                  + " is not valid: Unrecognized value for otel.traces.exporter: bogus. Accepted: what"
                  + " the OpenTelemetry SDK configuration documents. Using the default of the"
                  + " OpenTelemetry SDK.");
      assertThat(ScenarioApps.callLines(result)).isEqualTo(BadInputTest.CALLS);
      // Metrics over gRPC (the protocol's default) and spans (the traces exporter's default, otlp).
      assertThat(receiver.metrics().sum("ai.requests", Map.of("status", "success"))).isEqualTo(2);
      assertThat(receiver.spans()).hasSize(2);
    }
  }

  private static List<String> agentLines(ChildJvm.Result result) {
    return result.stderr().lines().filter(line -> line.startsWith("[llmlens]")).toList();
  }
}
