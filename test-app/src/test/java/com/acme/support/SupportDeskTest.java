package com.acme.support;

import static org.assertj.core.api.Assertions.assertThat;

import com.acme.support.workload.CallTally;
import com.acme.support.workload.WorkloadSettings;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The whole demo, short, without the agent: it finishes and reports on both sides. */
class SupportDeskTest {
  private static final WorkloadSettings SHORT = new WorkloadSettings(20, 500, 4, 0.1, 0, 0.01, 7);

  @Test
  void saysHowToRunWithTheAgentWhenNoEndpointAnswers() throws Exception {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closedPort = socket.getLocalPort();
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();

    CallTally tally = SupportDesk.run(SHORT, closedPort, new PrintStream(out, true, StandardCharsets.UTF_8));

    assertThat(tally.calls()).isEqualTo(20).isEqualTo(tally.successes() + tally.failures());
    String printed = out.toString(StandardCharsets.UTF_8);
    assertThat(printed)
        .contains("  calls             20 made, " + tally.successes() + " succeeded, " + tally.failures() + " failed, in ")
        .contains(
            "llmlens Prometheus endpoint not found on port " + closedPort + " (GET http://127.0.0.1:"
                + closedPort + "/metrics: ")
        .contains(
            "); run with the agent: java -javaagent:agent/target/llmlens-agent.jar"
                + " -Dotel.metrics.exporter=prometheus -jar test-app/target/test-app.jar");
  }

  @Test
  void summarizesTheAgentsMetricsWhenTheEndpointAnswers() throws Exception {
    String exposition =
        """
        # TYPE ai_requests_total counter
        ai_requests_total{model="gpt-4o-2024-08-06",feature="support-chat",status="ok"} 3
        """;
    HttpServer metrics = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    metrics.createContext(
        "/metrics",
        exchange -> {
          byte[] body = exposition.getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().set("content-type", "text/plain; version=0.0.4; charset=utf-8");
          exchange.sendResponseHeaders(200, body.length);
          try (OutputStream stream = exchange.getResponseBody()) {
            stream.write(body);
          }
        });
    metrics.start();
    try {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      SupportDesk.run(SHORT, metrics.getAddress().getPort(), new PrintStream(out, true, StandardCharsets.UTF_8));

      assertThat(out.toString(StandardCharsets.UTF_8))
          .contains("What llmlens exported (http://127.0.0.1:" + metrics.getAddress().getPort() + "/metrics):")
          .contains("  requests          3 total")
          .doesNotContain("not found");
    } finally {
      metrics.stop(0);
    }
  }
}
