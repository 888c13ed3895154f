package dev.llmlens.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmlens.e2e.fixture.ChildJvm;
import dev.llmlens.e2e.fixture.ScriptedOpenAiServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * The Prometheus endpoint listens where the OpenTelemetry convention says: on {@code localhost}
 * unless {@code otel.exporter.prometheus.host} names another address, so by default nothing
 * outside the machine can read it, and a scrape from elsewhere needs an explicit
 * {@code otel.exporter.prometheus.host=0.0.0.0} (README, "Keeping the Prometheus endpoint
 * private"). Read from the kernel's socket table ({@code /proc/net/tcp}, {@code tcp6}), so this
 * runs on Linux only.
 */
class PrometheusEndpointBindingTest {

  @Test
  void byDefaultOnlyTheMachineItselfCanScrape() {
    assertThat(listeningAddresses(null)).containsExactly("127.0.0.1");
  }

  @Test
  void everyInterfaceOnlyWhenAskedFor() {
    assertThat(listeningAddresses("0.0.0.0")).containsExactly("every interface");
  }

  /** The local addresses on which the child's Prometheus port is listening, while it runs. */
  private static List<String> listeningAddresses(String host) {
    try (ScriptedOpenAiServer server = ScriptedOpenAiServer.start()) {
      server.setDefault(OpenAiScript::byModel);
      int port = ScenarioApps.freePort();
      try (ChildJvm.Running running =
          ScenarioApps.startHoldingItsEndpoint(
              server, port, child -> host == null ? child : child.systemProperty("otel.exporter.prometheus.host", host))) {
        return listening(port);
      }
    }
  }

  private static List<String> listening(int port) {
    List<String> addresses = new ArrayList<>();
    for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
      List<String> lines;
      try {
        lines = Files.readAllLines(Path.of(table));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      String portHex = String.format(Locale.ROOT, ":%04X", port);
      for (String line : lines.subList(1, lines.size())) {
        String[] fields = line.trim().split("\\s+");
        boolean listen = fields[3].equals("0A");
        if (listen && fields[1].endsWith(portHex)) {
          addresses.add(address(fields[1].substring(0, fields[1].indexOf(':'))));
        }
      }
    }
    return addresses;
  }

  /**
   * {@code 0100007F} is 127.0.0.1 (little-endian words); an IPv4-mapped IPv6 address is read as
   * its IPv4 part; the any-address of either family is "every interface".
   */
  private static String address(String hex) {
    if (hex.startsWith("0000000000000000FFFF0000")) {
      hex = hex.substring(24);
    }
    if (hex.matches("0+")) {
      return "every interface";
    }
    if (hex.length() == 8) {
      long value = Long.parseLong(hex, 16);
      return (value & 0xFF) + "." + (value >> 8 & 0xFF) + "." + (value >> 16 & 0xFF) + "." + (value >> 24 & 0xFF);
    }
    return hex;
  }
}
