package dev.llmlens.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmlens.e2e.fixture.ChildJvm;
import dev.llmlens.e2e.fixture.MetricsView;
import dev.llmlens.e2e.fixture.OtlpReceiver;
import dev.llmlens.e2e.fixture.ScriptedOpenAiServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The collector fails while a busy app (4 threads, {@value #CALLS} calls) runs with the built
 * agent: it refuses connections, accepts and never answers, answers 500 or 429 (gRPC
 * UNAVAILABLE or RESOURCE_EXHAUSTED), or answers after 3 s. For each fault:
 *
 * <ul>
 *   <li>the app's calls keep their latency: the median call with the agent is within 2x (+5 ms)
 *       of the same run without the agent;
 *   <li>memory stays bounded: heap after GC within 64 MiB of the run without the agent;
 *   <li>the failures are counted: {@code llmlens.export.failures} for metrics (and traces when
 *       exports failed), and every span is either delivered or counted in {@code
 *       llmlens.spans.dropped}, exactly;
 *   <li>once the collector is back, the kept metrics arrive: exactly {@value #CALLS} requests;
 *   <li>the JVM still exits within 5 s of {@code main} returning.
 * </ul>
 */
class BackendFaultsTest {

  static final String LOAD_APP = "dev.llmlens.e2e.app.CallLoadApp";
  static final int CALLS = 500;
  private static final Pattern P50 = Pattern.compile("(?m)^LATENCY p50_us=(\\d+) p99_us=(\\d+)$");
  private static final Pattern HEAP = Pattern.compile("(?m)^HEAP used_after_gc_kb=(\\d+)$");

  static ScriptedOpenAiServer server;
  static ChildJvm.Result baseline;

  /** What the collector does while it is down, and how it comes back. */
  enum Fault {
    REFUSED("grpc"),
    HANGS("grpc"),
    HTTP_500("http/protobuf"),
    HTTP_429("http/protobuf"),
    GRPC_UNAVAILABLE("grpc"),
    GRPC_RESOURCE_EXHAUSTED("grpc"),
    VERY_SLOW("http/protobuf");

    final String protocol;

    Fault(String protocol) {
      this.protocol = protocol;
    }

    /** A receiver already failing this way; for REFUSED none listens yet (see {@link #recover}). */
    OtlpReceiver breakDown() {
      if (this == REFUSED) {
        return null;
      }
      OtlpReceiver receiver = OtlpReceiver.start();
      switch (this) {
        case HANGS -> receiver.hang(true);
        case HTTP_500 -> receiver.respondWith(500);
        case HTTP_429, GRPC_RESOURCE_EXHAUSTED -> receiver.respondWith(429);
        case GRPC_UNAVAILABLE -> receiver.respondWith(503);
        case VERY_SLOW -> receiver.answerAfter(Duration.ofSeconds(3));
        default -> throw new AssertionError(this);
      }
      return receiver;
    }

    OtlpReceiver recover(OtlpReceiver receiver, int refusedPort) {
      if (this == REFUSED) {
        return OtlpReceiver.start(refusedPort, 0);
      }
      receiver.hang(false);
      receiver.respondWith(200);
      receiver.answerAfter(Duration.ZERO);
      return receiver;
    }
  }

  /**
   * The exporters retry a refused or throttled export 5 times over about 8 s, and an export that
   * succeeds on a retry is not a failure: the outage must outlast one whole export, or whether a
   * failure is counted depends on how fast the machine ran the calls.
   */
  private static void outlastOneExport(Fault fault, OtlpReceiver receiver) {
    if (fault == Fault.VERY_SLOW) {
      return;
    }
    if (receiver == null) {
      sleep(Duration.ofSeconds(15));
      return;
    }
    // An export is 1 attempt + 4 retries. Span exports stop once the calls' few batches are
    // sent or dropped; metric exports go on every 500 ms, so 20 attempts hold a whole failed
    // metric export. A hanging collector fails an export by its 10 s timeout instead.
    assertThat(await(() -> receiver.requestCount() >= 20, Duration.ofSeconds(40)) || fault == Fault.HANGS)
        .as("a whole export failed during the outage; attempts %d", receiver.requestCount())
        .isTrue();
    if (fault == Fault.HANGS) {
      sleep(Duration.ofSeconds(12));
    }
  }

  private static void sleep(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  @BeforeAll
  static void runWithoutTheAgent() {
    server = ScriptedOpenAiServer.start();
    server.setDefault(OpenAiScript::byModel);
    baseline = load(ScenarioApps.withoutAgent(ScenarioApps.chatApp(), LOAD_APP), CALLS).run().requireSuccess();
  }

  @AfterAll
  static void stopServer() {
    server.close();
  }

  @ParameterizedTest
  @EnumSource(Fault.class)
  void theAppKeepsItsPaceAndTheKeptMetricsArriveOnceTheCollectorIsBack(Fault fault, @TempDir Path dir)
      throws IOException {
    int refusedPort = ScenarioApps.freePort();
    OtlpReceiver receiver = fault.breakDown();
    String endpoint = receiver == null ? "http://127.0.0.1:" + refusedPort
        : fault.protocol.equals("grpc") ? receiver.grpcEndpoint() : receiver.httpEndpoint();
    Path comeBack = dir.resolve("collector-is-back");
    try (ChildJvm.Running app =
        load(withOtlp(fault.protocol, endpoint), CALLS).systemProperty("scenario.awaitFile", comeBack.toString()).start()) {
      app.awaitStdoutLine("WAITING", Duration.ofSeconds(240));
      if (receiver != null) {
        assertThat(receiver.requestCount()).as("export attempts during the outage").isPositive();
        if (fault != Fault.VERY_SLOW) {
          assertThat(receiver.metrics().metricNames()).doesNotContain("ai.requests");
        }
      }
      assertPaceAndMemoryKept(fault, app.stdout());
      outlastOneExport(fault, receiver);

      receiver = fault.recover(receiver, refusedPort);
      OtlpReceiver back = receiver;
      assertThat(await(() -> requests(back) == CALLS, Duration.ofSeconds(45)))
          .as("all %d requests arrive after the collector came back; got %s", CALLS, requests(back))
          .isTrue();
      // Conservation: each span is delivered or counted as dropped, none twice, none forgotten.
      assertThat(await(() -> back.spans().size() + dropped(back) == CALLS, Duration.ofSeconds(45)))
          .as("spans received %d + counted as dropped %d == %d", back.spans().size(), dropped(back), CALLS)
          .isTrue();
      MetricsView metrics = back.metrics();
      if (fault != Fault.VERY_SLOW) {
        assertThat(metrics.sum("llmlens.export.failures", Map.of("signal", "metrics", "exporter", "otlp")))
            .as("failed metric exports counted").isGreaterThanOrEqualTo(1);
      }
      if (dropped(back) > 0) {
        assertThat(metrics.sum("llmlens.export.failures", Map.of("signal", "traces", "exporter", "otlp"))).isGreaterThanOrEqualTo(1);
      }
      assertThat(metrics.sum("ai.active_requests", Map.of())).isEqualTo(0);
      System.out.printf("BackendFaultsTest %s: spans delivered %d, counted dropped %.0f, failed exports %s%n",
          fault, back.spans().size(), dropped(back), metrics.attributeSets("llmlens.export.failures"));

      Files.createFile(comeBack);
      ChildJvm.Result result = app.await(Duration.ofSeconds(60)).requireSuccess();
      assertThat(result.sinceMarker(ScenarioApps.DONE)).isLessThan(Duration.ofSeconds(5));
      // The SDK's own export warnings are expected (rate-limited by the SDK); nothing else.
      assertThat(result.stderr().lines().filter(line -> line.contains("[llmlens] WARN")))
          .allMatch(line -> line.startsWith("[llmlens] WARN OpenTelemetry SDK: "));
    } finally {
      if (receiver != null) {
        receiver.close();
      }
    }
  }

  /** Refused and hanging collectors: {@code BadInputTest}; here the ones that answer badly. */
  @ParameterizedTest
  @EnumSource(value = Fault.class, names = {"HTTP_500", "VERY_SLOW"})
  void theJvmExitsWithinFiveSecondsWhileTheCollectorIsDown(Fault fault) {
    int refusedPort = ScenarioApps.freePort();
    OtlpReceiver receiver = fault.breakDown();
    try {
      String endpoint = receiver == null ? "http://127.0.0.1:" + refusedPort
          : fault.protocol.equals("grpc") ? receiver.grpcEndpoint() : receiver.httpEndpoint();
      ChildJvm.Result result = load(withOtlp(fault.protocol, endpoint), 50).run().requireSuccess();
      assertThat(result.stdout()).contains("CALLS 50 ok=50 errors=0");
      assertThat(result.sinceMarker(ScenarioApps.DONE)).isLessThan(Duration.ofSeconds(5));
      System.out.printf("BackendFaultsTest %s: exit %d ms after main returned%n", fault,
          result.sinceMarker(ScenarioApps.DONE).toMillis());
    } finally {
      if (receiver != null) {
        receiver.close();
      }
    }
  }

  private static void assertPaceAndMemoryKept(Fault fault, String withAgent) {
    long p50With = group(P50, withAgent, 1);
    long p50Without = group(P50, baseline.stdout(), 1);
    long heapWith = group(HEAP, withAgent, 1);
    long heapWithout = group(HEAP, baseline.stdout(), 1);
    System.out.printf("BackendFaultsTest %s: p50 %d us with the agent, %d us without; heap after GC %d KiB with, %d KiB without%n",
        fault, p50With, p50Without, heapWith, heapWithout);
    assertThat(withAgent).contains("CALLS " + CALLS + " ok=" + CALLS + " errors=0");
    assertThat(p50With).isLessThanOrEqualTo(2 * p50Without + 5_000);
    assertThat(heapWith).isLessThanOrEqualTo(heapWithout + 64 * 1024);
  }

  static ChildJvm.Builder load(ChildJvm.Builder builder, int calls) {
    return builder
        .mainClass(LOAD_APP)
        .jvmArg("-Xmx256m")
        .systemProperty("scenario.calls", String.valueOf(calls))
        .args(server.baseUrl(), "4")
        .timeout(Duration.ofSeconds(300));
  }

  /** The agent exporting metrics (every 500 ms) and spans (every 100 ms) over OTLP. */
  static ChildJvm.Builder withOtlp(String protocol, String endpoint) {
    return ScenarioApps.withAgent(ScenarioApps.chatApp(), LOAD_APP)
        .systemProperty("otel.metrics.exporter", "otlp")
        .systemProperty("otel.traces.exporter", "otlp")
        .systemProperty("otel.exporter.otlp.protocol", protocol)
        .systemProperty("otel.exporter.otlp.endpoint", endpoint)
        .systemProperty("otel.metric.export.interval", "500")
        .systemProperty("otel.bsp.schedule.delay", "100");
  }

  private static double requests(OtlpReceiver receiver) {
    MetricsView metrics = receiver.metrics();
    return metrics.metricNames().contains("ai.requests") ? metrics.sum("ai.requests", Map.of()) : -1;
  }

  private static double dropped(OtlpReceiver receiver) {
    MetricsView metrics = receiver.metrics();
    return metrics.metricNames().contains("llmlens.spans.dropped") ? metrics.sum("llmlens.spans.dropped", Map.of()) : 0;
  }

  private static long group(Pattern pattern, String text, int group) {
    Matcher matcher = pattern.matcher(text);
    if (!matcher.find()) {
      throw new AssertionError("no line matching " + pattern + " in\n" + text);
    }
    return Long.parseLong(matcher.group(group));
  }

  static boolean await(BooleanSupplier condition, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (condition.getAsBoolean()) {
        return true;
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }
    return condition.getAsBoolean();
  }
}
