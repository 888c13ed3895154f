package dev.llmlens.agent.install;

import dev.llmlens.agent.log.AgentLog;
import dev.llmlens.instrumentation.api.InstrumentationModule;
import java.lang.instrument.ClassFileTransformer;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * Builds ByteBuddy's transformer on a thread of its own, started in premain. ByteBuddy is about
 * 1,100 classes and most of the agent's start-up CPU; built here they load while the application
 * starts on the other core, instead of before {@code main} (premain waited 0.8 to 1.2 s for it)
 * or on the thread of the application's first LLM call (which then ran it cold: README,
 * Performance). A library class that loads before the build is done waits for it in
 * {@link LibraryWatch}.
 */
final class WeaverInBackground implements LibraryWatch.Weaver {

  private final CountDownLatch built = new CountDownLatch(1);
  private volatile ClassFileTransformer transformer;

  private WeaverInBackground() {}

  static WeaverInBackground start(final List<InstrumentationModule> modules, final Runnable onFirstTransformation) {
    final WeaverInBackground weaver = new WeaverInBackground();
    Thread thread =
        new Thread(
            new Runnable() {
              @Override
              public void run() {
                weaver.build(modules, onFirstTransformation);
              }
            },
            "llmlens-weaver-build");
    thread.setDaemon(true);
    thread.start();
    return weaver;
  }

  private void build(List<InstrumentationModule> modules, Runnable onFirstTransformation) {
    long started = System.nanoTime();
    try {
      transformer = ByteBuddyWeaving.transformer(modules, onFirstTransformation);
      AgentLog.debug("ByteBuddy built in " + (System.nanoTime() - started) / 1_000_000 + " ms, in the background");
    } catch (Throwable failure) {
      AgentLog.warn("could not build the instrumentation; LLM calls run unobserved: " + failure);
    } finally {
      built.countDown();
    }
    if (transformer != null) {
      try {
        long warming = System.nanoTime();
        boolean woven = ByteBuddyWeaving.warmUp();
        AgentLog.debug("ByteBuddy's weaving warmed up in " + (System.nanoTime() - warming) / 1_000_000 + " ms" + (woven ? "" : ", weaving nothing"));
      } catch (Throwable failure) {
        // Only the first library class is slower for it.
        AgentLog.debug("the weaving warm-up failed: " + failure);
      }
    }
  }

  /** ByteBuddy's transformer once built, or null if the build failed. */
  @Override
  public ClassFileTransformer await() {
    boolean interrupted = false;
    while (true) {
      try {
        built.await();
        break;
      } catch (InterruptedException e) {
        // Class loading must not be cut short: wait on, and keep the interrupt for the caller.
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
    return transformer;
  }
}
