package dev.llmlens.monitoring.support;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The external programs the tests run. A missing one fails the test with what to do: CI
 * installs them first, so a skip would only hide a broken set-up.
 */
public enum Tool {
  PROMTOOL("promtool"),
  PROMETHEUS("prometheus"),
  // Debian names the binary prometheus-alertmanager; upstream tarballs alertmanager.
  ALERTMANAGER("prometheus-alertmanager", "alertmanager"),
  AMTOOL("amtool"),
  DOCKER_COMPOSE("docker-compose");

  private final List<String> names;

  Tool(String... names) {
    this.names = List.of(names);
  }

  /** The program's path on PATH; fails the test when it is not installed. */
  public String path() {
    String path = System.getenv("PATH");
    for (String dir : (path == null ? "" : path).split(File.pathSeparator)) {
      for (String name : names) {
        Path candidate = Path.of(dir.isEmpty() ? "." : dir, name);
        if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
          return candidate.toString();
        }
      }
    }
    fail(
        String.join(" or ", names)
            + " is not installed (not on PATH). Install the monitoring test tools first: "
            + "bash scripts/install-test-tools.sh (Debian packages prometheus, "
            + "prometheus-alertmanager, docker-compose)");
    throw new AssertionError("unreachable");
  }
}
