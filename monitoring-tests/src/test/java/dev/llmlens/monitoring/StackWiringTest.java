package dev.llmlens.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.llmlens.monitoring.support.Command;
import dev.llmlens.monitoring.support.Repo;
import dev.llmlens.monitoring.support.StackConfigs;
import dev.llmlens.monitoring.support.Tool;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * docker-compose.yml and the files it wires together. No Docker engine runs here or in CI, so
 * the stack is not started: Debian's docker-compose validates the file, and this test checks
 * that the services the configs name exist, the mounted files exist, and no port is published
 * twice.
 */
class StackWiringTest {
  @Test
  void dockerComposeAcceptsTheFile() {
    Command.Result config =
        Command.run(Repo.root(), Map.of("LLMLENS_ALERT_WEBHOOK_URL", ""), Duration.ofMinutes(1),
            List.of(Tool.DOCKER_COMPOSE.path(), "-f", "docker-compose.yml", "config", "-q"));
    assertThat(config.ok()).as(config.describe()).isTrue();
  }

  @Test
  void theStackHasEveryServiceAndEveryHostNameTheConfigsUseIsOne() throws IOException {
    Set<String> services = services().keySet();
    assertThat(services).contains(
        "test-app", "otel-collector", "prometheus", "prometheus-longterm", "alertmanager", "grafana", "jaeger", "loki");
    // Prometheus targets (file_sd).
    try (Stream<Path> files = Files.list(Repo.file("prometheus/targets"))) {
      for (Path file : files.toList()) {
        for (JsonNode group : StackConfigs.YAML.readTree(file.toFile())) {
          for (JsonNode target : group.path("targets")) {
            String host = target.asText().split(":")[0];
            assertThat(host.equals("localhost") || services.contains(host)).as(file.getFileName() + ": " + target.asText()).isTrue();
          }
        }
      }
    }
    // Grafana data sources.
    JsonNode datasources = StackConfigs.YAML.readTree(Repo.file("grafana/provisioning/datasources/datasources.yml").toFile());
    for (JsonNode datasource : datasources.path("datasources")) {
      String host = java.net.URI.create(datasource.path("url").asText()).getHost();
      assertThat(services).as("data source " + datasource.path("name").asText()).contains(host);
    }
    // The collector's exporters.
    JsonNode collector = StackConfigs.YAML.readTree(Repo.file("otel-collector-config.yaml").toFile());
    for (String exporter : List.of("otlp/jaeger", "otlphttp/loki")) {
      String endpoint = collector.path("exporters").path(exporter).path("endpoint").asText();
      String host = endpoint.replaceFirst("^https?://", "").split("[:/]")[0];
      assertThat(services).as(exporter).contains(host);
    }
  }

  @Test
  void everyMountedFileExistsAndNoHostPortIsPublishedTwice() {
    Set<String> published = new HashSet<>();
    services().forEach((name, service) -> {
      for (JsonNode volume : service.path("volumes")) {
        String source = volume.asText().split(":")[0];
        if (source.startsWith("./")) {
          // The agent and test-app jars are build outputs: `mvn package` makes them.
          assertThat(Repo.file(source.substring(2))).as(name + " mounts " + source).exists();
        }
      }
      for (JsonNode port : service.path("ports")) {
        String host = port.asText().split(":")[0];
        assertThat(published.add(host)).as("host port " + host + " published twice").isTrue();
      }
    });
  }

  @Test
  void alertmanagerRendersItsTemplateAndGrafanaProvisionsTheDashboards() throws IOException {
    JsonNode alertmanager = services().get("alertmanager");
    assertThat(alertmanager.path("entrypoint").toString()).contains("render-config.sh", "alertmanager.yml");
    assertThat(alertmanager.path("environment").path("LLMLENS_ALERT_WEBHOOK_URL").asText()).contains("${LLMLENS_ALERT_WEBHOOK_URL");
    JsonNode provider = StackConfigs.YAML.readTree(Repo.file("grafana/provisioning/dashboards/dashboards.yml").toFile());
    String path = provider.path("providers").get(0).path("options").path("path").asText();
    assertThat(services().get("grafana").path("volumes").toString()).contains("./grafana/dashboards:" + path);
    JsonNode datasources = StackConfigs.YAML.readTree(Repo.file("grafana/provisioning/datasources/datasources.yml").toFile());
    List<String> uids = new ArrayList<>();
    datasources.path("datasources").forEach(d -> uids.add(d.path("uid").asText()));
    assertThat(uids).containsExactlyInAnyOrder("prometheus", "prometheus-longterm", "jaeger", "loki");
    // Retention: 30 days of detail, a year of the aggregated series.
    assertThat(services().get("prometheus").path("command").toString()).contains("--storage.tsdb.retention.time=30d");
    assertThat(services().get("prometheus-longterm").path("command").toString()).contains("--storage.tsdb.retention.time=1y");
  }

  private static Map<String, JsonNode> services() {
    try {
      JsonNode compose = StackConfigs.YAML.readTree(Repo.file("docker-compose.yml").toFile());
      Map<String, JsonNode> services = new HashMap<>();
      compose.path("services").fields().forEachRemaining(e -> services.put(e.getKey(), e.getValue()));
      return services;
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
