package dev.llmlens.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.llmlens.monitoring.support.Repo;
import dev.llmlens.monitoring.support.StackConfigs;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * otel-collector-config.yaml, checked for what can be checked without running a collector
 * (none runs here or in CI): the pipelines' wiring, the order of the processors, the ports,
 * and that the receivers and exporters the rest of the stack relies on are there.
 */
class CollectorConfigTest {
  private static JsonNode config;

  @BeforeAll
  static void read() throws IOException {
    config = StackConfigs.YAML.readTree(Repo.file("otel-collector-config.yaml").toFile());
  }

  @Test
  void everyPipelineNamesDefinedComponentsAndEveryComponentIsUsed() {
    JsonNode pipelines = config.path("service").path("pipelines");
    assertThat(pipelines.size()).isEqualTo(3);
    Map<String, Set<String>> used = new HashMap<>();
    pipelines.fields().forEachRemaining(pipeline -> {
      String type = pipeline.getKey().split("/")[0];
      assertThat(type).as("pipeline " + pipeline.getKey()).isIn("metrics", "traces", "logs");
      for (String kind : List.of("receivers", "processors", "exporters")) {
        JsonNode names = pipeline.getValue().path(kind);
        if (!kind.equals("processors")) {
          assertThat(names.size()).as(pipeline.getKey() + " " + kind).isPositive();
        }
        for (JsonNode name : names) {
          assertThat(config.path(kind).has(name.asText()))
              .as(pipeline.getKey() + " names " + kind + " " + name.asText() + ", which is not defined")
              .isTrue();
          used.computeIfAbsent(kind, k -> new HashSet<>()).add(name.asText());
        }
      }
    });
    for (String kind : List.of("receivers", "processors", "exporters")) {
      config.path(kind).fieldNames().forEachRemaining(name ->
          assertThat(used.getOrDefault(kind, Set.of())).as(kind + " " + name + " defined but in no pipeline").contains(name));
    }
    for (JsonNode extension : config.path("service").path("extensions")) {
      assertThat(config.path("extensions").has(extension.asText())).as("extension " + extension.asText()).isTrue();
    }
  }

  @Test
  void memoryLimiterComesFirstAndBatchLastInEveryPipeline() {
    config.path("service").path("pipelines").fields().forEachRemaining(pipeline -> {
      List<String> processors = new ArrayList<>();
      pipeline.getValue().path("processors").forEach(p -> processors.add(p.asText()));
      assertThat(processors).as(pipeline.getKey()).isNotEmpty();
      assertThat(processors.get(0)).as(pipeline.getKey() + ": memory_limiter first").startsWith("memory_limiter");
      assertThat(processors.get(processors.size() - 1)).as(pipeline.getKey() + ": batch last").startsWith("batch");
    });
  }

  @Test
  void theCollectorsListenersUseDistinctPorts() {
    Map<Integer, String> listeners = new HashMap<>();
    List<String> endpoints = new ArrayList<>();
    collectEndpoints(config.path("receivers"), "receivers", endpoints);
    collectEndpoints(config.path("extensions"), "extensions", endpoints);
    config.path("exporters").fields().forEachRemaining(exporter -> {
      // Of the exporters, only the Prometheus one listens; the others connect out.
      if (exporter.getKey().split("/")[0].equals("prometheus")) {
        endpoints.add("exporters." + exporter.getKey() + "=" + exporter.getValue().path("endpoint").asText());
      }
    });
    for (JsonNode reader : config.path("service").path("telemetry").path("metrics").path("readers")) {
      JsonNode prometheus = reader.path("pull").path("exporter").path("prometheus");
      if (prometheus.has("port")) {
        endpoints.add("service.telemetry=" + prometheus.path("host").asText() + ":" + prometheus.path("port").asInt());
      }
    }
    Pattern hostPort = Pattern.compile("=(.*):(\\d+)$");
    for (String endpoint : endpoints) {
      Matcher m = hostPort.matcher(endpoint);
      assertThat(m.find()).as(endpoint + " has host:port").isTrue();
      int port = Integer.parseInt(m.group(2));
      String clash = listeners.put(port, endpoint);
      assertThat(clash).as("port " + port + " used by " + endpoint + " and " + clash).isNull();
    }
    assertThat(listeners).containsKeys(4317, 4318, 8889, 8888, 13133);
  }

  @Test
  void otlpInMetricsToPrometheusWithResourceLabelsTracesToJaegerLogsToLoki() {
    JsonNode protocols = config.path("receivers").path("otlp").path("protocols");
    assertThat(protocols.path("grpc").path("endpoint").asText()).endsWith(":4317");
    assertThat(protocols.path("http").path("endpoint").asText()).endsWith(":4318");
    JsonNode pipelines = config.path("service").path("pipelines");
    assertThat(exporterTypes(pipelines.path("metrics"))).containsExactly("prometheus");
    assertThat(config.path("exporters").path("prometheus").path("resource_to_telemetry_conversion").path("enabled").asBoolean())
        .as("resource attributes (service.name...) kept as labels").isTrue();
    assertThat(pipelines.path("traces").path("exporters").get(0).asText()).isEqualTo("otlp/jaeger");
    assertThat(config.path("exporters").path("otlp/jaeger").path("endpoint").asText()).isEqualTo("jaeger:4317");
    assertThat(pipelines.path("logs").path("exporters").get(0).asText()).isEqualTo("otlphttp/loki");
    assertThat(config.path("exporters").path("otlphttp/loki").path("endpoint").asText()).isEqualTo("http://loki:3100/otlp");
  }

  private static List<String> exporterTypes(JsonNode pipeline) {
    List<String> types = new ArrayList<>();
    pipeline.path("exporters").forEach(e -> types.add(e.asText().split("/")[0]));
    return types;
  }

  /** Every "endpoint" value below {@code node}, as "path=value". */
  private static void collectEndpoints(JsonNode node, String path, List<String> out) {
    node.fields().forEachRemaining(field -> {
      String here = path + "." + field.getKey();
      if (field.getKey().equals("endpoint") && field.getValue().isTextual()) {
        out.add(here + "=" + field.getValue().asText());
      } else if (field.getValue().isObject()) {
        collectEndpoints(field.getValue(), here, out);
      }
    });
  }
}
