package dev.llmlens.benchmarks;

import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * One openai-java chat completion, as the application sees it: the whole client (request JSON,
 * transport, response parsing) plus whatever the agent of the fork adds. Over {@code loopback},
 * OkHttp to the loopback server; {@code in-process}, {@link InProcessTransport}, with no socket or
 * scheduler in the figure, so an agent's own microseconds show (the OpenTelemetry agent does not
 * observe those calls, see {@link OpenAiCalls#inProcess}). The loopback server runs either way, as
 * the OTLP sink the agents export to. Run by {@link PerCallComparison}, which forks it per setup
 * and sets the iteration counts. A fork with llmlens fails unless llmlens exported something
 * naming the model it called: a build that failed to weave would look cheap.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class OpenAiCallBenchmark {

  private static final String MODEL = "gpt-4o-mini";

  @Param({"loopback", "in-process"})
  public String transport;

  private LoopbackServer server;
  private OpenAiCalls calls;
  private ChatCompletionCreateParams blocking;
  private ChatCompletionCreateParams streamed;

  @Setup
  public void setUp() throws IOException {
    server = LoopbackServer.start();
    server.watchExportsNaming(MODEL, false);
    calls = transport.equals("in-process") ? OpenAiCalls.inProcess() : new OpenAiCalls(server.baseUrl());
    blocking = OpenAiCalls.params(MODEL, false);
    streamed = OpenAiCalls.params(MODEL, true);
  }

  @TearDown
  public void tearDown() throws ReflectiveOperationException {
    calls.close();
    long observed = server.observedExports();
    server.close();
    // llmlens observes both transports (the OpenTelemetry agent only the loopback one).
    if (LlmlensSwitch.find() != null && observed == 0) {
      throw new IllegalStateException("llmlens exported nothing naming " + MODEL + ": it did not observe the calls");
    }
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
