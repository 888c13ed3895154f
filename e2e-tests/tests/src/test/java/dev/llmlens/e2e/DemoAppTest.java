package dev.llmlens.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmlens.e2e.fixture.ChildJvm;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The README's main job, shortened: test-app's fat jar with the agent prints what it saw next to
 * what the agent exported, and the two agree on calls, failures and tokens.
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
    assertThat(out).contains("  requests          60 total");
    // The app's own count of failures is the agent's error count, and so are the tokens.
    String appCalls = line(out, "  calls             ");
    long failed = Long.parseLong(appCalls.replaceAll(".* (\\d+) failed.*", "$1"));
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
  }

  private static String line(String out, String prefix) {
    return out.lines().filter(l -> l.startsWith(prefix)).findFirst().orElseThrow(() -> new AssertionError("no line " + prefix + "\n" + out));
  }
}
