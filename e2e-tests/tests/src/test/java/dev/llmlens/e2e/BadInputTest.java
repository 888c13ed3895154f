package dev.llmlens.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmlens.e2e.fixture.ChildJvm;
import dev.llmlens.e2e.fixture.OtlpReceiver;
import dev.llmlens.e2e.fixture.PrometheusScrape;
import dev.llmlens.e2e.fixture.ScriptedOpenAiServer;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What users get wrong or cannot control: settings with typos and bad values, a collector that
 * is down or hangs, a Prometheus port already taken, the agent switched off. Each time the
 * application runs exactly as without the agent and exits promptly, and the user gets one clear
 * line.
 */
class BadInputTest {

  static final String PLAN = "blocking:gpt-4o,async:gpt-4o-mini";
  static final List<String> CALLS =
      List.of(
          "CALL 0 blocking gpt-4o OK gpt-4o-2024-08-06 12 7",
          "CALL 1 async gpt-4o-mini OK gpt-4o-mini-2024-07-18 20 3");

  @AutoClose final ScriptedOpenAiServer server = OpenAiScript.server();

  @Test
  void badValuesAndTyposGiveOneLineEachAndDefaultsApply() throws IOException {
    int port = OpenAiChatEndToEndTest.freePort();
    ChildJvm.Result result =
        ChildJvm.builder()
            .agent(ChildJvm.agentJar(), "featur=x,cardinality.limit=7")
            .classpath(ScenarioApps.chatApp())
            .mainClass(ScenarioApps.CHAT_APP)
            .systemProperty("otel.metrics.exporter", "prometheus")
            .systemProperty("otel.traces.exporter", "none")
            .systemProperty("otel.exporter.prometheus.port", String.valueOf(port))
            .systemProperty("scenario.scrapePort", String.valueOf(port))
            .systemProperty("llmlens.enabled", "maybe")
            .systemProperty("llmlens.cardinality.limit", "abc")
            .systemProperty("llmlens.cardinaltiy.limit", "5")
            .env("LLMLENS_DEBGU", "true")
            .args(server.baseUrl(), PLAN)
            .run()
            .requireSuccess();

    assertThat(result.stderr().lines().filter(line -> line.startsWith("[llmlens]")))
        .containsExactlyInAnyOrder(
            "[llmlens] WARN llmlens.enabled=\"maybe\" (system property -Dllmlens.enabled) is not valid; "
                + "accepted: true or false. Using the default: true.",
            "[llmlens] WARN llmlens.cardinality.limit=\"abc\" (system property -Dllmlens.cardinality.limit) "
                + "is not valid; accepted: a whole number from 1 to 100000. Using the default: 100.",
            "[llmlens] WARN unknown setting llmlens.cardinaltiy.limit (system property -Dllmlens.cardinaltiy.limit) "
                + "is ignored; did you mean llmlens.cardinality.limit? Known settings are listed in the llmlens README.",
            "[llmlens] WARN unknown setting LLMLENS_DEBGU (environment variable LLMLENS_DEBGU) is ignored; "
                + "did you mean LLMLENS_DEBUG? Known settings are listed in the llmlens README.",
            "[llmlens] WARN unknown setting featur (agent argument featur) is ignored; "
                + "did you mean feature? Known settings are listed in the llmlens README.");
    assertThat(ScenarioApps.callLines(result)).isEqualTo(CALLS);
    PrometheusScrape scrape = PrometheusScrape.parse(ScenarioApps.printedScrape(result));
    assertThat(scrape.value("ai_requests_total", Map.of("status", "success"))).isEqualTo(2);
  }

  @Test
  void withALogsExporterTheAgentsOwnWarningsAlsoArriveAsLogRecords() {
    try (OtlpReceiver receiver = OtlpReceiver.start()) {
      ChildJvm.Result result =
          ScenarioApps.exportingTo(ScenarioApps.withAgent(ScenarioApps.chatApp(), ScenarioApps.CHAT_APP), receiver)
              .systemProperty("otel.logs.exporter", "otlp")
              .systemProperty("llmlens.cardinaltiy.limit", "5")
              .args(server.baseUrl(), PLAN)
              .run()
              .requireSuccess();

      assertThat(ScenarioApps.callLines(result)).isEqualTo(CALLS);
      // The warning was printed in premain, before the SDK existed: it is replayed once it does.
      List<String> records =
          receiver.logRequests().stream()
              .flatMap(request -> request.getResourceLogsList().stream())
              .flatMap(resource -> resource.getScopeLogsList().stream())
              .filter(scope -> scope.getScope().getName().equals("dev.llmlens"))
              .flatMap(scope -> scope.getLogRecordsList().stream())
              .map(record -> record.getSeverityText() + " " + record.getBody().getStringValue())
              .collect(java.util.stream.Collectors.toList());
      assertThat(records)
          .containsExactly(
              "WARN unknown setting llmlens.cardinaltiy.limit (system property -Dllmlens.cardinaltiy.limit) "
                  + "is ignored; did you mean llmlens.cardinality.limit? Known settings are listed in the llmlens README.");
    }
  }

  @Test
  void anUnreachableCollectorDoesNotDelayTheAppOrItsExit() throws IOException {
    String nobodyListens = "http://127.0.0.1:" + OpenAiChatEndToEndTest.freePort();
    ChildJvm.Result result = runWithOtlp(nobodyListens, "http/protobuf");
    assertThat(ScenarioApps.callLines(result)).isEqualTo(CALLS);
    assertThat(result.sinceMarker(ScenarioApps.DONE)).isLessThan(Duration.ofSeconds(5));
  }

  @Test
  void aHangingCollectorDoesNotDelayTheAppOrItsExit() {
    try (OtlpReceiver receiver = OtlpReceiver.start()) {
      receiver.hang(true);
      ChildJvm.Result result = runWithOtlp(receiver.grpcEndpoint(), "grpc");
      assertThat(ScenarioApps.callLines(result)).isEqualTo(CALLS);
      assertThat(result.sinceMarker(ScenarioApps.DONE)).isLessThan(Duration.ofSeconds(5));
      assertThat(receiver.requestCount()).isGreaterThanOrEqualTo(1);
    }
  }

  @Test
  void disabledMeansNothingIsWovenOrExported() {
    try (OtlpReceiver receiver = OtlpReceiver.start()) {
      ChildJvm.Result result =
          ScenarioApps.withAgent(ScenarioApps.chatApp(), ScenarioApps.CHAT_APP)
              .systemProperty("llmlens.enabled", "false")
              .systemProperty("llmlens.debug", "true")
              .systemProperty("otel.metrics.exporter", "otlp")
              .systemProperty("otel.exporter.otlp.endpoint", receiver.grpcEndpoint())
              .args(server.baseUrl(), PLAN)
              .run()
              .requireSuccess();
      assertThat(result.stderr().lines().filter(line -> line.startsWith("[llmlens]")))
          .containsExactly("[llmlens] disabled by llmlens.enabled=false: nothing is instrumented");
      assertThat(ScenarioApps.callLines(result)).isEqualTo(CALLS);
      assertThat(receiver.requestCount()).isZero();
    }
  }

  @Test
  void everyModuleSwitchedOffBuildsNeitherTheWeaverNorTheSdk(@TempDir Path directory) throws IOException {
    Path classLog = directory.resolve("classes.log");
    try (OtlpReceiver receiver = OtlpReceiver.start()) {
      ChildJvm.Result result =
          ScenarioApps.withAgent(ScenarioApps.chatApp(), ScenarioApps.CHAT_APP)
              .systemProperty("llmlens.instrumentation.openai.enabled", "false")
              .systemProperty("llmlens.instrumentation.langchain4j.enabled", "false")
              .systemProperty("llmlens.debug", "true")
              .systemProperty("otel.metrics.exporter", "otlp")
              .systemProperty("otel.exporter.otlp.endpoint", receiver.grpcEndpoint())
              .jvmArg("-Xlog:class+load=info:file=" + classLog)
              .args(server.baseUrl(), PLAN)
              .run()
              .requireSuccess();
      assertThat(result.stderr().lines().filter(line -> line.startsWith("[llmlens] DEBUG no instrumentation module")))
          .containsExactly("[llmlens] DEBUG no instrumentation module is enabled: nothing is woven");
      List<String> loaded = Files.readAllLines(classLog);
      assertThat(loaded).as("the class log").anyMatch(line -> line.contains("dev.llmlens.agent.LlmLensAgent"));
      // Verifying the modules' classes may load a matcher interface; nothing that weaves.
      assertThat(
              loaded.stream()
                  .filter(
                      line ->
                          line.contains("dev.llmlens.shaded.net.bytebuddy.agent.builder.")
                              || line.contains("dev.llmlens.shaded.net.bytebuddy.asm.")
                              || line.contains("dev.llmlens.shaded.net.bytebuddy.pool.")
                              || line.contains("dev.llmlens.shaded.net.bytebuddy.dynamic.")))
          .as("ByteBuddy's weaving classes loaded")
          .isEmpty();
      assertThat(loaded.stream().filter(line -> line.contains("dev.llmlens.shaded.io.opentelemetry.sdk.")))
          .as("OpenTelemetry SDK classes loaded")
          .isEmpty();
      assertThat(ScenarioApps.callLines(result)).isEqualTo(CALLS);
      assertThat(receiver.requestCount()).isZero();
    }
  }

  @Test
  void aTakenPrometheusPortIsReportedAndOtlpStillGetsEverything() throws IOException {
    try (ServerSocket taken = new ServerSocket(0);
        OtlpReceiver receiver = OtlpReceiver.start()) {
      ChildJvm.Result result =
          ScenarioApps.withAgent(ScenarioApps.chatApp(), ScenarioApps.CHAT_APP)
              .systemProperty("otel.metrics.exporter", "prometheus,otlp")
              .systemProperty("otel.exporter.prometheus.port", String.valueOf(taken.getLocalPort()))
              .systemProperty("otel.exporter.otlp.endpoint", receiver.grpcEndpoint())
              .args(server.baseUrl(), PLAN)
              .run()
              .requireSuccess();
      assertThat(result.stderr().lines().filter(line -> line.startsWith("[llmlens]")))
          .containsExactly(
              "[llmlens] WARN the Prometheus endpoint cannot listen on port " + taken.getLocalPort()
                  + " (otel.exporter.prometheus.port): the port is already in use. Metrics still go to: otlp. "
                  + "Choose a free port with -Dotel.exporter.prometheus.port=<port>.");
      assertThat(ScenarioApps.callLines(result)).isEqualTo(CALLS);
      assertThat(receiver.metrics().sum("ai.requests", Map.of("status", "success"))).isEqualTo(2);
    }
  }

  private ChildJvm.Result runWithOtlp(String endpoint, String protocol) {
    return ScenarioApps.withAgent(ScenarioApps.chatApp(), ScenarioApps.CHAT_APP)
        .systemProperty("otel.metrics.exporter", "otlp")
        .systemProperty("otel.traces.exporter", "otlp")
        .systemProperty("otel.exporter.otlp.endpoint", endpoint)
        .systemProperty("otel.exporter.otlp.protocol", protocol)
        .args(server.baseUrl(), PLAN)
        .run()
        .requireSuccess();
  }
}
