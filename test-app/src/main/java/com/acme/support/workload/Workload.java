package com.acme.support.workload;

import com.acme.support.agent.SupportAgentService;
import com.acme.support.chat.SupportChat;
import com.acme.support.tickets.TicketSummarizer;
import com.acme.support.triage.Triage;
import java.io.PrintStream;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Drives the four features the way traffic reaches a service: calls start at a steady rate, the
 * feature of each is drawn from a seeded mix, at most {@code concurrency} are in flight, and every
 * exception the SDK throws is caught and counted, never fatal. It calls the SDK only through the
 * features, so each call's stack shows which feature made it.
 */
public final class Workload {
  private final WorkloadSettings settings;
  private final SupportChat chat;
  private final Triage triage;
  private final TicketSummarizer summarizer;
  private final SupportAgentService agent;
  private final PrintStream progress;

  public Workload(
      WorkloadSettings settings,
      SupportChat chat,
      Triage triage,
      TicketSummarizer summarizer,
      SupportAgentService agent,
      PrintStream progress) {
    this.settings = settings;
    this.chat = chat;
    this.triage = triage;
    this.summarizer = summarizer;
    this.agent = agent;
    this.progress = progress;
  }

  /**
   * Makes {@code settings.requests()} calls and returns once all have finished; in serve mode,
   * keeps calling until the thread is interrupted or the process stops.
   */
  public CallTally run() throws InterruptedException {
    CallTally tally = new CallTally();
    int concurrency = settings.concurrency();
    Semaphore inFlight = new Semaphore(concurrency);
    AtomicLong finished = new AtomicLong();
    int progressStep = Math.max(1, settings.requests() / 4);
    Random mix = new Random(settings.seed());
    long intervalNanos = settings.rate() > 0 ? (long) (1e9 / settings.rate()) : 0;
    AtomicInteger threadNumber = new AtomicInteger();
    ExecutorService workers =
        Executors.newFixedThreadPool(
            concurrency,
            task -> {
              Thread thread = new Thread(task, "support-worker-" + threadNumber.incrementAndGet());
              thread.setDaemon(true);
              return thread;
            });
    try {
      long start = System.nanoTime();
      for (long i = 0; settings.serve() || i < settings.requests(); i++) {
        waitUntil(start + i * intervalNanos);
        inFlight.acquire();
        Feature feature = Feature.forDraw(mix.nextDouble());
        tally.started(feature);
        call(feature, (int) (i % Integer.MAX_VALUE), workers)
            .whenComplete(
                (result, failure) -> {
                  if (failure == null) {
                    tally.succeeded(result);
                  } else {
                    tally.failed(feature, failure);
                  }
                  long done = finished.incrementAndGet();
                  if (settings.serve()) {
                    if (done % Math.max(1, settings.requests()) == 0) {
                      progress.printf("  %d calls done%n", done);
                    }
                  } else if (done % progressStep == 0 || done == settings.requests()) {
                    progress.printf("  %d/%d calls done%n", done, settings.requests());
                  }
                  inFlight.release();
                });
      }
      // All permits back means every call has finished.
      inFlight.acquire(concurrency);
      return tally;
    } finally {
      workers.shutdownNow();
      workers.awaitTermination(5, TimeUnit.SECONDS);
    }
  }

  private CompletableFuture<?> call(Feature feature, int number, ExecutorService workers) {
    try {
      return switch (feature) {
        case SUPPORT_CHAT -> CompletableFuture.supplyAsync(chat::answerNextMessage, workers);
        case TRIAGE -> CompletableFuture.supplyAsync(() -> triage.classify(number), workers);
        // Async already: started on this thread, finished on the SDK's.
        case TICKET_SUMMARY -> summarizer.summarize(number);
        case SUPPORT_AGENT -> CompletableFuture.supplyAsync(agent::answerNextQuestion, workers);
      };
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  private static void waitUntil(long deadlineNanos) throws InterruptedException {
    long remaining;
    while ((remaining = deadlineNanos - System.nanoTime()) > 0) {
      LockSupport.parkNanos(remaining);
      if (Thread.interrupted()) {
        throw new InterruptedException();
      }
    }
  }
}
