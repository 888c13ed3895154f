package dev.llmlens.monitoring.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The project's configs, made runnable here: the same files with only what differs between
 * machines changed. Prometheus: the targets files (file_sd) list local addresses, the scrape
 * and evaluation intervals are shortened, and so are the recording groups' own intervals
 * (rules/*.yml are copied with only that changed, so a short test sees their series); the
 * alerts (alerts/*.yml) are the project's files as they are, their groups' pace included.
 * Alertmanager: the template rendered by the project's own render-config.sh.
 */
public final class StackConfigs {
  public static final ObjectMapper YAML =
      new ObjectMapper(new YAMLFactory().disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER));

  private StackConfigs() {}

  /** A target group of a file_sd file: targets and their labels. */
  public record TargetGroup(List<String> targets, Map<String, String> labels) {}

  /**
   * Writes {@code dir/<name of source>} from {@code source} (a config under prometheus/) and
   * {@code dir/targets/*.yml}: the groups given in {@code targets} (by file name, e.g.
   * "llmlens-agents.yml"), an empty list for every other targets file the config names.
   */
  public static Path prometheusConfig(
      Path source, Path dir, Duration interval, Map<String, List<TargetGroup>> targets) throws IOException {
    ObjectNode config = (ObjectNode) YAML.readTree(source.toFile());
    ObjectNode global = config.with("global");
    String seconds = interval.toSeconds() + "s";
    global.put("scrape_interval", seconds);
    global.put("evaluation_interval", seconds);
    global.put("scrape_timeout", seconds);
    Path prometheusDir = source.getParent();
    if (config.has("rule_files")) {
      ArrayNode ruleFiles = YAML.createArrayNode();
      for (JsonNode entry : config.get("rule_files")) {
        String pattern = entry.asText();
        if (pattern.startsWith("rules/")) {
          Path copies = Files.createDirectories(dir.resolve("rules"));
          try (var files = Files.newDirectoryStream(prometheusDir.resolve("rules"), Path.of(pattern).getFileName().toString())) {
            for (Path file : files) {
              ObjectNode rules = (ObjectNode) YAML.readTree(file.toFile());
              for (JsonNode group : rules.path("groups")) {
                if (group.has("interval")) {
                  ((ObjectNode) group).put("interval", seconds);
                }
              }
              YAML.writeValue(copies.resolve(file.getFileName()).toFile(), rules);
            }
          }
          ruleFiles.add(copies.resolve(Path.of(pattern).getFileName()).toString());
        } else {
          ruleFiles.add(prometheusDir.resolve(pattern).toString());
        }
      }
      config.set("rule_files", ruleFiles);
    }
    Files.createDirectories(dir.resolve("targets"));
    for (JsonNode sd : config.findValues("file_sd_configs")) {
      for (JsonNode entry : sd) {
        for (JsonNode file : entry.path("files")) {
          String name = Path.of(file.asText()).getFileName().toString();
          YAML.writeValue(dir.resolve("targets").resolve(name).toFile(), groups(targets.getOrDefault(name, List.of())));
        }
      }
    }
    for (JsonNode job : config.path("scrape_configs")) {
      ((ObjectNode) job).remove(List.of("scrape_interval", "scrape_timeout"));
    }
    Path out = dir.resolve(source.getFileName().toString());
    YAML.writeValue(out.toFile(), config);
    return out;
  }

  private static ArrayNode groups(List<TargetGroup> groups) {
    ArrayNode array = YAML.createArrayNode();
    for (TargetGroup group : groups) {
      ObjectNode node = array.addObject();
      ArrayNode targets = node.putArray("targets");
      group.targets().forEach(targets::add);
      if (!group.labels().isEmpty()) {
        ObjectNode labels = node.putObject("labels");
        group.labels().forEach(labels::put);
      }
    }
    return array;
  }

  /** Renders alertmanager/alertmanager.yml with alertmanager/render-config.sh, as deployments do. */
  public static Path alertmanagerConfig(Path dir, String webhookUrl) throws IOException {
    Files.createDirectories(dir);
    Path out = dir.resolve("alertmanager.yml");
    Command.Result rendered =
        Command.run(
            Repo.root(),
            Map.of("LLMLENS_ALERT_WEBHOOK_URL", webhookUrl),
            Duration.ofSeconds(30),
            List.of("sh", "alertmanager/render-config.sh", "alertmanager/alertmanager.yml", out.toString()));
    if (!rendered.ok()) {
      throw new IllegalStateException(rendered.describe());
    }
    return out;
  }
}
