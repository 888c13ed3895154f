package com.acme.support;

import com.acme.support.agent.SupportAgentService;
import com.acme.support.chat.SupportChat;
import com.acme.support.fakellm.ErrorBurstSwitch;
import com.acme.support.fakellm.FakeLlmSettings;
import com.acme.support.fakellm.FakeOpenAiServer;
import com.acme.support.fakellm.ResponsePlan;
import com.acme.support.report.AppSummary;
import com.acme.support.report.MetricsSummary;
import com.acme.support.report.PrometheusEndpoint;
import com.acme.support.report.PrometheusText;
import com.acme.support.tickets.TicketSummarizer;
import com.acme.support.triage.Triage;
import com.acme.support.workload.CallTally;
import com.acme.support.workload.Feature;
import com.acme.support.workload.Workload;
import com.acme.support.workload.WorkloadSettings;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;

/**
 * A small AI customer-support service, run as a demo: it starts an embedded fake OpenAI server,
 * points the official OpenAI Java SDK and LangChain4j at it, runs its four AI features under a
 * steady load with injected faults, and prints what it saw next to what the llmlens agent
 * exported.
 *
 * <p>The features, each in its own package so that calls can be told apart by their caller:
 *
 * <ul>
 *   <li>{@code support-chat} ({@link SupportChat}): gpt-4o, blocking, multi-turn; ~45% of calls
 *   <li>{@code triage} ({@link Triage}): gpt-4o-mini, blocking, 5 output tokens at most; ~25%
 *   <li>{@code ticket-summary} ({@link TicketSummarizer}): gpt-4o-mini, async client; ~15%
 *   <li>{@code support-agent} ({@link SupportAgentService}): a LangChain4j AI service on
 *       gpt-4o-mini with a fast and a slow tool, a RAG lookup in an in-memory embedding store and
 *       a chat memory per customer; ~15%
 * </ul>
 *
 * <p>The clients retry twice ({@code maxRetries(2)}) with a 2 s timeout per attempt. Every
 * exception the SDK throws is caught and counted: the service survives them.
 *
 * <p>Knobs, as system properties (before {@code -jar}):
 *
 * <ul>
 *   <li>{@code demo.requests} total calls, default 300
 *   <li>{@code demo.rate} target calls per second, default 60; 0 means unpaced
 *   <li>{@code demo.concurrency} calls in flight at most (worker threads), default 8
 *   <li>{@code demo.errorRate} fraction of calls answered with a 429 (60%) or a 500 (40%),
 *       default 0.05. The fault is drawn per call and lasts through its retries, so the app sees
 *       it after maxRetries + 1 attempts
 *   <li>{@code demo.timeoutRate} fraction of calls on which the server hangs past the client's
 *       timeout (on each attempt, so the app sees a timeout after ~7 s), default 0.01
 *   <li>{@code demo.latencyScale} multiplier on the simulated latency (log-normal, median ~550 ms
 *       for gpt-4o and ~320 ms for gpt-4o-mini, 2% tail at 1-1.6 s), default 1.0
 *   <li>{@code demo.seed} seed of the feature mix and the server's randomness, default 42
 *   <li>{@code demo.serve} {@code true}: keep calling at the same pace until the process is
 *       stopped (a steady load for a monitoring stack); no summary is printed
 *   <li>{@code demo.errorBurstFile} while this file exists, {@code demo.errorBurstRate} (default
 *       1.0) of the calls fail with a 500 after their retries: an outage on demand
 *   <li>{@code otel.exporter.prometheus.port} where the agent's /metrics is read for the
 *       summary, default 9464 (the agent's own setting)
 * </ul>
 */
public final class SupportDesk {
  static final Duration CLIENT_TIMEOUT = Duration.ofSeconds(2);
  static final int MAX_RETRIES = 2;
  static final String AGENT_COMMAND =
      "java -javaagent:agent/target/llmlens-agent.jar -Dotel.metrics.exporter=prometheus"
          + " -jar test-app/target/test-app.jar";

  private SupportDesk() {}

  public static void main(String[] args) throws Exception {
    WorkloadSettings settings;
    try {
      settings = WorkloadSettings.fromSystemProperties();
    } catch (IllegalArgumentException e) {
      System.err.println("SupportDesk: " + e.getMessage());
      System.exit(2);
      return;
    }
    run(settings, PrometheusEndpoint.configuredPort(), System.out);
    System.out.flush();
    // The SDK's and OkHttp's pools are closed, but nothing else should keep a demo alive.
    System.exit(0);
  }

  /** Runs the whole demo and returns what the app counted. */
  public static CallTally run(WorkloadSettings settings, int metricsPort, PrintStream out)
      throws IOException, InterruptedException {
    FakeLlmSettings serverSettings =
        FakeLlmSettings.forClientTimeout(settings.seed(), settings.latencyScale(), CLIENT_TIMEOUT);
    ResponsePlan faults =
        ResponsePlan.random(settings.seed(), settings.errorRate(), settings.timeoutRate());
    if (settings.errorBurstFile() != null) {
      faults =
          ResponsePlan.withErrorBurst(
              faults,
              new ErrorBurstSwitch(settings.errorBurstFile(), out),
              settings.errorBurstRate(),
              settings.seed());
    }
    try (FakeOpenAiServer server = new FakeOpenAiServer(serverSettings, faults)) {
      OpenAIClient client =
          OpenAIOkHttpClient.builder()
              .baseUrl(server.baseUrl())
              .apiKey("sk-demo-not-a-real-key")
              .maxRetries(MAX_RETRIES)
              .timeout(CLIENT_TIMEOUT)
              .build();
      try {
        out.printf(Locale.ROOT,
            "SupportDesk: %s calls at %s/s, %d in flight at most, against the fake OpenAI server at %s%n",
            settings.serve() ? "serving (until stopped)" : String.valueOf(settings.requests()),
            settings.rate() > 0 ? String.valueOf(settings.rate()) : "unpaced",
            settings.concurrency(),
            server.baseUrl());
        out.printf(Locale.ROOT, 
            "  injected: %.1f%% errors (429/500), %.1f%% timeouts; latency x%s; seed %d%n",
            settings.errorRate() * 100,
            settings.timeoutRate() * 100,
            settings.latencyScale(),
            settings.seed());
        if (settings.errorBurstFile() != null) {
          out.printf(Locale.ROOT,
              "  error burst: %.0f%% of calls fail while %s exists%n",
              settings.errorBurstRate() * 100,
              settings.errorBurstFile());
        }
        // Embeds the FAQ into its store: one embeddings request before the first call, outside
        // the run's time (with LangChain4j's class loading, a second or two on a busy machine).
        SupportAgentService agent =
            new SupportAgentService(
                server.baseUrl(), CLIENT_TIMEOUT, MAX_RETRIES, settings.seed(), settings.latencyScale());
        long start = System.nanoTime();
        Workload workload =
            new Workload(
                settings,
                new SupportChat(client),
                new Triage(client),
                new TicketSummarizer(client),
                agent,
                out);
        CallTally tally = workload.run();
        double elapsedSeconds = (System.nanoTime() - start) / 1e9;
        out.println();
        AppSummary.lines(tally, agent.stats(), elapsedSeconds).forEach(out::println);
        out.printf(
            Locale.ROOT,
            "  fake server       %d HTTP requests received (retries included): chat completions"
                + " %d from openai-java, %d from langchain4j; embeddings %d%n",
            server.requestCount() + server.embeddingRequestCount(),
            server.chatRequestsFrom(FakeOpenAiServer.OPENAI_JAVA),
            server.chatRequestsFrom(FakeOpenAiServer.LANGCHAIN4J),
            server.embeddingRequestCount());
        out.println();
        // The agent instruments openai-java; it sees at least those calls.
        printAgentMetrics(metricsPort, tally.calls(Feature.Client.OPENAI_JAVA), out);
        return tally;
      } finally {
        client.close();
      }
    }
  }

  /**
   * An async call is recorded by the agent on the thread that completes its future, a moment
   * after the app saw the result: read until the agent reports every call, for at most 2 s.
   */
  private static void printAgentMetrics(int port, long calls, PrintStream out) throws InterruptedException {
    String url = PrometheusEndpoint.url(port);
    PrometheusText metrics;
    long deadline = System.nanoTime() + Duration.ofSeconds(2).toNanos();
    try {
      do {
        metrics = PrometheusText.parse(PrometheusEndpoint.fetch(url));
      } while (requests(metrics) < calls && System.nanoTime() < deadline && sleep());
    } catch (IOException e) {
      out.println(
          "llmlens Prometheus endpoint not found on port " + port + " (GET " + url + ": " + e.getMessage()
              + "); run with the agent: " + AGENT_COMMAND);
      return;
    } catch (IllegalArgumentException e) {
      out.println("Could not read the metrics at " + url + ": " + e.getMessage());
      return;
    }
    MetricsSummary.lines(metrics, url).forEach(out::println);
  }

  private static double requests(PrometheusText metrics) {
    return metrics.samples("ai_requests_total").stream().mapToDouble(sample -> sample.value()).sum();
  }

  private static boolean sleep() throws InterruptedException {
    Thread.sleep(50);
    return true;
  }
}
