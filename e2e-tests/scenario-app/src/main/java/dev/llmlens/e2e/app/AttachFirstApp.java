package dev.llmlens.e2e.app;

/**
 * The agent attached to a running JVM (agentmain) before any openai-java class has loaded: it
 * must then watch for them as at start-up, from {@code ClassLoader}, which it changes in a JVM
 * whose threads already run. This class names no openai-java type, so none loads before the
 * attach; {@link AttachedCalls} makes the calls. Arguments: base URL, agent jar. Needs {@code
 * -Djdk.attach.allowAttachSelf=true} and {@code -Dscenario.scrapePort}.
 */
public final class AttachFirstApp {

  private AttachFirstApp() {}

  public static void main(String[] args) throws Exception {
    SelfAttach.loadAgent(args[1]);
    AttachedCalls.twice(args[0]);
    System.out.println("--- SCRAPE BEGIN ---");
    System.out.print(PrintedScrape.onceComplete(Integer.getInteger("scenario.scrapePort"), 2));
    System.out.println("--- SCRAPE END ---");
    System.out.println("SCENARIO DONE");
  }
}
