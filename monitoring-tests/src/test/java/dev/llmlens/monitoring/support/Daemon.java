package dev.llmlens.monitoring.support;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A long-running child process (Prometheus, Alertmanager, test-app), its output in a log file;
 * closing it stops it (SIGTERM, then SIGKILL after 10 s).
 */
public class Daemon implements AutoCloseable {
  private final String name;
  private final Process process;
  private final Path log;

  protected Daemon(String name, List<String> command, Path dir, Path log, Map<String, String> env) throws IOException {
    this.name = name;
    this.log = log;
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .directory(dir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    builder.environment().putAll(env);
    this.process = builder.start();
    process.getOutputStream().close();
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  public Path log() {
    return log;
  }

  /** The last lines of the log, for failure messages. */
  public String logTail(int lines) {
    try {
      List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
      return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    } catch (IOException e) {
      return "(no log: " + e + ")";
    }
  }

  /** Fails with the log's tail if the process has exited. */
  protected void requireAlive() {
    if (!process.isAlive()) {
      throw new IllegalStateException(
          name + " exited with " + process.exitValue() + "; last lines of " + log + ":\n" + logTail(40));
    }
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        process.waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  /** A port free on 127.0.0.1 right now (never a well-known one, such as a system Prometheus' 9090). */
  public static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      socket.setReuseAddress(true);
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new IllegalStateException("no free port", e);
    }
  }

  /** Waits until {@code readyUrl} answers 200; stops the process and fails with its log tail if it never does. */
  protected void awaitReady(String readyUrl, java.time.Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      requireAlive();
      try {
        if (Http.get(readyUrl).status() == 200) {
          return;
        }
      } catch (java.io.IOException notListeningYet) {
        // not listening yet
      }
      Thread.sleep(100);
    }
    close();
    throw new IllegalStateException(name + " not ready after " + timeout + ":\n" + logTail(30));
  }
}
