package com.acme.support.agent;

import dev.langchain4j.model.chat.listener.ChatModelErrorContext;
import dev.langchain4j.model.chat.listener.ChatModelListener;
import dev.langchain4j.model.chat.listener.ChatModelResponseContext;
import dev.langchain4j.model.embedding.listener.EmbeddingModelErrorContext;
import dev.langchain4j.model.embedding.listener.EmbeddingModelListener;
import dev.langchain4j.model.embedding.listener.EmbeddingModelResponseContext;
import dev.langchain4j.model.output.TokenUsage;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * What the support agent's LangChain4j models and tools did, as the application sees it: a
 * listener on its chat and embedding models (one event per model call, LangChain4j's retries
 * inside it) and the tools' own timing.
 */
public final class AgentStats implements ChatModelListener, EmbeddingModelListener {
  private final LongAdder chatCalls = new LongAdder();
  private final LongAdder chatFailures = new LongAdder();
  private final LongAdder toolCallAnswers = new LongAdder();
  private final LongAdder chatInputTokens = new LongAdder();
  private final LongAdder chatOutputTokens = new LongAdder();
  private final LongAdder embeddingCalls = new LongAdder();
  private final LongAdder embeddingFailures = new LongAdder();
  private final LongAdder embeddedTexts = new LongAdder();
  private final LongAdder embeddingTokens = new LongAdder();
  private final Map<String, LongAdder[]> tools = new TreeMap<>();

  AgentStats() {
    tools.put(SupportTools.ORDER_STATUS, new LongAdder[] {new LongAdder(), new LongAdder()});
    tools.put(SupportTools.REFUND_POLICY, new LongAdder[] {new LongAdder(), new LongAdder()});
  }

  @Override
  public void onResponse(ChatModelResponseContext context) {
    chatCalls.increment();
    if (context.chatResponse().aiMessage().hasToolExecutionRequests()) {
      toolCallAnswers.increment();
    }
    TokenUsage usage = context.chatResponse().tokenUsage();
    if (usage != null) {
      chatInputTokens.add(orZero(usage.inputTokenCount()));
      chatOutputTokens.add(orZero(usage.outputTokenCount()));
    }
  }

  @Override
  public void onError(ChatModelErrorContext context) {
    chatCalls.increment();
    chatFailures.increment();
  }

  @Override
  public void onResponse(EmbeddingModelResponseContext context) {
    embeddingCalls.increment();
    embeddedTexts.add(context.textSegments().size());
    TokenUsage usage = context.response().tokenUsage();
    if (usage != null) {
      embeddingTokens.add(orZero(usage.inputTokenCount()));
    }
  }

  @Override
  public void onError(EmbeddingModelErrorContext context) {
    embeddingCalls.increment();
    embeddingFailures.increment();
  }

  void toolExecuted(String tool, long nanos) {
    LongAdder[] counters = tools.get(tool);
    counters[0].increment();
    counters[1].add(nanos);
  }

  /** Chat model calls (each one request, retries aside), failed ones included. */
  public long chatCalls() {
    return chatCalls.sum();
  }

  public long chatFailures() {
    return chatFailures.sum();
  }

  /** Chat responses that asked for tool executions rather than answering. */
  public long toolCallAnswers() {
    return toolCallAnswers.sum();
  }

  public long chatInputTokens() {
    return chatInputTokens.sum();
  }

  public long chatOutputTokens() {
    return chatOutputTokens.sum();
  }

  /** Embedding model calls: the FAQ at start-up, then one per question. */
  public long embeddingCalls() {
    return embeddingCalls.sum();
  }

  public long embeddingFailures() {
    return embeddingFailures.sum();
  }

  public long embeddedTexts() {
    return embeddedTexts.sum();
  }

  public long embeddingTokens() {
    return embeddingTokens.sum();
  }

  /** Tool name to executions, in name order. */
  public Map<String, Long> toolExecutions() {
    Map<String, Long> out = new TreeMap<>();
    tools.forEach((tool, counters) -> out.put(tool, counters[0].sum()));
    return out;
  }

  /** The tool's mean execution time in milliseconds, 0 before its first execution. */
  public double meanToolMillis(String tool) {
    LongAdder[] counters = tools.get(tool);
    long executions = counters[0].sum();
    return executions == 0 ? 0 : counters[1].sum() / 1e6 / executions;
  }

  private static long orZero(Integer count) {
    return count == null ? 0 : count;
  }
}
