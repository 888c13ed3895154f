package dev.llmlens.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmlens.e2e.fixture.ChildJvm;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The README's main job, shortened: test-app's fat jar with the agent prints what it saw next to
 * what the agent exported, and the two agree on calls, failures and tokens. They agree on the
 * calls through openai-java, which the agent instruments; the support-agent feature's LangChain4j
 * calls run in the same JVM, beside the agent, and are reported by the app on their own lines.
 */
class DemoAppTest {

  @Test
  void theDemoSummaryShowsTheAgentSawWhatTheAppSaw() throws IOException {
    int port = OpenAiChatEndToEndTest.freePort();
    Path jar = ChildJvm.repoRoot().resolve("test-app/target/test-app.jar");
    ChildJvm.Result result =
        ChildJvm.builder()
            .agent(ChildJvm.agentJar())
            .classpath(List.of(jar))
            .mainClass("com.acme.support.SupportDesk")
            .systemProperty("otel.metrics.exporter", "prometheus")
            .systemProperty("otel.traces.exporter", "none")
            .systemProperty("otel.exporter.prometheus.port", String.valueOf(port))
            .systemProperty("llmlens.attribution.rules",
                "com.acme.support.chat=support-chat;com.acme.support.tickets=ticket-summary;com.acme.support.triage=triage")
            .systemProperty("demo.requests", "60")
            .systemProperty("demo.rate", "0")
            .systemProperty("demo.concurrency", "6")
            .systemProperty("demo.errorRate", "0.1")
            .systemProperty("demo.timeoutRate", "0")
            .systemProperty("demo.latencyScale", "0.01")
            .run()
            .requireSuccess();

    String out = result.stdout();
    assertThat(out).contains("What llmlens exported (http://127.0.0.1:" + port + "/metrics):");
    assertThat(out).contains("  calls             60 made, ");
    // by client: "openai-java N (F failed), langchain4j M (G failed)"
    String byClient = line(out, "    by client       openai-java ");
    long sdkCalls = Long.parseLong(byClient.replaceAll("^ *by client *openai-java (\\d+) .*", "$1"));
    long failed = Long.parseLong(byClient.replaceAll("^ *by client *openai-java \\d+ \\((\\d+) failed\\).*", "$1"));
    long agentCalls = Long.parseLong(byClient.replaceAll(".*, langchain4j (\\d+) .*", "$1"));
    assertThat(sdkCalls + agentCalls).isEqualTo(60);
    assertThat(agentCalls).isPositive();
    assertThat(out).contains("  requests          " + sdkCalls + " total");
    // The app's own count of failures is the agent's error count, and so are the tokens.
    assertThat(failed).isPositive();
    String agentErrors = line(out, "  errors by type    ");
    long agentFailed =
        java.util.Arrays.stream(agentErrors.substring("  errors by type    ".length()).split(", "))
            .mapToLong(entry -> Long.parseLong(entry.substring(entry.lastIndexOf(' ') + 1)))
            .sum();
    assertThat(agentFailed).isEqualTo(failed);
    String appTokens = line(out, "  tokens            input").replaceAll(" \\(.*", "");
    assertThat(out.lines().filter(l -> l.startsWith("  tokens            input")))
        .hasSize(2)
        .allMatch(l -> l.startsWith(appTokens));
    assertThat(out).contains("    by feature      support-chat").contains("ticket-summary").contains("triage");
    // LangChain4j works in the fat jar beside the agent: tools ran, the FAQ store was filled.
    assertThat(line(out, "  support-agent     ")).contains(agentCalls + " invocations");
    assertThat(line(out, "    tool runs       ")).matches(" *tool runs *orderStatus [1-9]\\d* .*, refundPolicy [1-9]\\d* .*");
    assertThat(line(out, "    embedding calls ")).matches(" *embedding calls [1-9]\\d* \\(0 failed\\) for \\d+ texts.*");
  }

  private static String line(String out, String prefix) {
    return out.lines().filter(l -> l.startsWith(prefix)).findFirst().orElseThrow(() -> new AssertionError("no line " + prefix + "\n" + out));
  }
}
