package com.acme.support.workload;

import static org.assertj.core.api.Assertions.assertThat;

import com.acme.support.agent.SupportAgentService;
import com.acme.support.chat.SupportChat;
import com.acme.support.fakellm.FakeLlmSettings;
import com.acme.support.fakellm.FakeOpenAiServer;
import com.acme.support.fakellm.ResponsePlan;
import com.acme.support.tickets.TicketSummarizer;
import com.acme.support.triage.Triage;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import com.acme.support.fakellm.ErrorBurstSwitch;
import com.acme.support.fakellm.ResponseKind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Short workloads against the fake server: the app survives faults and its counts add up. */
class WorkloadTest {
  private static final int MAX_RETRIES = 2;

  private static WorkloadSettings settings(int requests, double errorRate) {
    return new WorkloadSettings(requests, 500, 4, errorRate, 0, 0.01, 42);
  }

  private static CallTally run(WorkloadSettings settings) throws Exception {
    try (FakeOpenAiServer server =
        new FakeOpenAiServer(
            new FakeLlmSettings(settings.seed(), settings.latencyScale(), Duration.ofSeconds(3)),
            ResponsePlan.random(settings.seed(), settings.errorRate(), settings.timeoutRate()))) {
      OpenAIClient client =
          OpenAIOkHttpClient.builder()
              .baseUrl(server.baseUrl())
              .apiKey("sk-test")
              .maxRetries(MAX_RETRIES)
              .timeout(Duration.ofSeconds(2))
              .build();
      try {
        ByteArrayOutputStream progress = new ByteArrayOutputStream();
        CallTally tally =
            workload(settings, client, server, new PrintStream(progress, true, StandardCharsets.UTF_8)).run();
        // Faults last through the SDK's retries, its successes take one attempt.
        long sdkFailures = tally.failures(Feature.Client.OPENAI_JAVA);
        long sdkSuccesses = tally.calls(Feature.Client.OPENAI_JAVA) - sdkFailures;
        assertThat(server.chatRequestsFrom(FakeOpenAiServer.OPENAI_JAVA))
            .isEqualTo(sdkSuccesses + (MAX_RETRIES + 1) * sdkFailures);
        assertThat(progress.toString(StandardCharsets.UTF_8))
            .contains(settings.requests() + "/" + settings.requests() + " calls done");
        return tally;
      } finally {
        client.close();
      }
    }
  }

  /** The four features over {@code client} and, for the agent, LangChain4j against {@code server}. */
  private static Workload workload(
      WorkloadSettings settings, OpenAIClient client, FakeOpenAiServer server, PrintStream out) {
    SupportAgentService agent =
        new SupportAgentService(
            server.baseUrl(), Duration.ofSeconds(2), MAX_RETRIES, settings.seed(), settings.latencyScale());
    return new Workload(
        settings, new SupportChat(client), new Triage(client), new TicketSummarizer(client), agent, out);
  }

  @Test
  void countsAddUpWithFaultsInjected() throws Exception {
    CallTally tally = run(settings(20, 0.2));

    assertThat(tally.calls()).isEqualTo(20);
    assertThat(tally.successes() + tally.failures()).isEqualTo(tally.calls());
    long byFeature = 0;
    long failuresByFeature = 0;
    for (Feature feature : Feature.values()) {
      byFeature += tally.calls(feature);
      failuresByFeature += tally.failures(feature);
    }
    assertThat(byFeature).isEqualTo(tally.calls());
    assertThat(failuresByFeature).isEqualTo(tally.failures());
    assertThat(tally.failuresByType().values().stream().mapToLong(Long::longValue).sum())
        .isEqualTo(tally.failures());
    assertThat(tally.failuresByType().keySet())
        .isSubsetOf(
            "RateLimitException",
            "InternalServerException",
            "RateLimitException (langchain4j)",
            "InternalServerException (langchain4j)");
    assertThat(tally.inputTokens()).isPositive();
    assertThat(tally.outputTokens()).isPositive();
  }

  @Test
  void everyFeatureSurvivesEveryCallFailing() throws Exception {
    CallTally tally = run(settings(12, 1.0));

    assertThat(tally.calls()).isEqualTo(12);
    assertThat(tally.successes()).isZero();
    assertThat(tally.failures()).isEqualTo(12);
    for (Feature feature : Feature.values()) {
      assertThat(tally.failures(feature)).isEqualTo(tally.calls(feature));
    }
    assertThat(tally.inputTokens()).isZero();
  }

  @Test
  void serveModeKeepsCallingPastTheRequestCountUntilInterruptedAndObeysTheBurstFile(@TempDir Path dir)
      throws Exception {
    Path burstFile = dir.resolve("error-burst");
    WorkloadSettings settings =
        new WorkloadSettings(10, 200, 4, 0, 0, 0.01, 42, true, burstFile, 1.0);
    ByteArrayOutputStream progress = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(progress, true, StandardCharsets.UTF_8);
    try (FakeOpenAiServer server =
        new FakeOpenAiServer(
            new FakeLlmSettings(settings.seed(), settings.latencyScale(), Duration.ofSeconds(3)),
            ResponsePlan.withErrorBurst(
                ResponsePlan.alwaysOk(), new ErrorBurstSwitch(burstFile, out), 1.0, settings.seed()))) {
      OpenAIClient client =
          OpenAIOkHttpClient.builder()
              .baseUrl(server.baseUrl())
              .apiKey("sk-test")
              .maxRetries(MAX_RETRIES)
              .timeout(Duration.ofSeconds(2))
              .build();
      CompletableFuture<CallTally> run = new CompletableFuture<>();
      Thread serving =
          new Thread(
              () -> {
                try {
                  run.complete(
                      workload(settings, client, server, out).run());
                } catch (Throwable e) {
                  run.completeExceptionally(e);
                }
              });
      serving.start();
      try {
        awaitServed(server, 30);
        assertThat(run).isNotDone();
        Files.createFile(burstFile);
        int before = server.servedRequests().size();
        awaitServed(server, before + 3 * (MAX_RETRIES + 1) + 4);
        assertThat(server.servedRequests().subList(before + 4, server.servedRequests().size()))
            .extracting(served -> served.kind())
            .containsOnly(ResponseKind.SERVER_ERROR);
        Files.delete(burstFile);
        before = server.servedRequests().size();
        awaitServed(server, before + 12);
        assertThat(server.servedRequests().subList(before + 4, server.servedRequests().size()))
            .extracting(served -> served.kind())
            .containsOnly(ResponseKind.OK);
      } finally {
        serving.interrupt();
        serving.join(10_000);
        client.close();
      }
      assertThat(serving.isAlive()).isFalse();
      assertThatThrownByRun(run);
    }
    String printed = progress.toString(StandardCharsets.UTF_8);
    assertThat(printed).contains("  10 calls done", "  20 calls done").doesNotContain("/10 calls done");
    assertThat(printed).contains("error burst started at ", "error burst ended at ");
  }

  private static void assertThatThrownByRun(CompletableFuture<CallTally> run) throws Exception {
    try {
      run.get(1, TimeUnit.SECONDS);
      throw new AssertionError("serve mode returned on its own");
    } catch (ExecutionException e) {
      assertThat(e.getCause()).isInstanceOf(InterruptedException.class);
    }
  }

  private static void awaitServed(FakeOpenAiServer server, int count) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (server.servedRequests().size() < count) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("the server got " + server.servedRequests().size() + " requests, expected " + count);
      }
      Thread.sleep(10);
    }
  }

  @Test
  void drawsTheFeatureMixFromTheSeed() {
    java.util.Random random = new java.util.Random(42);
    int[] counts = new int[Feature.values().length];
    for (int i = 0; i < 10_000; i++) {
      counts[Feature.forDraw(random.nextDouble()).ordinal()]++;
    }
    assertThat(counts[Feature.SUPPORT_CHAT.ordinal()]).isBetween(4300, 4700);
    assertThat(counts[Feature.TRIAGE.ordinal()]).isBetween(2300, 2700);
    assertThat(counts[Feature.TICKET_SUMMARY.ordinal()]).isBetween(1300, 1700);
    assertThat(counts[Feature.SUPPORT_AGENT.ordinal()]).isBetween(1300, 1700);
  }

  @Test
  void readsTheKnobsFromProperties() {
    Properties properties = new Properties();
    properties.setProperty("demo.requests", "20");
    properties.setProperty("demo.latencyScale", "0.01");
    properties.setProperty("demo.errorRate", "0");

    WorkloadSettings settings = WorkloadSettings.from(properties);

    assertThat(settings).isEqualTo(new WorkloadSettings(20, 60, 8, 0, 0.01, 0.01, 42));
    properties.setProperty("demo.serve", "true");
    properties.setProperty("demo.errorBurstFile", "/tmp/burst");
    properties.setProperty("demo.errorBurstRate", "0.5");
    assertThat(WorkloadSettings.from(properties))
        .isEqualTo(new WorkloadSettings(20, 60, 8, 0, 0.01, 0.01, 42, true, Path.of("/tmp/burst"), 0.5));
    assertThat(WorkloadSettings.defaults()).isEqualTo(new WorkloadSettings(300, 60, 8, 0.05, 0.01, 1.0, 42));
  }
}
