package dev.llmlens.benchmarks;

import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * One openai-java chat completion against a loopback server, as the application sees it: the
 * whole client (request JSON, OkHttp, response parsing) plus whatever the agent of the fork
 * adds. Run by {@link PerCallComparison}, which forks it with no agent, with llmlens and with
 * the OpenTelemetry agent and sets the iteration counts.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class OpenAiCallBenchmark {

  private LoopbackServer server;
  private OpenAiCalls calls;
  private ChatCompletionCreateParams blocking;
  private ChatCompletionCreateParams streamed;

  @Setup
  public void setUp() throws IOException {
    server = LoopbackServer.start();
    calls = new OpenAiCalls(server.baseUrl());
    blocking = OpenAiCalls.params("gpt-4o-mini", false);
    streamed = OpenAiCalls.params("gpt-4o-mini", true);
  }

  @TearDown
  public void tearDown() {
    calls.close();
    server.close();
  }

  @Benchmark
  public ChatCompletion blockingChat() {
    return calls.chat(blocking);
  }

  @Benchmark
  public long streamingChat() {
    return calls.stream(streamed);
  }
}
