package dev.llmlens.e2e;

import static dev.llmlens.e2e.LangChain4jScript.FINAL_ANSWER;
import static dev.llmlens.e2e.LangChain4jScript.FINAL_INPUT;
import static dev.llmlens.e2e.LangChain4jScript.FINAL_OUTPUT;
import static dev.llmlens.e2e.LangChain4jScript.STREAM_INPUT;
import static dev.llmlens.e2e.LangChain4jScript.STREAM_OUTPUT;
import static dev.llmlens.e2e.LangChain4jScript.TOKENS_PER_INPUT;
import static dev.llmlens.e2e.LangChain4jScript.TOOL_CALL_INPUT;
import static dev.llmlens.e2e.LangChain4jScript.TOOL_CALL_OUTPUT;
import static org.assertj.core.api.Assertions.assertThat;

import dev.llmlens.e2e.fixture.ChildJvm;
import dev.llmlens.e2e.fixture.MetricsView;
import dev.llmlens.e2e.fixture.PrometheusScrape;
import dev.llmlens.e2e.fixture.ScriptedOpenAiServer;
import dev.llmlens.e2e.fixture.ScriptedResponse.ToolCall;
import io.opentelemetry.proto.trace.v1.Span;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * LangChain4j (the version the project builds with) through the built agent: chat models,
 * streaming, embeddings, an AI service whose tools are one fast and one slow, RAG with a chat
 * memory, a failing tool. Model calls are counted once each with LangChain4j's own exceptions
 * mapped to the error taxonomy; AI service calls, tools, stores, retrievers and memories get
 * their metrics and spans.
 */
class LangChain4jEndToEndTest {

  static final String CALLS_PLAN =
      "2*chat,chat-error-429,chat-error-500,chat-error-401,chat-error-404,chat-error-400-context,"
          + "chat-error-timeout,stream,stream-error,embed";

  static final List<String> CALLS_LINES =
      List.of(
          "CALL 0 chat gpt-4o OK Scripted answer. 12 7",
          "CALL 1 chat gpt-4o OK Scripted answer. 12 7",
          "CALL 2 chat limited ERROR dev.langchain4j.exception.RateLimitException",
          "CALL 3 chat broken ERROR dev.langchain4j.exception.InternalServerException",
          "CALL 4 chat unauthorized ERROR dev.langchain4j.exception.AuthenticationException",
          "CALL 5 chat unknown-model ERROR dev.langchain4j.exception.ModelNotFoundException",
          "CALL 6 chat too-long ERROR dev.langchain4j.exception.InvalidRequestException",
          "CALL 7 chat slow ERROR dev.langchain4j.exception.TimeoutException",
          "CALL 8 stream streamed-usage STREAM \"Your parcel\" complete 9 2",
          "CALL 9 stream-error broken STREAM \"\" onError dev.langchain4j.exception.InternalServerException",
          "CALL 10 embed text-embedding-3-small OK 3 vectors 12 null");

  @Test
  void theApplicationSeesTheSameWithoutTheAgent() {
    try (ScriptedOpenAiServer server = ScriptedOpenAiServer.start()) {
      server.setDefault(new LangChain4jScript()::answer);
      ChildJvm.Result without =
          ScenarioApps.withoutAgent(ScenarioApps.langchain4jApp(), ScenarioApps.LANGCHAIN4J_APP)
              .args(server.baseUrl(), CALLS_PLAN + ",agent,tool-throws")
              .timeout(java.time.Duration.ofMinutes(3))
              .run()
              .requireSuccess();
      assertThat(ScenarioApps.callLines(without))
          .containsExactlyElementsOf(
              concat(CALLS_LINES,
                  "CALL 11 agent gpt-4o OK " + FINAL_ANSWER + " (fastTool 1, slowTool 1)",
                  "CALL 12 tool-throws gpt-4o OK " + FINAL_ANSWER));
    }
  }

  @Test
  void everyModelCallIsOneRequestWithItsOutcomeTokensAndErrorType() {
    LangChain4jRun run = LangChain4jRun.of(CALLS_PLAN);
    PrometheusScrape scrape = run.scrape();

    assertThat(run.result().stderr()).doesNotContain("[llmlens] WARN");
    assertThat(run.callLines()).containsExactlyElementsOf(CALLS_LINES);
    // LangChain4j retried the 429, the 500 and the timeout once (maxRetries 1): one request each.
    assertThat(run.attemptsByModel())
        .containsEntry("limited", 2L)
        .containsEntry("broken", 3L)
        .containsEntry("slow", 2L);

    assertThat(run.requests(Map.of())).isEqualTo(11);
    assertThat(run.requests(Map.of("provider", "openai"))).isEqualTo(11);
    assertThat(run.requests(Map.of("feature", "unknown"))).isEqualTo(11);
    assertThat(run.requests(Map.of("operation", "chat", "model", "gpt-4o", "status", "success"))).isEqualTo(2);
    assertThat(run.requests(Map.of("operation", "chat", "model", "streamed-usage", "status", "success"))).isEqualTo(1);
    assertThat(run.requests(Map.of("operation", "embeddings", "model", "text-embedding-3-small", "status", "success"))).isEqualTo(1);
    assertThat(run.requests(Map.of("status", "error"))).isEqualTo(7);
    assertThat(run.requests(Map.of("model", "broken", "status", "error"))).isEqualTo(2);

    assertThat(scrape.value("ai_errors_total", Map.of())).isEqualTo(7);
    assertThat(scrape.value("ai_errors_total", Map.of("model", "limited", "error_type", "rate_limit"))).isEqualTo(1);
    assertThat(scrape.value("ai_errors_total", Map.of("model", "broken", "error_type", "server_error"))).isEqualTo(2);
    assertThat(scrape.value("ai_errors_total", Map.of("model", "unauthorized", "error_type", "authentication"))).isEqualTo(1);
    assertThat(scrape.value("ai_errors_total", Map.of("model", "unknown-model", "error_type", "not_found"))).isEqualTo(1);
    assertThat(scrape.value("ai_errors_total", Map.of("model", "too-long", "error_type", "context_length_exceeded"))).isEqualTo(1);
    assertThat(scrape.value("ai_errors_total", Map.of("model", "slow", "error_type", "timeout"))).isEqualTo(1);

    assertThat(scrape.value("ai_tokens_total", Map.of("model", "gpt-4o", "direction", "input"))).isEqualTo(24);
    assertThat(scrape.value("ai_tokens_total", Map.of("model", "gpt-4o", "direction", "output"))).isEqualTo(14);
    assertThat(scrape.value("ai_tokens_total", Map.of("model", "streamed-usage", "direction", "input"))).isEqualTo(STREAM_INPUT);
    assertThat(scrape.value("ai_tokens_total", Map.of("model", "streamed-usage", "direction", "output"))).isEqualTo(STREAM_OUTPUT);
    assertThat(scrape.value("ai_tokens_total", Map.of("model", "text-embedding-3-small", "direction", "input"))).isEqualTo(3 * TOKENS_PER_INPUT);
    assertThat(scrape.value("ai_tokens_total", Map.of())).isEqualTo(24 + 14 + STREAM_INPUT + STREAM_OUTPUT + 3 * TOKENS_PER_INPUT);

    assertThat(scrape.value("ai_time_to_first_token_seconds_count", Map.of("model", "streamed-usage"))).isEqualTo(1);
    assertThat(scrape.value("ai_time_to_first_token_seconds_count", Map.of())).isEqualTo(1);
    assertThat(scrape.value("ai_request_duration_seconds_count", Map.of())).isEqualTo(11);
    assertThat(scrape.value("ai_request_duration_seconds_count", Map.of("model", "slow", "status", "error"))).isEqualTo(1);
    assertThat(scrape.value("ai_active_requests", Map.of())).isEqualTo(0);
    // Plain model calls are no agent invocation.
    assertThat(scrape.sampleNames()).doesNotContain("ai_tool_calls_total");
    assertThat(componentCount(scrape, "agent", "invoke_agent", Map.of())).isZero();

    assertThat(run.spans("chat gpt-4o")).hasSize(2).allMatch(span -> span.getKind() == Span.SpanKind.SPAN_KIND_CLIENT);
    Map<String, String> attributes = MetricsView.attributes(run.spans("chat gpt-4o").get(0).getAttributesList());
    assertThat(attributes)
        .containsEntry("gen_ai.operation.name", "chat")
        .containsEntry("gen_ai.provider.name", "openai")
        .containsEntry("gen_ai.request.model", "gpt-4o");
  }

  @Test
  void aStreamWhoseHandlerThrowsIsOneRequestAndNothingStaysActive() {
    LangChain4jRun run = LangChain4jRun.of("stream-handler-throws");

    // LangChain4j hands the handler's own exception to its onError and completes the stream.
    assertThat(run.callLines())
        .containsExactly(
            "CALL 0 stream-handler-throws streamed-usage STREAM \"Your parcel\" onError java.lang.IllegalStateException complete 9 2");
    assertThat(run.requests(Map.of())).isEqualTo(1);
    // The application's own failure is no failure of the call (as with openai-java's streams in
    // StreamingEndToEndTest): the provider answered in full and billed it, usage counted once.
    assertThat(run.requests(Map.of("model", "streamed-usage", "status", "success")))
        .as("requests of the stream whose handler threw, with status success")
        .isEqualTo(1);
    assertThat(run.scrape().sampleNames()).doesNotContain("ai_errors_total");
    assertThat(run.scrape().value("ai_tokens_total", Map.of("direction", "input"))).isEqualTo(STREAM_INPUT);
    assertThat(run.scrape().value("ai_tokens_total", Map.of("direction", "output"))).isEqualTo(STREAM_OUTPUT);
    assertThat(run.scrape().value("ai_active_requests", Map.of())).isEqualTo(0);
  }

  @Test
  void anAiServiceIsOneAgentInvocationParentOfItsModelCallsAndToolsAndTheSlowToolStandsOut() {
    int times = 5;
    LangChain4jRun run = LangChain4jRun.of(times + "*agent");
    PrometheusScrape scrape = run.scrape();
    Map<String, String> feature = Map.of("feature", "SupportAgent.answer");

    assertThat(run.result().stderr()).doesNotContain("[llmlens] WARN");
    assertThat(run.callLines()).hasSize(times).allMatch(line -> line.endsWith("agent gpt-4o OK " + FINAL_ANSWER + " (fastTool 1, slowTool 1)"));

    assertThat(run.requests(Map.of())).isEqualTo(2 * times);
    assertThat(run.requests(Map.of("feature", "SupportAgent.answer", "operation", "chat", "model", "gpt-4o", "status", "success", "provider", "openai"))).isEqualTo(2 * times);
    assertThat(scrape.value("ai_tokens_total", Map.of("feature", "SupportAgent.answer", "direction", "input"))).isEqualTo(times * (TOOL_CALL_INPUT + FINAL_INPUT));
    assertThat(scrape.value("ai_tokens_total", Map.of("feature", "SupportAgent.answer", "direction", "output"))).isEqualTo(times * (TOOL_CALL_OUTPUT + FINAL_OUTPUT));
    assertThat(scrape.value("ai_tokens_total", Map.of())).isEqualTo(times * (TOOL_CALL_INPUT + FINAL_INPUT + TOOL_CALL_OUTPUT + FINAL_OUTPUT));

    for (String tool : List.of("fastTool", "slowTool")) {
      assertThat(scrape.value("ai_tool_calls_total", Map.of("tool", tool, "feature", "SupportAgent.answer", "status", "success"))).as(tool).isEqualTo(times);
      assertThat(scrape.value("ai_tool_duration_seconds_count", Map.of("tool", tool, "feature", "SupportAgent.answer", "status", "success"))).as(tool).isEqualTo(times);
    }
    assertThat(scrape.value("ai_tool_calls_total", Map.of())).isEqualTo(2 * times);
    assertThat(scrape.value("ai_tool_calls_total", Map.of("status", "error"))).isZero();
    // The slow tool (400 ms) has its p95 above 0.25 s, the fast one (5 ms) at most 0.1 s: fewer
    // than 95 % of the slow tool's calls took <= 0.25 s, at least 95 % of the fast one's <= 0.1 s.
    assertThat(run.toolDurationsAtMost("slowTool", "0.25")).isLessThan(0.95 * times);
    assertThat(run.toolDurationsAtMost("slowTool", "0.1")).isZero();
    assertThat(run.toolDurationsAtMost("fastTool", "0.1")).isGreaterThanOrEqualTo(0.95 * times);
    assertThat(scrape.value("ai_tool_duration_seconds_sum", Map.of("tool", "slowTool"))).isGreaterThanOrEqualTo(0.4 * times);

    assertThat(componentCount(scrape, "agent", "invoke_agent", feature)).isEqualTo(times);
    assertThat(componentCount(scrape, "agent", "invoke_agent", Map.of("status", "success"))).isEqualTo(times);
    assertThat(scrape.value("ai_active_requests", Map.of())).isEqualTo(0);

    List<Span> agents = run.spans("invoke_agent SupportAgent");
    assertThat(agents).hasSize(times);
    Set<String> scriptedIds = run.toolCalls().stream().map(ToolCall::id).collect(Collectors.toSet());
    assertThat(scriptedIds).hasSize(2 * times);
    for (Span agent : agents) {
      assertThat(agent.getKind()).isEqualTo(Span.SpanKind.SPAN_KIND_INTERNAL);
      assertThat(MetricsView.attributes(agent.getAttributesList()))
          .containsEntry("gen_ai.operation.name", "invoke_agent")
          .containsEntry("gen_ai.agent.name", "SupportAgent");
      List<Span> children = childrenOf(run.spans(), agent);
      assertThat(children).extracting(Span::getName)
          .containsExactlyInAnyOrder("chat gpt-4o", "chat gpt-4o", "execute_tool fastTool", "execute_tool slowTool");
      for (Span child : children) {
        if (child.getName().startsWith("chat ")) {
          assertThat(child.getKind()).isEqualTo(Span.SpanKind.SPAN_KIND_CLIENT);
        } else {
          assertThat(child.getKind()).isEqualTo(Span.SpanKind.SPAN_KIND_INTERNAL);
          Map<String, String> tool = MetricsView.attributes(child.getAttributesList());
          assertThat(tool).containsEntry("gen_ai.tool.name", child.getName().substring("execute_tool ".length()));
          assertThat(tool.get("gen_ai.tool.call.id")).isIn(scriptedIds).startsWith("call_" + tool.get("gen_ai.tool.name") + "_");
        }
      }
    }
    Set<String> toolCallIds = run.spans().stream()
        .filter(span -> span.getName().startsWith("execute_tool "))
        .map(span -> MetricsView.attributes(span.getAttributesList()).get("gen_ai.tool.call.id"))
        .collect(Collectors.toSet());
    assertThat(toolCallIds).isEqualTo(scriptedIds);
  }

  @Test
  void aToolThatThrowsIsCountedAsThatToolsError() {
    LangChain4jRun run = LangChain4jRun.of("tool-throws");
    PrometheusScrape scrape = run.scrape();

    // LangChain4j hands the tool's failure to the model, which then answers.
    assertThat(run.callLines()).containsExactly("CALL 0 tool-throws gpt-4o OK " + FINAL_ANSWER);
    assertThat(scrape.value("ai_tool_calls_total", Map.of("tool", "failingTool", "feature", "FlakyAgent.answer", "status", "error"))).isEqualTo(1);
    assertThat(scrape.value("ai_tool_calls_total", Map.of())).isEqualTo(1);
    assertThat(scrape.value("ai_tool_duration_seconds_count", Map.of("tool", "failingTool", "status", "error"))).isEqualTo(1);
    assertThat(run.requests(Map.of("feature", "FlakyAgent.answer", "status", "success"))).isEqualTo(2);
    assertThat(componentCount(scrape, "agent", "invoke_agent", Map.of("feature", "FlakyAgent.answer"))).isEqualTo(1);
    assertThat(run.spans("execute_tool failingTool")).hasSize(1);
  }

  @Test
  void ragLookupsAndChatMemoryAreComponentsOfTheAiService() {
    LangChain4jRun run = LangChain4jRun.of("2*rag");
    PrometheusScrape scrape = run.scrape();
    Map<String, String> feature = Map.of("feature", "DocsAssistant.answer");

    assertThat(run.result().stderr()).doesNotContain("[llmlens] WARN");
    assertThat(run.callLines()).containsExactly("CALL 0 rag gpt-4o OK Scripted answer.", "CALL 1 rag gpt-4o OK Scripted answer.");
    // Filling the store (outside the AI service), then per question the query's embedding and the chat.
    assertThat(run.requests(Map.of("operation", "embeddings", "feature", "unknown"))).isEqualTo(1);
    assertThat(run.requests(Map.of("operation", "embeddings", "feature", "DocsAssistant.answer"))).isEqualTo(2);
    assertThat(run.requests(Map.of("operation", "chat", "feature", "DocsAssistant.answer", "status", "success"))).isEqualTo(2);
    assertThat(run.requests(Map.of())).isEqualTo(5);
    assertThat(scrape.value("ai_tokens_total", Map.of("model", "text-embedding-3-small"))).isEqualTo(5 * TOKENS_PER_INPUT);

    assertThat(componentCount(scrape, "agent", "invoke_agent", feature)).isEqualTo(2);
    assertThat(componentCount(scrape, "embedding_store", "search", feature)).isEqualTo(2);
    assertThat(componentCount(scrape, "embedding_store", "search", Map.of("status", "success"))).isEqualTo(2);
    assertThat(componentCount(scrape, "embedding_store", "add", Map.of())).isPositive();
    assertThat(componentCount(scrape, "content_retriever", "retrieve", feature)).isEqualTo(2);
    assertThat(componentCount(scrape, "chat_memory", "add", feature)).isPositive();
    assertThat(componentCount(scrape, "chat_memory", "messages", feature)).isPositive();
    assertThat(componentCount(scrape, "chat_memory", null, Map.of("status", "error"))).isZero();
    assertThat(scrape.value("ai_active_requests", Map.of())).isEqualTo(0);

    List<Span> retrievals = run.spans("retrieval InMemoryEmbeddingStore");
    assertThat(retrievals).hasSize(2);
    Set<String> agentTraces = run.spans("invoke_agent DocsAssistant").stream().map(span -> span.getTraceId().toStringUtf8()).collect(Collectors.toSet());
    assertThat(agentTraces).hasSize(2);
    assertThat(retrievals).allMatch(span -> agentTraces.contains(span.getTraceId().toStringUtf8()));
  }

  @Test
  void theAiServiceNamesTheFeatureOfItsCallsAndTheConfiguredDefaultNamesTheOthers() {
    LangChain4jRun run =
        LangChain4jRun.of(ScenarioApps.langchain4jApp(), ScenarioApps.LANGCHAIN4J_APP, "chat,agent",
            child -> child.systemProperty("llmlens.feature", "checkout"));

    assertThat(run.requests(Map.of("feature", "checkout"))).isEqualTo(1);
    assertThat(run.requests(Map.of("feature", "SupportAgent.answer"))).isEqualTo(2);
    assertThat(run.scrape().value("ai_tool_calls_total", Map.of("feature", "SupportAgent.answer"))).isEqualTo(2);
    assertThat(run.requests(Map.of())).isEqualTo(3);
  }

  @Test
  void anAttributionRuleNamesTheFeatureOfAnAiServiceAndItsTools() {
    LangChain4jRun run =
        LangChain4jRun.of(ScenarioApps.langchain4jApp(), ScenarioApps.LANGCHAIN4J_APP, "agent",
            child -> child.systemProperty("llmlens.attribution.rules", "dev.llmlens.e2e.langchain4j.LangChain4jScenarioApp=support-desk"));

    assertThat(run.requests(Map.of("feature", "support-desk"))).isEqualTo(2);
    assertThat(run.requests(Map.of())).isEqualTo(2);
    assertThat(run.scrape().value("ai_tool_calls_total", Map.of("feature", "support-desk"))).isEqualTo(2);
    assertThat(componentCount(run.scrape(), "agent", "invoke_agent", Map.of("feature", "support-desk"))).isEqualTo(1);
  }

  /** {@code ai_component_duration_seconds_count} of a component (and operation, unless null). */
  static double componentCount(PrometheusScrape scrape, String component, String operation, Map<String, String> labels) {
    if (scrape.samples("ai_component_duration_seconds_count").isEmpty()) {
      return 0;
    }
    Map<String, String> all = new java.util.HashMap<>(labels);
    all.put("component", component);
    if (operation != null) {
      all.put("operation", operation);
    }
    return scrape.value("ai_component_duration_seconds_count", all);
  }

  private static List<Span> childrenOf(List<Span> spans, Span parent) {
    return spans.stream()
        .filter(span -> span.getTraceId().equals(parent.getTraceId()) && span.getParentSpanId().equals(parent.getSpanId()))
        .toList();
  }

  private static List<String> concat(List<String> first, String... more) {
    List<String> all = new java.util.ArrayList<>(first);
    all.addAll(List.of(more));
    return all;
  }
}
