package dev.llmlens.e2e.idle;

/**
 * A process that never loads an LLM library: it lives a second, long enough for anything the
 * agent would build in the background to load, and exits.
 */
public final class IdleApp {

  private IdleApp() {}

  public static void main(String[] args) throws InterruptedException {
    Thread.sleep(1_000);
    System.out.println("IDLE DONE");
  }
}
