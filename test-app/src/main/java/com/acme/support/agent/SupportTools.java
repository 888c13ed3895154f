package com.acme.support.agent;

import dev.langchain4j.agent.tool.P;
import dev.langchain4j.agent.tool.Tool;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * The agent's tools, run by LangChain4j when the model calls them. They simulate two back-ends of
 * different speed, the case a tool-level latency metric is for:
 *
 * <ul>
 *   <li>{@code orderStatus}: the shop's order database, fast: 2-8 ms
 *   <li>{@code refundPolicy}: the payment provider's refund API, slow: 300-800 ms
 * </ul>
 *
 * Both latencies are multiplied by {@code demo.latencyScale}; each is drawn from the seed and the
 * order number, so an order takes the same time in every run.
 */
public final class SupportTools {
  static final String ORDER_STATUS = "orderStatus";
  static final String REFUND_POLICY = "refundPolicy";

  private static final List<String> STATUSES =
      List.of(
          "shipped two days ago, arriving within two business days",
          "packed in our warehouse, leaving today",
          "delivered yesterday to the parcel box",
          "waiting for the carrier to collect it");

  private final long seed;
  private final double latencyScale;
  private final AgentStats stats;

  SupportTools(long seed, double latencyScale, AgentStats stats) {
    this.seed = seed;
    this.latencyScale = latencyScale;
    this.stats = stats;
  }

  @Tool("Looks up the shipping status of an order")
  public String orderStatus(@P("the order number, digits only") String orderId) {
    long start = System.nanoTime();
    SplittableRandom random = random(orderId, 1);
    sleep(2 + random.nextInt(7));
    String status = STATUSES.get(random.nextInt(STATUSES.size()));
    stats.toolExecuted(ORDER_STATUS, System.nanoTime() - start);
    return "Order #" + orderId + ": " + status + ".";
  }

  @Tool("Checks whether an order can be refunded, and how, with the payment provider")
  public String refundPolicy(@P("the order number, digits only") String orderId) {
    long start = System.nanoTime();
    SplittableRandom random = random(orderId, 2);
    sleep(300 + random.nextInt(501));
    boolean eligible = random.nextInt(4) > 0;
    stats.toolExecuted(REFUND_POLICY, System.nanoTime() - start);
    return eligible
        ? "Order #" + orderId + " can be refunded to the original payment method within 5 days of the return."
        : "Order #" + orderId + " is past the 30-day refund window; offer store credit instead.";
  }

  private SplittableRandom random(String orderId, int tool) {
    return new SplittableRandom(seed * 0x9E3779B97F4A7C15L + orderId.hashCode() * 31L + tool);
  }

  private void sleep(long millis) {
    long scaled = Math.round(millis * latencyScale * 1000);
    try {
      TimeUnit.MICROSECONDS.sleep(scaled);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for the back-end", e);
    }
  }
}
