package dev.llmlens.e2e;

import static dev.llmlens.e2e.LangChain4jScript.FINAL_ANSWER;
import static dev.llmlens.e2e.LangChain4jScript.FINAL_INPUT;
import static dev.llmlens.e2e.LangChain4jScript.FINAL_OUTPUT;
import static dev.llmlens.e2e.LangChain4jScript.STREAM_INPUT;
import static dev.llmlens.e2e.LangChain4jScript.STREAM_OUTPUT;
import static dev.llmlens.e2e.LangChain4jScript.TOOL_CALL_INPUT;
import static dev.llmlens.e2e.LangChain4jScript.TOOL_CALL_OUTPUT;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * LangChain4j versions through the built agent, the same scenario app on each: the oldest
 * claimed (1.0.1), a middle one (1.8.0) and the one the project builds with are observed alike
 * (chat, an error, a stream, an AI service with tools); 0.36.2, before 1.0, is refused with one
 * line and its calls are not counted.
 */
class LangChain4jVersionMatrixTest {

  @ParameterizedTest(name = "LangChain4j {0}")
  @ValueSource(strings = {"1.0.1", "1.8.0", "1.19.0"})
  void everySupportedLineIsObservedAlike(String version) {
    List<Path> classpath = version.equals("1.19.0") ? ScenarioApps.langchain4jApp() : ScenarioApps.langchain4jAppOn(version);
    LangChain4jRun run = LangChain4jRun.of(classpath, ScenarioApps.LANGCHAIN4J_APP, "chat,chat-error-429,stream,2*agent", UnaryOperator.identity());

    assertThat(run.result().stderr()).doesNotContain("[llmlens] WARN");
    assertThat(run.callLines())
        .containsExactly(
            "CALL 0 chat gpt-4o OK Scripted answer. 12 7",
            "CALL 1 chat limited ERROR dev.langchain4j.exception.RateLimitException",
            "CALL 2 stream streamed-usage STREAM \"Your parcel\" complete 9 2",
            "CALL 3 agent gpt-4o OK " + FINAL_ANSWER + " (fastTool 1, slowTool 1)",
            "CALL 4 agent gpt-4o OK " + FINAL_ANSWER + " (fastTool 1, slowTool 1)");
    assertThat(run.attemptsByModel()).containsEntry("limited", 2L);

    assertThat(run.requests(Map.of())).isEqualTo(7);
    assertThat(run.requests(Map.of("feature", "unknown", "model", "gpt-4o", "status", "success", "provider", "openai"))).isEqualTo(1);
    assertThat(run.requests(Map.of("feature", "SupportAgent.answer", "model", "gpt-4o", "status", "success"))).isEqualTo(4);
    assertThat(run.scrape().value("ai_errors_total", Map.of("model", "limited", "error_type", "rate_limit"))).isEqualTo(1);
    assertThat(run.scrape().value("ai_tokens_total", Map.of("direction", "input"))).isEqualTo(12 + STREAM_INPUT + 2 * (TOOL_CALL_INPUT + FINAL_INPUT));
    assertThat(run.scrape().value("ai_tokens_total", Map.of("direction", "output"))).isEqualTo(7 + STREAM_OUTPUT + 2 * (TOOL_CALL_OUTPUT + FINAL_OUTPUT));
    assertThat(run.scrape().value("ai_time_to_first_token_seconds_count", Map.of("model", "streamed-usage"))).isEqualTo(1);
    assertThat(run.scrape().value("ai_tool_calls_total", Map.of("tool", "fastTool", "status", "success"))).isEqualTo(2);
    assertThat(run.scrape().value("ai_tool_calls_total", Map.of("tool", "slowTool", "status", "success"))).isEqualTo(2);
    assertThat(LangChain4jEndToEndTest.componentCount(run.scrape(), "agent", "invoke_agent", Map.of("feature", "SupportAgent.answer"))).isEqualTo(2);
    assertThat(run.scrape().value("ai_active_requests", Map.of())).isEqualTo(0);
    assertThat(run.spans("invoke_agent SupportAgent")).hasSize(2);
    assertThat(run.spans("execute_tool slowTool")).hasSize(2);
  }

  @Test
  void aVersionBeforeOneIsRefusedWithOneLineAndItsCallsAreNotCounted() {
    LangChain4jRun run = LangChain4jRun.of(ScenarioApps.langchain4jAppOn("0.36.2"), ScenarioApps.LANGCHAIN4J_LEGACY_APP, "gpt-4o", UnaryOperator.identity());

    assertThat(run.callLines()).containsExactly("CALL 0 legacy-chat gpt-4o OK Scripted answer.");
    assertThat(run.attemptsByModel()).containsExactly(Map.entry("gpt-4o", 1L));
    List<String> refusal =
        run.result().stderr().lines()
            .filter(line -> line.contains("[llmlens]") && line.toLowerCase(Locale.ROOT).contains("langchain4j"))
            .toList();
    assertThat(refusal).hasSize(1);
    assertThat(refusal.get(0)).contains("not instrumented", "supported versions: 1.0");
    assertThat(run.scrape().sampleNames()).doesNotContain("ai_requests_total", "ai_tokens_total");
    assertThat(run.spans()).isEmpty();
  }
}
