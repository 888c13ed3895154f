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
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * promtool on every Prometheus file, and the promtool unit tests; plus what promtool does not
 * check: every alert is tested both firing and quiet, every recording rule is tested, every
 * alert carries a severity, a summary, a description with its value and a runbook.
 */
class PrometheusFilesTest {
  private static final Path PROMETHEUS = Repo.file("prometheus");

  @Test
  void promtoolAcceptsBothPrometheusConfigs() {
    for (String config : List.of("prometheus.yml", "prometheus-longterm.yml")) {
      Command.Result check = Command.run(PROMETHEUS, List.of(Tool.PROMTOOL.path(), "check", "config", config));
      assertThat(check.ok()).as(check.describe()).isTrue();
      assertThat(check.output()).contains("SUCCESS").doesNotContain("WARNING");
    }
  }

  @Test
  void promtoolAcceptsEveryRuleFile() throws IOException {
    List<Path> files = ruleFiles();
    assertThat(files).hasSizeGreaterThanOrEqualTo(3);
    for (Path file : files) {
      Command.Result check =
          Command.run(PROMETHEUS, List.of(Tool.PROMTOOL.path(), "check", "rules", PROMETHEUS.relativize(file).toString()));
      assertThat(check.ok()).as(check.describe()).isTrue();
      assertThat(check.output()).contains("SUCCESS").doesNotContain("WARNING");
    }
  }

  @Test
  void thePromtoolUnitTestsPass() throws IOException {
    List<String> command = new ArrayList<>(List.of(Tool.PROMTOOL.path(), "test", "rules"));
    List<Path> tests = testFiles();
    assertThat(tests).isNotEmpty();
    tests.forEach(test -> command.add(PROMETHEUS.relativize(test).toString()));
    Command.Result run = Command.run(PROMETHEUS, command);
    assertThat(run.ok()).as(run.describe()).isTrue();
    assertThat(run.output()).doesNotContain("FAILED");
  }

  @Test
  void everyAlertIsUnitTestedFiringAndQuiet() throws IOException {
    Set<String> alerts = new TreeSet<>();
    for (JsonNode rule : rules()) {
      if (rule.has("alert")) {
        alerts.add(rule.get("alert").asText());
      }
    }
    Set<String> firing = new HashSet<>();
    Set<String> quiet = new HashSet<>();
    for (JsonNode test : unitTests()) {
      for (JsonNode alertTest : test.path("alert_rule_test")) {
        String name = alertTest.path("alertname").asText();
        (alertTest.path("exp_alerts").size() > 0 ? firing : quiet).add(name);
      }
    }
    assertThat(alerts).contains(
        "HighErrorRate", "HighLatency", "CostSpike", "HighActiveRequests", "ProviderRateLimited",
        "RateLimitHeadroomLow", "TimeToFirstTokenHigh", "DailySpendOverBudget", "LLMTrafficStopped",
        "ScrapeTargetDown");
    assertThat(firing).as("alerts with a firing unit test").containsAll(alerts);
    assertThat(quiet).as("alerts with a quiet unit test").containsAll(alerts);
  }

  @Test
  void everyRecordingRuleIsUnitTested() throws IOException {
    Set<String> records = new TreeSet<>();
    for (JsonNode rule : rules()) {
      if (rule.has("record")) {
        records.add(rule.get("record").asText());
      }
    }
    StringBuilder tested = new StringBuilder();
    for (JsonNode test : unitTests()) {
      for (JsonNode exprTest : test.path("promql_expr_test")) {
        tested.append(exprTest.path("expr").asText()).append('\n');
      }
    }
    for (String record : records) {
      assertThat(tested.toString()).as("a promql_expr_test of " + record).containsPattern("(?m)(^|[^:a-z_])" + record.replace(":", "\\:") + "([^:a-z_0-9]|$)");
    }
  }

  @Test
  void everyAlertHasASeveritySummaryDescriptionWithItsValueAndARunbook() throws IOException {
    for (JsonNode rule : rules()) {
      if (!rule.has("alert")) {
        continue;
      }
      String name = rule.get("alert").asText();
      assertThat(rule.path("labels").path("severity").asText()).as(name + " severity").isIn("critical", "warning");
      JsonNode annotations = rule.path("annotations");
      assertThat(annotations.path("summary").asText()).as(name + " summary").isNotBlank();
      assertThat(annotations.path("description").asText()).as(name + " description shows the value").contains("$value");
      assertThat(annotations.path("runbook").asText()).as(name + " runbook").isNotBlank();
      assertThat(rule.path("for").asText()).as(name + " for").isNotBlank();
    }
  }

  @Test
  void theAlertmanagerTemplateRendersToAConfigAmtoolAcceptsAndNeedsItsUrl() throws IOException {
    Path dir = Repo.workDir("alertmanager-config");
    Path rendered = StackConfigs.alertmanagerConfig(dir, "https://hooks.example.com/llm?team=ai&x=|1");
    assertThat(Files.readString(rendered)).contains("url: 'https://hooks.example.com/llm?team=ai&x=|1'").doesNotContain("${");
    Command.Result check = Command.run(dir, List.of(Tool.AMTOOL.path(), "check-config", rendered.toString()));
    assertThat(check.ok()).as(check.describe()).isTrue();
    assertThat(check.output()).contains("1 inhibit rules", "1 receivers");

    Command.Result unset =
        Command.run(
            Repo.root(),
            java.util.Map.of("LLMLENS_ALERT_WEBHOOK_URL", ""),
            java.time.Duration.ofSeconds(10),
            List.of("sh", "alertmanager/render-config.sh", "alertmanager/alertmanager.yml", dir.resolve("x.yml").toString()));
    assertThat(unset.exitCode()).isEqualTo(1);
    assertThat(unset.output()).contains("set LLMLENS_ALERT_WEBHOOK_URL");
    // The template itself is not a config: nobody can start Alertmanager on it by mistake.
    Command.Result raw =
        Command.run(dir, List.of(Tool.AMTOOL.path(), "check-config", Repo.file("alertmanager/alertmanager.yml").toString()));
    assertThat(raw.ok()).isFalse();
  }

  static List<Path> ruleFiles() throws IOException {
    List<Path> files = new ArrayList<>();
    for (String dir : List.of("rules", "alerts")) {
      try (Stream<Path> list = Files.list(PROMETHEUS.resolve(dir))) {
        list.filter(f -> f.toString().endsWith(".yml")).sorted().forEach(files::add);
      }
    }
    return files;
  }

  static List<JsonNode> rules() throws IOException {
    List<JsonNode> rules = new ArrayList<>();
    for (Path file : ruleFiles()) {
      for (JsonNode group : StackConfigs.YAML.readTree(file.toFile()).path("groups")) {
        group.path("rules").forEach(rules::add);
      }
    }
    return rules;
  }

  private static List<Path> testFiles() throws IOException {
    try (Stream<Path> list = Files.list(PROMETHEUS.resolve("tests"))) {
      return list.filter(f -> f.toString().endsWith(".yml")).sorted().toList();
    }
  }

  private static List<JsonNode> unitTests() throws IOException {
    List<JsonNode> tests = new ArrayList<>();
    for (Path file : testFiles()) {
      StackConfigs.YAML.readTree(file.toFile()).path("tests").forEach(tests::add);
    }
    return tests;
  }
}
