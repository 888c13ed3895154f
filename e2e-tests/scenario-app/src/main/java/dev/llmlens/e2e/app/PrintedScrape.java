package dev.llmlens.e2e.app;

import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.HttpURLConnection;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * The agent's Prometheus endpoint as the scenario apps print it for the tests, between {@code
 * --- SCRAPE BEGIN ---} and {@code --- SCRAPE END ---}. Uses only the JDK, so apps on any client
 * library (openai-java, LangChain4j...) share it.
 */
public final class PrintedScrape {

  private PrintedScrape() {}

  /**
   * With {@code -Dscenario.scrapePort=N}: scrapes once {@code calls} requests are counted (at
   * most 5 s) and prints the exposition between the markers; without it, nothing.
   */
  public static void printIfAsked(long calls) throws IOException, InterruptedException {
    Integer port = Integer.getInteger("scenario.scrapePort");
    if (port != null) {
      System.out.println("--- SCRAPE BEGIN ---");
      System.out.print(onceComplete(port, calls));
      System.out.println("--- SCRAPE END ---");
    }
  }

  /**
   * An async call is recorded on the thread that completes its future, which can be a moment
   * after {@code join()} returned here: scrape until every call is counted, for at most 5 s.
   * The agent starts its exporters with the first client it instruments: when nothing answers
   * on the port all that time (no client was instrumented), the scrape is empty.
   */
  public static String onceComplete(int port, long calls) throws IOException, InterruptedException {
    String text = "";
    long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    while (System.nanoTime() < deadline) {
      try {
        text = get("http://127.0.0.1:" + port + "/metrics");
      } catch (ConnectException notListening) {
        Thread.sleep(100);
        continue;
      }
      if (requestsCounted(text) >= calls) {
        break;
      }
      Thread.sleep(20);
    }
    return text;
  }

  private static long requestsCounted(String exposition) {
    long total = 0;
    for (String line : exposition.split("\n")) {
      if (line.startsWith("ai_requests_total{")) {
        total += (long) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
      }
    }
    return total;
  }

  private static String get(String url) throws IOException {
    HttpURLConnection connection = (HttpURLConnection) new URL(url).openConnection();
    // e.g. application/openmetrics-text; version=1.0.0, the format that carries exemplars
    String accept = System.getProperty("scenario.scrapeAccept");
    if (accept != null) {
      connection.setRequestProperty("Accept", accept);
    }
    try (InputStream in = connection.getInputStream()) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } finally {
      connection.disconnect();
    }
  }
}
