package com.acme.support.agent;

import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.memory.chat.MessageWindowChatMemory;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.openai.OpenAiChatModel;
import dev.langchain4j.model.openai.OpenAiEmbeddingModel;
import dev.langchain4j.rag.content.retriever.EmbeddingStoreContentRetriever;
import dev.langchain4j.service.AiServices;
import dev.langchain4j.service.Result;
import dev.langchain4j.store.embedding.EmbeddingStore;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Feature "support-agent": the self-service agent in the shop's help centre, built with LangChain4j
 * over the same (fake) OpenAI API as the other features, but through LangChain4j's own OpenAI
 * module and HTTP client, not the official SDK. One call is one {@link SupportAgent} invocation:
 *
 * <ol>
 *   <li>the question is embedded ({@code text-embedding-3-small}) and the 2 nearest FAQ entries
 *       are looked up in an in-memory store, filled at start-up (RAG);
 *   <li>gpt-4o-mini gets the question, the FAQ excerpts, the customer's earlier turns (a
 *       {@link MessageWindowChatMemory} per customer) and the two {@link SupportTools}, and asks
 *       for tool executions when the question mentions an order or a refund;
 *   <li>LangChain4j runs the tools and sends their results back for the final answer.
 * </ol>
 *
 * <p>Customers ask two questions each; the memory of a customer is evicted after the last one or
 * after a failure. The client retries twice with a 2 s timeout, as the SDK client does.
 */
public final class SupportAgentService {
  static final String CHAT_MODEL = "gpt-4o-mini";
  static final String EMBEDDING_MODEL = "text-embedding-3-small";

  /** What customers ask, two questions each; {@code %d} is the customer's order number. */
  private static final List<List<String>> SCRIPTS =
      List.of(
          List.of(
              "Where is my order #%d? It was due on Monday.",
              "Can I get a refund for order #%d if it does not come this week?"),
          List.of(
              "The stove from order #%d smells of gas. I want a refund.",
              "How long until the refund for order #%d is on my card?"),
          List.of(
              "Do you ship to Norway, and who pays the customs fees?",
              "Has my order #%d shipped yet?"),
          List.of(
              "How do I reset my password? The email never arrives.",
              "Thanks. Is order #%d still eligible for a refund?"));

  private final AgentStats stats = new AgentStats();
  private final SupportAgent agent;
  private final Queue<Customer> waiting = new ConcurrentLinkedQueue<>();
  private final AtomicInteger customers = new AtomicInteger();

  /**
   * Builds the models and the AI service and fills the FAQ store, which embeds the FAQ once.
   *
   * @param baseUrl the OpenAI API's base URL, with {@code /v1}
   */
  public SupportAgentService(
      String baseUrl, Duration timeout, int maxRetries, long seed, double latencyScale) {
    EmbeddingModel embeddingModel =
        OpenAiEmbeddingModel.builder()
            .baseUrl(baseUrl)
            .apiKey("sk-demo-not-a-real-key")
            .modelName(EMBEDDING_MODEL)
            .timeout(timeout)
            .maxRetries(maxRetries)
            .listeners(List.of(stats))
            .build();
    EmbeddingStore<TextSegment> faq = FaqKnowledgeBase.load(embeddingModel);
    ChatModel chatModel =
        OpenAiChatModel.builder()
            .baseUrl(baseUrl)
            .apiKey("sk-demo-not-a-real-key")
            .modelName(CHAT_MODEL)
            .maxCompletionTokens(300)
            .timeout(timeout)
            .maxRetries(maxRetries)
            .listeners(List.of(stats))
            .build();
    this.agent =
        AiServices.builder(SupportAgent.class)
            .chatModel(chatModel)
            .tools(new SupportTools(seed, latencyScale, stats))
            .contentRetriever(
                EmbeddingStoreContentRetriever.builder()
                    .embeddingStore(faq)
                    .embeddingModel(embeddingModel)
                    .maxResults(2)
                    .build())
            .chatMemoryProvider(customerId -> MessageWindowChatMemory.withMaxMessages(20))
            .build();
  }

  public AgentStats stats() {
    return stats;
  }

  /**
   * Answers the next question of a waiting customer, or of a new one when none waits. A failed
   * invocation ends that customer's session and the exception goes to the caller.
   */
  public Result<String> answerNextQuestion() {
    Customer customer = waiting.poll();
    if (customer == null) {
      customer = newCustomer();
    }
    Result<String> result;
    try {
      result = agent.answer(customer.id, customer.questions.poll());
    } catch (RuntimeException e) {
      agent.evictChatMemory(customer.id);
      throw e;
    }
    if (customer.questions.isEmpty()) {
      agent.evictChatMemory(customer.id);
    } else {
      waiting.add(customer);
    }
    return result;
  }

  private Customer newCustomer() {
    int id = customers.incrementAndGet();
    int orderNumber = 200_000 + id * 41;
    Deque<String> questions = new ArrayDeque<>();
    for (String line : SCRIPTS.get(id % SCRIPTS.size())) {
      questions.add(line.contains("%d") ? String.format(line, orderNumber) : line);
    }
    return new Customer(id, questions);
  }

  /** A customer's remaining questions; one thread at a time holds a customer. */
  private record Customer(int id, Deque<String> questions) {}
}
