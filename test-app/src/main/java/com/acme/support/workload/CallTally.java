package com.acme.support.workload;

import com.openai.errors.OpenAIIoException;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.completions.CompletionUsage;
import java.io.InterruptedIOException;
import java.util.EnumMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.LongAdder;

/**
 * What the application itself saw of its calls: counts, exceptions by type and the token usage
 * the responses reported, so a reader can hold them against the agent's metrics.
 */
public final class CallTally {
  private final Map<Feature, LongAdder> callsByFeature = new EnumMap<>(Feature.class);
  private final Map<Feature, LongAdder> failuresByFeature = new EnumMap<>(Feature.class);
  private final Map<String, LongAdder> failuresByType = new TreeMap<>();
  private final LongAdder calls = new LongAdder();
  private final LongAdder successes = new LongAdder();
  private final LongAdder failures = new LongAdder();
  private final LongAdder inputTokens = new LongAdder();
  private final LongAdder outputTokens = new LongAdder();

  CallTally() {
    for (Feature feature : Feature.values()) {
      callsByFeature.put(feature, new LongAdder());
      failuresByFeature.put(feature, new LongAdder());
    }
  }

  void started(Feature feature) {
    calls.increment();
    callsByFeature.get(feature).increment();
  }

  /** {@code result} is a ChatCompletion (its usage is counted) or an agent's answer. */
  void succeeded(Object result) {
    successes.increment();
    if (result instanceof ChatCompletion completion) {
      completion.usage().ifPresent(this::addUsage);
    }
  }

  void failed(Feature feature, Throwable failure) {
    failures.increment();
    failuresByFeature.get(feature).increment();
    String type = typeOf(unwrap(failure));
    if (feature.client() == Feature.Client.LANGCHAIN4J) {
      type += " (langchain4j)";
    }
    synchronized (failuresByType) {
      failuresByType.computeIfAbsent(type, key -> new LongAdder()).increment();
    }
  }

  public long calls() {
    return calls.sum();
  }

  public long successes() {
    return successes.sum();
  }

  public long failures() {
    return failures.sum();
  }

  /** Calls of the features that use {@code client}. */
  public long calls(Feature.Client client) {
    return sum(callsByFeature, client);
  }

  public long failures(Feature.Client client) {
    return sum(failuresByFeature, client);
  }

  /** Input tokens of the successful openai-java calls (the agent's are in its own stats). */
  public long inputTokens() {
    return inputTokens.sum();
  }

  public long outputTokens() {
    return outputTokens.sum();
  }

  public long calls(Feature feature) {
    return callsByFeature.get(feature).sum();
  }

  public long failures(Feature feature) {
    return failuresByFeature.get(feature).sum();
  }

  /**
   * Exception type (simple name) to count; timeouts show as "OpenAIIoException (timeout)".
   * LangChain4j's exceptions have the same simple names as the SDK's for the same faults, so the
   * agent's show as, for example, "RateLimitException (langchain4j)"; its timeout is
   * "TimeoutException (langchain4j)".
   */
  public Map<String, Long> failuresByType() {
    Map<String, Long> copy = new TreeMap<>();
    synchronized (failuresByType) {
      failuresByType.forEach((type, count) -> copy.put(type, count.sum()));
    }
    return copy;
  }

  private static long sum(Map<Feature, LongAdder> byFeature, Feature.Client client) {
    return byFeature.entrySet().stream()
        .filter(entry -> entry.getKey().client() == client)
        .mapToLong(entry -> entry.getValue().sum())
        .sum();
  }

  private void addUsage(CompletionUsage usage) {
    inputTokens.add(usage.promptTokens());
    outputTokens.add(usage.completionTokens());
  }

  /** Async calls fail with the SDK's exception wrapped by the future. */
  private static Throwable unwrap(Throwable failure) {
    Throwable current = failure;
    while ((current instanceof CompletionException || current instanceof ExecutionException)
        && current.getCause() != null) {
      current = current.getCause();
    }
    return current;
  }

  private static String typeOf(Throwable failure) {
    String type = failure.getClass().getSimpleName();
    if (failure instanceof OpenAIIoException && failure.getCause() instanceof InterruptedIOException) {
      return type + " (timeout)";
    }
    return type;
  }
}
