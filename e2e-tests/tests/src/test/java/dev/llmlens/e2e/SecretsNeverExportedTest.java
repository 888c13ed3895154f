package dev.llmlens.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Message;
import dev.llmlens.e2e.fixture.ChildJvm;
import dev.llmlens.e2e.fixture.OtlpReceiver;
import dev.llmlens.e2e.fixture.PrometheusScrape;
import dev.llmlens.e2e.fixture.RecordedRequest;
import dev.llmlens.e2e.fixture.ScriptedOpenAiServer;
import dev.llmlens.e2e.fixture.ScriptedResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Credentials and content never leave the process through the agent (SECURITY.md). The
 * application sends a key-looking value everywhere it can: API key (Authorization header),
 * OpenAI-Organization and OpenAI-Project, a header of its own, the base URL's user info, the
 * prompt, and -D options on its own command line; the provider echoes the key and the prompt
 * back in error messages, as OpenAI does. Then every byte the agent exported is searched: the
 * Prometheus scrape, every OTLP metrics, trace and logs request (decoded and raw), and the
 * child's whole stdout and stderr, with {@code llmlens.debug=true} so the agent says all it can.
 * Content capture stays at its default (off).
 */
class SecretsNeverExportedTest {

  /** Every secret starts with this marker, so one search finds any of them. */
  static final String MARKER = "LLMLENSSECRET";

  static final String API_KEY = "sk-proj-" + MARKER + "KEY0123456789abcdefABCDEF";
  static final String ORGANIZATION = "org-" + MARKER + "ORG";
  static final String PROJECT = "proj_" + MARKER + "PROJ";
  static final String OWN_HEADER = MARKER + "HEADER";
  static final String URL_PASSWORD = MARKER + "URLPASSWORD";
  static final String PROMPT = "my card number is " + MARKER + "PROMPT";

  static final String PLAN =
      "blocking:gpt-4o,async:gpt-4o-mini,stream:streamed,astream:streamed,blocking:echo-key,blocking:echo-prompt";

  @Test
  void noSecretReachesMetricsSpansOrLogs() {
    try (ScriptedOpenAiServer server = ScriptedOpenAiServer.start();
        OtlpReceiver receiver = OtlpReceiver.start()) {
      server.setDefault(SecretsNeverExportedTest::answer);
      int port = ScenarioApps.freePort();
      String baseUrl = server.baseUrl().replace("http://", "http://user:" + URL_PASSWORD + "@");
      ChildJvm.Result result =
          ScenarioApps.withAgent(ScenarioApps.chatApp(), ScenarioApps.CHAT_APP)
              .systemProperty("llmlens.debug", "true")
              .systemProperty("otel.metrics.exporter", "otlp,prometheus")
              .systemProperty("otel.traces.exporter", "otlp")
              .systemProperty("otel.logs.exporter", "otlp")
              .systemProperty("otel.exporter.otlp.endpoint", receiver.grpcEndpoint())
              .systemProperty("otel.exporter.prometheus.port", String.valueOf(port))
              .systemProperty("scenario.scrapePort", String.valueOf(port))
              .systemProperty("scenario.maxRetries", "0")
              .systemProperty("scenario.apiKey", API_KEY)
              .systemProperty("scenario.organization", ORGANIZATION)
              .systemProperty("scenario.project", PROJECT)
              .systemProperty("scenario.header", "X-Api-Key:" + OWN_HEADER)
              .systemProperty("scenario.prompt", PROMPT)
              .args(baseUrl, PLAN)
              .run()
              .requireSuccess();

      // The secrets did travel: every request carried each of them to the provider.
      assertThat(server.requests()).hasSize(6);
      for (RecordedRequest request : server.requests()) {
        assertThat(request.header("Authorization")).isEqualTo("Bearer " + API_KEY);
        assertThat(request.header("OpenAI-Organization")).isEqualTo(ORGANIZATION);
        assertThat(request.header("OpenAI-Project")).isEqualTo(PROJECT);
        assertThat(request.header("X-Api-Key")).isEqualTo(OWN_HEADER);
        assertThat(request.body()).contains(PROMPT);
      }
      assertThat(result.command()).noneMatch(argument -> argument.contains("capture.content"));
      assertThat(ScenarioApps.callLines(result))
          .containsExactly(
              "CALL 0 blocking gpt-4o OK gpt-4o-2024-08-06 12 7",
              "CALL 1 async gpt-4o-mini OK gpt-4o-mini-2024-07-18 20 3",
              "CALL 2 stream streamed STREAM 4 chunks: Your parcel",
              "CALL 3 astream streamed STREAM 4 chunks: Your parcel",
              "CALL 4 blocking echo-key ERROR com.openai.errors.UnauthorizedException",
              "CALL 5 blocking echo-prompt ERROR com.openai.errors.BadRequestException");

      // And the agent exported all six calls, through every channel that is searched below.
      String scrape = ScenarioApps.printedScrape(result);
      assertThat(PrometheusScrape.parse(scrape).value("ai_requests_total", Map.of())).isEqualTo(6);
      assertThat(receiver.awaitSpan("chat echo-prompt", java.time.Duration.ofSeconds(10))).isTrue();
      assertThat(receiver.spans()).hasSize(6);
      assertThat(receiver.metrics().sum("ai.requests", Map.of())).isEqualTo(6);
      assertThat(result.stderr()).contains("[llmlens] DEBUG");

      Map<String, String> exported = new LinkedHashMap<>();
      exported.put("Prometheus scrape", scrape);
      exported.put("stdout", result.stdout());
      exported.put("stderr", result.stderr());
      List<Message> otlp = new ArrayList<>();
      otlp.addAll(receiver.metricRequests());
      otlp.addAll(receiver.traceRequests());
      otlp.addAll(receiver.logRequests());
      for (int i = 0; i < otlp.size(); i++) {
        Message request = otlp.get(i);
        String name = request.getDescriptorForType().getName() + " #" + i;
        exported.put(name + " decoded", request.toString());
        exported.put(name + " raw", new String(request.toByteArray(), StandardCharsets.ISO_8859_1));
      }
      exported.forEach(
          (channel, text) ->
              assertThat(text).as("%s holds a secret", channel).doesNotContain(MARKER));
    }
  }

  /** Like OpenAI: a 401 that quotes the key, a 400 that quotes the request; else the usual script. */
  private static ScriptedResponse answer(RecordedRequest request) {
    switch (OpenAiScript.model(request)) {
      case "echo-key":
        return ScriptedResponse.error(
            401, "invalid_request_error", "invalid_api_key",
            "Incorrect API key provided: " + request.header("Authorization"));
      case "echo-prompt":
        return ScriptedResponse.error(
            400, "invalid_request_error", null, "Invalid request: " + request.body().replace('"', '\''));
      default:
        return OpenAiScript.byModel(request);
    }
  }
}
