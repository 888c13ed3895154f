package dev.llmlens.monitoring.support;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * test-app in serve mode with the built agent, its metrics on the agent's own Prometheus
 * endpoint (no collector): the set-up of scripts/local-stack.sh, with a free port.
 */
public final class TestAppProcess extends Daemon {
  public static final String SERVICE = "support-desk";
  public static final String ATTRIBUTION_RULES =
      "com.acme.support.chat=support-chat;com.acme.support.tickets=ticket-summary;com.acme.support.triage=triage;com.acme.support.agent=support-agent";

  private final int metricsPort;
  private final Path errorBurstFile;

  private TestAppProcess(List<String> command, Path dir, int metricsPort, Path errorBurstFile) throws IOException {
    super("test-app", command, dir, dir.resolve("test-app.log"), Map.of());
    this.metricsPort = metricsPort;
    this.errorBurstFile = errorBurstFile;
  }

  /**
   * Starts it and waits until the agent's endpoint shows LLM calls.
   *
   * @param demo extra {@code demo.*} properties (rate, error rate...)
   */
  public static TestAppProcess start(Path dir, Map<String, String> demo) throws IOException, InterruptedException {
    int port = freePort();
    Path burst = dir.resolve("error-burst");
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx256m");
    command.add("-javaagent:" + Repo.agentJar());
    command.add("-Dotel.service.name=" + SERVICE);
    command.add("-Dotel.metrics.exporter=prometheus");
    command.add("-Dotel.traces.exporter=none");
    command.add("-Dotel.exporter.prometheus.host=127.0.0.1");
    command.add("-Dotel.exporter.prometheus.port=" + port);
    command.add("-Dllmlens.attribution.rules=" + ATTRIBUTION_RULES);
    command.add("-Ddemo.serve=true");
    command.add("-Ddemo.errorBurstFile=" + burst);
    demo.forEach((key, value) -> command.add("-D" + key + "=" + value));
    command.add("-jar");
    command.add(Repo.testAppJar().toString());
    TestAppProcess app = new TestAppProcess(command, dir, port, burst);
    app.awaitMetrics(Duration.ofSeconds(60));
    return app;
  }

  public String metricsAddress() {
    return "127.0.0.1:" + metricsPort;
  }

  /** While this file exists, test-app's calls fail (demo.errorBurstFile). */
  public Path errorBurstFile() {
    return errorBurstFile;
  }

  private void awaitMetrics(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      requireAlive();
      try {
        Http.Response response = Http.get("http://" + metricsAddress() + "/metrics");
        if (response.status() == 200 && response.body().contains("ai_requests_total{")) {
          return;
        }
      } catch (IOException e) {
        // the agent opens the endpoint when the first LLM client class loads
      }
      Thread.sleep(200);
    }
    close();
    throw new IllegalStateException("no ai_requests_total on " + metricsAddress() + " after " + timeout + ":\n" + logTail(30));
  }
}
