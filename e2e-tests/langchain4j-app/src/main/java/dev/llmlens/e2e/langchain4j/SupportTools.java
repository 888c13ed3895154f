package dev.llmlens.e2e.langchain4j;

import dev.langchain4j.agent.tool.Tool;
import java.util.concurrent.atomic.AtomicInteger;

/** Two tools of {@link SupportAgent}: one fast (~5 ms), one deliberately slow (~400 ms). */
public final class SupportTools {

  final AtomicInteger fastCalls = new AtomicInteger();
  final AtomicInteger slowCalls = new AtomicInteger();

  @Tool("Looks up the order status in the local cache")
  public String fastTool() {
    fastCalls.incrementAndGet();
    sleep(5);
    return "order 42: shipped";
  }

  @Tool("Asks the carrier's tracking service where the parcel is")
  public String slowTool() {
    slowCalls.incrementAndGet();
    sleep(400);
    return "parcel 42: at the depot";
  }

  static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
