package dev.llmlens.agent.install;

/**
 * The watch's callback for the first class of an instrumented library: starts {@link
 * WeaverInBackground} then, not at JVM start, and then runs {@code onLibraryFound} (telemetry). A
 * process that never loads an LLM library (a batch job, a service that shares the JVM flags of
 * the ones that do) so never builds ByteBuddy, its ~800 classes and 0.1 s of CPU. The library's
 * first class comes well before the classes an instrumentation names (the service classes are
 * loaded by the first call, the first class by building the client), and those are the only ones
 * that wait for ByteBuddy.
 *
 * <p>The watch may see that first class as soon as it is installed, before this knows how it was
 * installed ({@link #armed}): the request is then kept and served when the arguments arrive.
 * JDK types only, like {@link InstrumentationInstaller}.
 */
final class WeaverStartOnFirstLibraryClass implements Runnable {

  private final Runnable onLibraryFound;
  private Runnable start;
  private boolean requested;
  private boolean started;

  WeaverStartOnFirstLibraryClass(Runnable onLibraryFound) {
    this.onLibraryFound = onLibraryFound;
  }

  /** The first library class was seen: start the weaver now, or as soon as it is armed. */
  @Override
  public void run() {
    Runnable now;
    synchronized (this) {
      requested = true;
      now = take();
    }
    if (now != null) {
      now.run();
    }
    onLibraryFound.run();
  }

  /** How to start the weaver, once the watch is installed; starts it if a library class came first. */
  void armed(Runnable start) {
    Runnable now;
    synchronized (this) {
      this.start = start;
      now = requested ? take() : null;
    }
    if (now != null) {
      now.run();
    }
  }

  private Runnable take() {
    if (started || start == null) {
      return null;
    }
    started = true;
    return start;
  }
}
