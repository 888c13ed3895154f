package dev.llmlens.monitoring.support;

import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;

/** Paths in the repository: the monitoring files under test and the built jars. */
public final class Repo {
  private static final Path ROOT = findRoot();

  private Repo() {}

  public static Path root() {
    return ROOT;
  }

  public static Path file(String relative) {
    return ROOT.resolve(relative);
  }

  /**
   * A fresh directory for a test's files under monitoring-tests/target/ (kept after the run for
   * its logs, removed by the next run and by mvn clean).
   */
  public static Path workDir(String name) {
    Path dir = ROOT.resolve("monitoring-tests/target/work").resolve(name);
    try {
      if (Files.exists(dir)) {
        try (var paths = Files.walk(dir)) {
          for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
            Files.delete(path);
          }
        }
      }
      return Files.createDirectories(dir);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** The built agent; the reactor builds it before this module (see the pom's dependencies). */
  public static Path agentJar() {
    return built("agent/target/llmlens-agent.jar");
  }

  public static Path testAppJar() {
    return built("test-app/target/test-app.jar");
  }

  private static Path built(String relative) {
    Path jar = ROOT.resolve(relative);
    if (!Files.isRegularFile(jar)) {
      fail(jar + " is missing: build it first with `mvn -B -q -DskipTests package` at " + ROOT);
    }
    return jar;
  }

  private static Path findRoot() {
    String configured = System.getProperty("llmlens.repo.root");
    Path start = configured != null ? Path.of(configured) : Path.of("").toAbsolutePath();
    for (Path dir = start.toAbsolutePath().normalize(); dir != null; dir = dir.getParent()) {
      if (Files.isRegularFile(dir.resolve("prometheus/prometheus.yml"))) {
        return dir;
      }
    }
    throw new IllegalStateException("no prometheus/prometheus.yml above " + start);
  }
}
