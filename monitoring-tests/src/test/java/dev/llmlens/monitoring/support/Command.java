package dev.llmlens.monitoring.support;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs a short command to completion and keeps its output (stdout and stderr together). */
public final class Command {
  private Command() {}

  public record Result(List<String> command, int exitCode, String output) {
    public boolean ok() {
      return exitCode == 0;
    }

    /** For assertion messages: the command and what it printed. */
    public String describe() {
      return String.join(" ", command) + " exited " + exitCode + ":\n" + output;
    }
  }

  public static Result run(Path dir, Map<String, String> env, Duration timeout, List<String> command) {
    ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
    builder.environment().putAll(env);
    try {
      Process process = builder.start();
      process.getOutputStream().close();
      // Read on this thread; the commands run here print little.
      byte[] output = process.getInputStream().readAllBytes();
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly();
        return new Result(command, -1, "timed out after " + timeout + "\n" + new String(output, StandardCharsets.UTF_8));
      }
      return new Result(command, process.exitValue(), new String(output, StandardCharsets.UTF_8));
    } catch (IOException e) {
      return new Result(command, -1, "could not run: " + e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Result(command, -1, "interrupted");
    }
  }

  public static Result run(Path dir, List<String> command) {
    return run(dir, Map.of(), Duration.ofMinutes(2), command);
  }
}
