package dev.llmlens.e2e.app;

/**
 * With {@code -Dscenario.scrapePort=N}, prints the agent's Prometheus endpoint on that port
 * between {@code --- SCRAPE BEGIN ---} and {@code --- SCRAPE END ---}, once it counts {@code
 * calls} requests (at most 5 s later): what the tests read the agent's view from.
 */
final class ScrapePrinter {

  private ScrapePrinter() {}

  static void printIfAsked(long calls) throws Exception {
    Integer scrapePort = Integer.getInteger("scenario.scrapePort");
    if (scrapePort != null) {
      System.out.println("--- SCRAPE BEGIN ---");
      System.out.print(ChatScenarioApp.scrapeOnceComplete(scrapePort, calls));
      System.out.println("--- SCRAPE END ---");
    }
  }
}
