package dev.llmlens.monitoring.support;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;

/** Measured figures: printed, and appended to monitoring-tests/target/monitoring-figures.txt. */
public final class Figures {
  private Figures() {}

  public static void report(String line) {
    System.out.println("[figure] " + line);
    Path file = Repo.file("monitoring-tests/target/monitoring-figures.txt");
    try {
      Files.createDirectories(file.getParent());
      Files.writeString(file, Instant.now() + " " + line + "\n", StandardCharsets.UTF_8,
          StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    } catch (IOException e) {
      System.out.println("(could not write " + file + ": " + e + ")");
    }
  }
}
