package dev.llmlens.benchmarks;

/**
 * The other start-up subject: a process that never loads an LLM library. It lives {@code
 * -Dbench.idleMillis} (default 1,500 ms), long enough for anything an agent builds in the
 * background at JVM start to be built, and exits: what an agent flag set on every JVM of a fleet
 * costs the ones that never call a model. The loopback server runs as in {@link OneCall}, as the
 * OTLP sink of an agent that exports anyway, so that none waits at exit on a refused connection.
 */
public final class IdleProcess {

  private IdleProcess() {}

  public static void main(String[] args) throws Exception {
    LoopbackServer.start();
    Thread.sleep(Long.getLong("bench.idleMillis", 1_500));
    System.exit(0);
  }
}
