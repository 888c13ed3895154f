package dev.llmlens.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmlens.e2e.fixture.ChildJvm;
import dev.llmlens.e2e.fixture.PrometheusScrape;
import dev.llmlens.e2e.fixture.ScriptedOpenAiServer;
import java.io.IOException;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The agent attached to a JVM that already runs (agentmain): when the openai-java service class
 * was loaded and used before, it is retransformed, so the calls after the attach are counted and
 * the one before is not; when openai-java loads after the attach, it is watched for as at start-up.
 */
class AttachToRunningJvmTest {

  @Test
  void classesLoadedBeforeTheAgentAreRetransformed() throws IOException {
    try (ScriptedOpenAiServer server = ScriptedOpenAiServer.start()) {
      server.setDefault(OpenAiScript::byModel);
      ChildJvm.Result result = runAttaching(server, "dev.llmlens.e2e.app.AttachLaterApp");

      assertThat(result.stdout().lines().filter(line -> line.startsWith("BEFORE ") || line.startsWith("AFTER ")))
          .containsExactly("BEFORE gpt-4o-2024-08-06", "AFTER gpt-4o-2024-08-06", "AFTER gpt-4o-2024-08-06");
      assertThat(result.stderr())
          .contains("[llmlens] DEBUG instrumented com.openai.services.blocking.chat.ChatCompletionServiceImpl (retransformed)")
          .doesNotContain("WARN");
      PrometheusScrape scrape = PrometheusScrape.parse(ScenarioApps.printedScrape(result));
      assertThat(scrape.value("ai_requests_total", Map.of("model", "gpt-4o", "status", "success"))).isEqualTo(2);
      assertThat(scrape.value("ai_tokens_total", Map.of("direction", "input"))).isEqualTo(24);
    }
  }
  /**
   * Attached before the application loads openai-java: the agent changes {@code ClassLoader} in a
   * running JVM and sees the library's classes as they are defined, with no transformer left
   * registered; both calls are counted.
   */
  @Test
  void classesLoadedAfterTheAgentAreWatchedFromClassLoader() throws IOException {
    try (ScriptedOpenAiServer server = ScriptedOpenAiServer.start()) {
      server.setDefault(OpenAiScript::byModel);
      ChildJvm.Result result = runAttaching(server, "dev.llmlens.e2e.app.AttachFirstApp");

      assertThat(result.stdout().lines().filter(line -> line.startsWith("AFTER ")))
          .containsExactly("AFTER gpt-4o-2024-08-06", "AFTER gpt-4o-2024-08-06");
      assertThat(result.stderr())
          .contains("[llmlens] DEBUG library classes are watched from ClassLoader.defineClass; no class file transformer is registered")
          .contains("[llmlens] DEBUG instrumented com.openai.services.blocking.chat.ChatCompletionServiceImpl\n")
          .doesNotContain("retransformed")
          .doesNotContain("WARN");
      PrometheusScrape scrape = PrometheusScrape.parse(ScenarioApps.printedScrape(result));
      assertThat(scrape.value("ai_requests_total", Map.of("model", "gpt-4o", "status", "success"))).isEqualTo(2);
      assertThat(scrape.value("ai_tokens_total", Map.of("direction", "input"))).isEqualTo(24);
    }
  }

  /** The app, which attaches llmlens to itself, with debug lines and a Prometheus endpoint. */
  private static ChildJvm.Result runAttaching(ScriptedOpenAiServer server, String app) throws IOException {
    int port = OpenAiChatEndToEndTest.freePort();
    return ScenarioApps.withoutAgent(ScenarioApps.chatApp(), app)
        .jvmArg("-Djdk.attach.allowAttachSelf=true")
        .systemProperty("llmlens.debug", "true")
        .systemProperty("otel.metrics.exporter", "prometheus")
        .systemProperty("otel.traces.exporter", "none")
        .systemProperty("otel.exporter.prometheus.port", String.valueOf(port))
        .systemProperty("scenario.scrapePort", String.valueOf(port))
        .args(server.baseUrl(), ChildJvm.agentJar().toString())
        .run()
        .requireSuccess();
  }
}
