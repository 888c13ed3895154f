package dev.llmlens.e2e;

import dev.llmlens.e2e.fixture.ChildJvm;
import dev.llmlens.e2e.fixture.OtlpReceiver;
import dev.llmlens.e2e.fixture.PrometheusScrape;
import dev.llmlens.e2e.fixture.RecordedRequest;
import dev.llmlens.e2e.fixture.ScriptedOpenAiServer;
import io.opentelemetry.proto.trace.v1.Span;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

/**
 * One run of a LangChain4j scenario app through the built agent: a scripted server answering
 * with {@link LangChain4jScript}, an OTLP receiver for spans, the Prometheus endpoint the app
 * prints at its end; what came out of it.
 *
 * @param result the child JVM's output
 * @param scrape the Prometheus scrape the app printed
 * @param spans every span the OTLP receiver got
 * @param toolCalls the tool calls the script asked for
 * @param requests the requests the server received
 */
record LangChain4jRun(
    ChildJvm.Result result,
    PrometheusScrape scrape,
    List<Span> spans,
    List<dev.llmlens.e2e.fixture.ScriptedResponse.ToolCall> toolCalls,
    List<RecordedRequest> requests) {

  /** The LangChain4j scenario app on the version the project builds with. */
  static LangChain4jRun of(String plan) {
    return of(ScenarioApps.langchain4jApp(), ScenarioApps.LANGCHAIN4J_APP, plan, UnaryOperator.identity());
  }

  static LangChain4jRun of(
      List<Path> classpath, String mainClass, String plan, UnaryOperator<ChildJvm.Builder> options) {
    LangChain4jScript script = new LangChain4jScript();
    try (ScriptedOpenAiServer server = ScriptedOpenAiServer.start();
        OtlpReceiver receiver = OtlpReceiver.start()) {
      server.setDefault(script::answer);
      ChildJvm.Builder child =
          ScenarioApps.withAgentAndScrape(classpath, mainClass)
              .systemProperty("otel.traces.exporter", "otlp")
              .systemProperty("otel.exporter.otlp.protocol", "http/protobuf")
              .systemProperty("otel.exporter.otlp.endpoint", receiver.httpEndpoint())
              .args(server.baseUrl(), plan)
              // Seconds of work that other builds on the same two cores can stretch many times.
              .timeout(java.time.Duration.ofMinutes(3));
      ChildJvm.Result result = options.apply(child).run().requireSuccess();
      PrometheusScrape scrape = PrometheusScrape.parse(ScenarioApps.printedScrape(result));
      return new LangChain4jRun(result, scrape, receiver.spans(), script.toolCalls(), server.requests());
    }
  }

  /** The lines the app printed about its steps. */
  List<String> callLines() {
    return ScenarioApps.callLines(result);
  }

  /** How many requests the server got, by the model they named (embeddings included). */
  Map<String, Long> attemptsByModel() {
    return requests.stream().collect(Collectors.groupingBy(OpenAiScript::model, Collectors.counting()));
  }

  /** {@code ai_requests_total} summed over the series with these labels (0 when none has them). */
  double requests(Map<String, String> labels) {
    return scrape.samples("ai_requests_total").isEmpty() ? 0 : scrape.value("ai_requests_total", labels);
  }

  /** Spans by name. */
  List<Span> spans(String name) {
    return spans.stream().filter(span -> span.getName().equals(name)).toList();
  }

  /** {@code ai_tool_duration_seconds} observations of this tool at or below {@code le}. */
  double toolDurationsAtMost(String tool, String le) {
    return scrape.value("ai_tool_duration_seconds_bucket", Map.of("tool", tool, "le", le));
  }
}
