package com.acme.support.fakellm;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;

/**
 * An error burst switched on and off from outside the process: on while {@code file} exists
 * ({@code touch} it to start an outage, {@code rm} it to end it). Checked on every request, which
 * costs one {@code stat}; each change is printed once, with the time the server noticed it.
 */
public final class ErrorBurstSwitch implements BooleanSupplier {
  private final Path file;
  private final PrintStream log;
  private final AtomicBoolean on = new AtomicBoolean();

  public ErrorBurstSwitch(Path file, PrintStream log) {
    this.file = file;
    this.log = log;
  }

  @Override
  public boolean getAsBoolean() {
    boolean now = Files.exists(file);
    if (on.compareAndSet(!now, now)) {
      log.println(
          "SupportDesk: error burst " + (now ? "started" : "ended") + " at " + Instant.now()
              + " (" + file + (now ? " exists)" : " removed)"));
    }
    return now;
  }
}
