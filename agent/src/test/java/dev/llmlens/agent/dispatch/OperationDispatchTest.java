package dev.llmlens.agent.dispatch;

import static dev.llmlens.agent.MetricsContract.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import dev.llmlens.agent.config.AttributionRule;
import dev.llmlens.agent.recorder.TestTelemetry;
import dev.llmlens.instrumentation.api.LlmCallReader;
import dev.llmlens.instrumentation.api.Operation;
import dev.llmlens.instrumentation.api.OperationReader;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.metrics.data.HistogramPointData;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.lang.reflect.InvocationTargetException;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Framework operations through the dispatcher: an agent invocation names the feature of the
 * calls and tools inside it, tools and components get their metrics, agents, tools and
 * retrievals get spans that parent the calls made inside them, and an operation entered again on
 * the same object is one operation.
 */
class OperationDispatchTest {

  private static final String CHAT = "test.chat";
  private static final String AGENT = "test.agent";
  private static final String TOOL = "test.tool";
  private static final String SEARCH = "test.search";
  private static final String MEMORY = "test.memory";
  private static final AttributeKey<String> TOOL_LABEL = AttributeKey.stringKey("tool");
  private static final AttributeKey<String> COMPONENT = AttributeKey.stringKey("component");

  /** Tools: the first argument is the tool name; a result "error" is a failed tool. */
  static final class ToolReader implements OperationReader {
    @Override
    public Operation start(Object target, Object[] arguments) {
      return Operation.tool((String) arguments[0], "call_" + arguments[0]);
    }

    @Override
    public void readResult(Object result, Operation operation) {
      if ("error".equals(result)) {
        operation.fail("tool_error");
      }
    }

    @Override
    public void readCaughtFailure(Throwable error, Operation operation) {
      if (error instanceof InvocationTargetException) {
        operation.fail(error.getCause().getClass().getName());
      }
    }
  }

  private final TestTelemetry telemetry = new TestTelemetry(100);

  private LlmCallDispatcher dispatcher(List<AttributionRule> rules) {
    Map<String, OperationReader> operations = new HashMap<>();
    operations.put(AGENT, (target, arguments) -> arguments.length == 0 ? null : Operation.agent("SupportAgent", (String) arguments[0]));
    operations.put(TOOL, new ToolReader());
    operations.put(SEARCH, (target, arguments) -> Operation.component("embedding_store", "search").retrieval("InMemoryEmbeddingStore"));
    operations.put(MEMORY, (target, arguments) -> Operation.component("chat_memory", "add"));
    return new LlmCallDispatcher(
        Collections.<String, LlmCallReader>singletonMap(CHAT, new ModelNameReader()),
        operations,
        telemetry::recorder,
        new AttributionResolver("support", rules, Collections.<String>emptyList()));
  }

  private final LlmCallDispatcher dispatcher = dispatcher(Collections.<AttributionRule>emptyList());

  @AfterEach
  void close() {
    telemetry.close();
  }

  private void chat(LlmCallDispatcher through, String model) {
    through.onEnd(through.onStart(CHAT, new Object(), model), "ok", null);
  }

  @Test
  void anAgentNamesTheFeatureOfItsCallsAndToolsAndParentsTheirSpans() {
    Object agentTarget = new Object();
    Object agent = dispatcher.onOperationStart(AGENT, agentTarget, new Object[] {"answer"});
    chat(dispatcher, "gpt-4o");
    Object tool = dispatcher.onOperationStart(TOOL, new Object(), new Object[] {"slowTool"});
    dispatcher.onOperationEnd(tool, "ok", null);
    chat(dispatcher, "gpt-4o");
    dispatcher.onOperationEnd(agent, "answered", null);
    chat(dispatcher, "gpt-4o-mini");

    telemetry.collect();
    assertThat(telemetry.longSums("ai.requests"))
        .containsOnly(
            entry(requests("gpt-4o", "SupportAgent.answer"), 2L), entry(requests("gpt-4o-mini", "support"), 1L));
    assertThat(telemetry.longSums("ai.tool.calls"))
        .containsOnly(entry(tool("slowTool", "SupportAgent.answer", "success"), 1L));
    assertThat(telemetry.histogram("ai.component.duration").keySet())
        .containsOnly(component("agent", "invoke_agent", "SupportAgent.answer", "success"));

    List<SpanData> spans = telemetry.spans();
    SpanData agentSpan = span(spans, "invoke_agent SupportAgent");
    assertThat(agentSpan.getKind()).isEqualTo(SpanKind.INTERNAL);
    assertThat(agentSpan.getAttributes().get(GEN_AI_OPERATION_NAME)).isEqualTo("invoke_agent");
    assertThat(agentSpan.getAttributes().get(AttributeKey.stringKey("gen_ai.agent.name"))).isEqualTo("SupportAgent");
    SpanData toolSpan = span(spans, "execute_tool slowTool");
    assertThat(toolSpan.getParentSpanId()).isEqualTo(agentSpan.getSpanId());
    assertThat(toolSpan.getAttributes().get(AttributeKey.stringKey("gen_ai.tool.call.id"))).isEqualTo("call_slowTool");
    assertThat(toolSpan.getAttributes().get(AttributeKey.stringKey("gen_ai.tool.type"))).isEqualTo("function");
    long childrenOfAgent =
        spans.stream().filter(s -> s.getName().equals("chat gpt-4o") && s.getParentSpanId().equals(agentSpan.getSpanId())).count();
    assertThat(childrenOfAgent).isEqualTo(2);
    SpanData outside = span(spans, "chat gpt-4o-mini");
    assertThat(outside.getParentSpanContext().isValid()).as("the agent's span is no longer current").isFalse();
  }

  @Test
  void aCallerRuleStillNamesTheFeatureInsideAnAgent() {
    LlmCallDispatcher withRule =
        dispatcher(Collections.singletonList(new AttributionRule("dev.llmlens.agent.dispatch", "from-rule")));
    Object agent = withRule.onOperationStart(AGENT, new Object(), new Object[] {"answer"});
    chat(withRule, "gpt-4o");
    withRule.onOperationEnd(agent, "answered", null);

    telemetry.collect();
    assertThat(telemetry.longSums("ai.requests")).containsOnly(entry(requests("gpt-4o", "from-rule"), 1L));
  }

  @Test
  void aToolFailsWhenItThrowsWhenTheLibraryCatchesItsExceptionOrWhenItsResultSaysSo() {
    Object thrown = dispatcher.onOperationStart(TOOL, new Object(), new Object[] {"lookup"});
    dispatcher.onOperationEnd(thrown, null, new IllegalStateException("down"));
    Object caught = dispatcher.onOperationStart(TOOL, new Object(), new Object[] {"lookup"});
    dispatcher.onOperationFailed(TOOL, new IllegalAccessException("retried with access"));
    dispatcher.onOperationFailed(TOOL, new InvocationTargetException(new ArithmeticException()));
    dispatcher.onOperationEnd(caught, "the tool failed: / by zero", null);
    Object reported = dispatcher.onOperationStart(TOOL, new Object(), new Object[] {"lookup"});
    dispatcher.onOperationEnd(reported, "error", null);
    Object fine = dispatcher.onOperationStart(TOOL, new Object(), new Object[] {"lookup"});
    dispatcher.onOperationFailed(TOOL, new IllegalAccessException("retried with access"));
    dispatcher.onOperationEnd(fine, "ok", null);

    telemetry.collect();
    assertThat(telemetry.longSums("ai.tool.calls"))
        .containsOnly(
            entry(tool("lookup", "support", "error"), 3L), entry(tool("lookup", "support", "success"), 1L));
    assertThat(telemetry.histogram("ai.tool.duration").get(tool("lookup", "support", "error")).getCount()).isEqualTo(3);
    assertThat(telemetry.spans())
        .extracting(s -> s.getAttributes().get(ERROR_TYPE_SEMCONV))
        .containsExactly("java.lang.IllegalStateException", "java.lang.ArithmeticException", "tool_error", null);
  }

  @Test
  void anOperationEnteredAgainOnTheSameObjectIsOneOperation() {
    Object target = new Object();
    Object outer = dispatcher.onOperationStart(TOOL, target, new Object[] {"lookup"});
    Object again = dispatcher.onOperationStart(TOOL, target, new Object[] {"lookup"});
    Object otherTarget = dispatcher.onOperationStart(TOOL, new Object(), new Object[] {"inner"});
    dispatcher.onOperationEnd(otherTarget, "ok", null);
    dispatcher.onOperationEnd(again, "ok", null);
    dispatcher.onOperationEnd(outer, "ok", null);

    telemetry.collect();
    assertThat(telemetry.longSums("ai.tool.calls"))
        .containsOnly(entry(tool("lookup", "support", "success"), 1L), entry(tool("inner", "support", "success"), 1L));
  }

  @Test
  void retrievalsGetSpansAndMemoryStepsOnlyMetricsInFineBuckets() {
    Object search = dispatcher.onOperationStart(SEARCH, new Object(), new Object[0]);
    Object memory = dispatcher.onOperationStart(MEMORY, new Object(), new Object[0]);
    dispatcher.onOperationEnd(memory, null, null);
    dispatcher.onOperationEnd(search, "found", null);

    telemetry.collect();
    Map<Attributes, HistogramPointData> steps = telemetry.histogram("ai.component.duration");
    assertThat(steps.keySet())
        .containsOnly(
            component("embedding_store", "search", "support", "success"),
            component("chat_memory", "add", "support", "success"));
    assertThat(steps.get(component("chat_memory", "add", "support", "success")).getBoundaries())
        .containsExactly(0.0001, 0.0005, 0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0);
    assertThat(telemetry.spans()).extracting(SpanData::getName).containsExactly("retrieval InMemoryEmbeddingStore");
    SpanData retrieval = telemetry.spans().get(0);
    assertThat(retrieval.getKind()).isEqualTo(SpanKind.CLIENT);
    assertThat(retrieval.getAttributes().get(GEN_AI_OPERATION_NAME)).isEqualTo("retrieval");
    assertThat(retrieval.getAttributes().get(AttributeKey.stringKey("gen_ai.data_source.id")))
        .isEqualTo("InMemoryEmbeddingStore");
  }

  @Test
  void anOperationTheReaderDeclinesIsNotRecorded() {
    assertThat(dispatcher.onOperationStart(AGENT, new Object(), new Object[0])).isNull();
    assertThat(dispatcher.onOperationStart("unknown.kind", new Object(), new Object[0])).isNull();
    dispatcher.onOperationEnd(null, null, null);

    telemetry.collect();
    assertThat(telemetry.metricNames()).doesNotContain("ai.tool.calls", "ai.component.duration");
    assertThat(telemetry.spans()).isEmpty();
  }

  private static SpanData span(List<SpanData> spans, String name) {
    return spans.stream()
        .filter(s -> s.getName().equals(name))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no span " + name + " in " + Arrays.toString(spans.stream().map(SpanData::getName).toArray())));
  }

  private static Attributes requests(String model, String feature) {
    return Attributes.builder()
        .put(PROVIDER, "openai")
        .put(OPERATION, "chat")
        .put(MODEL, model)
        .put(FEATURE, feature)
        .put(STATUS, "success")
        .build();
  }

  private static Attributes tool(String name, String feature, String status) {
    return Attributes.builder().put(TOOL_LABEL, name).put(FEATURE, feature).put(STATUS, status).build();
  }

  private static Attributes component(String component, String operation, String feature, String status) {
    return Attributes.builder()
        .put(COMPONENT, component)
        .put(OPERATION, operation)
        .put(FEATURE, feature)
        .put(STATUS, status)
        .build();
  }
}
