package com.acme.support.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.acme.support.fakellm.FakeLlmSettings;
import com.acme.support.fakellm.FakeOpenAiServer;
import com.acme.support.fakellm.ResponseKind;
import com.acme.support.fakellm.ResponsePlan;
import com.acme.support.fakellm.ServedRequest;
import dev.langchain4j.exception.InternalServerException;
import dev.langchain4j.service.Result;
import dev.langchain4j.service.tool.ToolExecution;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The LangChain4j agent against the fake server, through LangChain4j's real OpenAI module. */
class SupportAgentServiceTest {
  private FakeOpenAiServer server;

  private SupportAgentService start(ResponsePlan plan) throws Exception {
    return start(plan, 0.01);
  }

  /** The server's latency is always scaled by 0.01; the tools' by {@code toolLatencyScale}. */
  private SupportAgentService start(ResponsePlan plan, double toolLatencyScale) throws Exception {
    server = new FakeOpenAiServer(new FakeLlmSettings(42, 0.01, Duration.ofSeconds(3)), plan);
    return new SupportAgentService(server.baseUrl(), Duration.ofSeconds(2), 2, 42, toolLatencyScale);
  }

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  @Test
  void embedsTheFaqOnceAtStartUp() throws Exception {
    SupportAgentService agent = start(ResponsePlan.alwaysOk());

    assertThat(agent.stats().embeddingCalls()).isEqualTo(1);
    assertThat(agent.stats().embeddedTexts()).isEqualTo(10);
    assertThat(server.embeddingRequestCount()).isEqualTo(1);
    assertThat(server.embeddingInputCount()).isEqualTo(10);
    assertThat(server.requestCount()).isZero();
  }

  @Test
  void aQuestionAboutAnOrdersRefundRunsBothToolsThenAnswers() throws Exception {
    SupportAgentService agent = start(ResponsePlan.alwaysOk(), 1.0);

    // Customer 1 asks about the stove of order #200041 and wants a refund.
    Result<String> result = agent.answerNextQuestion();

    assertThat(result.toolExecutions())
        .extracting(execution -> execution.request().name(), execution -> execution.request().arguments())
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("orderStatus", "{\"orderId\":\"200041\"}"),
            org.assertj.core.groups.Tuple.tuple("refundPolicy", "{\"orderId\":\"200041\"}"));
    assertThat(result.toolExecutions().get(0).result()).startsWith("Order #200041: ");
    assertThat(result.sources()).hasSize(2);
    assertThat(result.content()).isNotBlank();
    // Two chat requests: the one answered with tool calls, the one with their results.
    assertThat(server.chatRequestsFrom(FakeOpenAiServer.LANGCHAIN4J)).isEqualTo(2);
    assertThat(server.chatRequestsFrom(FakeOpenAiServer.OPENAI_JAVA)).isZero();
    AgentStats stats = agent.stats();
    assertThat(stats.chatCalls()).isEqualTo(2);
    assertThat(stats.chatFailures()).isZero();
    assertThat(stats.toolCallAnswers()).isEqualTo(1);
    assertThat(stats.toolExecutions()).containsExactly(Map.entry("orderStatus", 1L), Map.entry("refundPolicy", 1L));
    // The question was embedded for the FAQ lookup.
    assertThat(stats.embeddingCalls()).isEqualTo(2);
    assertThat(stats.embeddedTexts()).isEqualTo(11);
    long served = server.servedRequests().stream().mapToLong(ServedRequest::promptTokens).sum();
    assertThat(stats.chatInputTokens()).isEqualTo(served);
    assertThat(result.tokenUsage().inputTokenCount()).isEqualTo((int) served);
    assertThat(stats.chatOutputTokens())
        .isEqualTo(server.servedRequests().stream().mapToLong(ServedRequest::completionTokens).sum());
    // refundPolicy sleeps 300-800 ms, orderStatus 2-8 ms (more on a busy machine).
    assertThat(stats.meanToolMillis("refundPolicy")).isBetween(300.0, 1000.0);
    assertThat(stats.meanToolMillis("orderStatus")).isBetween(2.0, 200.0);
  }

  @Test
  void theSecondQuestionCarriesTheFirstTurnInItsMemory() throws Exception {
    SupportAgentService agent = start(ResponsePlan.alwaysOk());

    agent.answerNextQuestion();
    long firstTurnPrompt = server.servedRequests().get(0).promptTokens();
    Result<String> second = agent.answerNextQuestion();

    // Same customer: the refund question about order #200041, with the first turn before it.
    assertThat(second.toolExecutions()).extracting(ToolExecution::request)
        .extracting(request -> request.arguments())
        .containsOnly("{\"orderId\":\"200041\"}");
    assertThat(server.servedRequests().get(2).promptTokens()).isGreaterThan(firstTurnPrompt + 50);
  }

  @Test
  void aPersistent500FailsTheInvocationAfterLangChain4jsRetries() throws Exception {
    SupportAgentService agent =
        start(ResponsePlan.scripted(ResponseKind.SERVER_ERROR, ResponseKind.SERVER_ERROR, ResponseKind.SERVER_ERROR));

    assertThatThrownBy(agent::answerNextQuestion).isInstanceOf(InternalServerException.class);

    assertThat(server.chatRequestsFrom(FakeOpenAiServer.LANGCHAIN4J)).isEqualTo(3);
    assertThat(agent.stats().chatCalls()).isEqualTo(1);
    assertThat(agent.stats().chatFailures()).isEqualTo(1);
    assertThat(agent.stats().toolExecutions().values()).containsOnly(0L);
  }
}
