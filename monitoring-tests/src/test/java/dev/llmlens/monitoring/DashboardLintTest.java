package dev.llmlens.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.llmlens.monitoring.support.Dashboards;
import dev.llmlens.monitoring.support.Dashboards.Dashboard;
import dev.llmlens.monitoring.support.Dashboards.Target;
import dev.llmlens.monitoring.support.PrometheusServer;
import dev.llmlens.monitoring.support.Repo;
import dev.llmlens.monitoring.support.StackConfigs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Lints every dashboard the way a reviewer would, and lets Prometheus itself parse every
 * expression: panel types Grafana still has, a data source on every query, variables defined
 * before use, no overlapping panels, unique uids, links that lead somewhere, metric names that
 * the README's metrics table (the contract) or a recording rule defines.
 */
class DashboardLintTest {
  /** Current panel types; "graph", "singlestat" and "table-old" were removed from Grafana. */
  private static final Set<String> PANEL_TYPES =
      Set.of("row", "timeseries", "stat", "gauge", "bargauge", "piechart", "table", "text", "heatmap");

  /** The Prometheus-name column of the README's metrics table: the metrics contract. */
  static Set<String> documentedMetrics() throws IOException {
    Set<String> names = new HashSet<>();
    Matcher row = Pattern.compile("(?m)^\\| `[a-z_.]+`(?: \\([^)]*\\))? \\| `([a-z_]+)` \\|").matcher(Files.readString(Repo.file("README.md")));
    while (row.find()) {
      names.add(row.group(1));
    }
    return names;
  }

  private static final Pattern METRIC = Pattern.compile("(?<![A-Za-z0-9_:])((?:gen_)?ai[_:][A-Za-z0-9_:]+)");

  private static PrometheusServer prometheus;
  private static List<Dashboard> dashboards;

  @BeforeAll
  static void start() throws Exception {
    dashboards = Dashboards.all();
    // An empty Prometheus: only its parser is needed.
    Path dir = Repo.workDir("lint-prometheus");
    Path config = Files.writeString(dir.resolve("prometheus.yml"), "global:\n  scrape_interval: 15s\n");
    prometheus = PrometheusServer.start(config, dir.resolve("data"));
  }

  @AfterAll
  static void stop() {
    if (prometheus != null) {
      prometheus.close();
    }
  }

  @Test
  void theFourDashboardsAreThere() {
    assertThat(dashboards).extracting(Dashboard::uid)
        .containsExactlyInAnyOrder("llmlens-overview", "llmlens-cost", "llmlens-detail", "llmlens-debug");
    assertThat(dashboards).extracting(Dashboard::title)
        .containsExactlyInAnyOrder("AI Service Overview", "LLM Cost Analysis", "AI Detail", "AI Debug");
  }

  @Test
  void uidsAndTitlesAreUniqueAndPanelIdsUniquePerDashboard() {
    assertThat(dashboards).extracting(Dashboard::uid).doesNotHaveDuplicates();
    assertThat(dashboards).extracting(Dashboard::title).doesNotHaveDuplicates();
    for (Dashboard dashboard : dashboards) {
      assertThat(dashboard.uid()).as(dashboard.file().toString()).isNotBlank().hasSizeLessThanOrEqualTo(40);
      List<Integer> ids = new ArrayList<>();
      dashboard.panels().forEach(panel -> ids.add(panel.path("id").asInt()));
      assertThat(ids).as(dashboard.uid() + " panel ids").doesNotHaveDuplicates().doesNotContain(0);
      assertThat(dashboard.json().path("schemaVersion").asInt()).as(dashboard.uid()).isGreaterThanOrEqualTo(36);
    }
  }

  @Test
  void everyPanelHasACurrentTypeATitleAndQueries() {
    for (Dashboard dashboard : dashboards) {
      for (JsonNode panel : dashboard.panels()) {
        String type = panel.path("type").asText();
        String where = dashboard.uid() + " / " + panel.path("title").asText();
        assertThat(PANEL_TYPES).as(where + ": panel type " + type).contains(type);
        assertThat(panel.path("title").asText()).as(where).isNotBlank();
        if (!type.equals("row") && !type.equals("text")) {
          assertThat(panel.path("targets").size()).as(where + " has queries").isPositive();
        }
      }
    }
  }

  @Test
  void everyQueryHasADataSourceThatExists() throws IOException {
    Set<String> provisioned = new HashSet<>();
    JsonNode datasources =
        StackConfigs.YAML.readTree(Repo.file("grafana/provisioning/datasources/datasources.yml").toFile());
    datasources.path("datasources").forEach(d -> provisioned.add(d.path("uid").asText()));
    for (Dashboard dashboard : dashboards) {
      Set<String> datasourceVariables = new HashSet<>();
      for (JsonNode variable : dashboard.variables()) {
        if (variable.path("type").asText().equals("datasource")) {
          datasourceVariables.add(variable.path("name").asText());
          assertThat(variable.path("query").asText()).isEqualTo("prometheus");
        }
      }
      for (Target target : dashboard.targets()) {
        JsonNode datasource = target.target().has("datasource") ? target.target().get("datasource") : target.panel().path("datasource");
        assertThat(datasource.isObject()).as(target.describe() + ": no data source").isTrue();
        assertThat(datasource.path("type").asText()).as(target.describe()).isEqualTo("prometheus");
        String uid = datasource.path("uid").asText();
        List<String> variables = Dashboards.variablesIn(uid);
        if (variables.isEmpty()) {
          assertThat(provisioned).as(target.describe() + ": data source uid " + uid).contains(uid);
        } else {
          assertThat(datasourceVariables).as(target.describe() + ": data source variable " + uid).containsAll(variables);
        }
        assertThat(target.expr()).as(target.describe()).isNotBlank();
      }
    }
  }

  @Test
  void everyVariableUsedIsDefinedBeforeItIsUsed() {
    for (Dashboard dashboard : dashboards) {
      List<String> defined = new ArrayList<>();
      for (JsonNode variable : dashboard.variables()) {
        // A variable's own query may use only the variables above it.
        for (String used : Dashboards.variablesIn(Dashboards.variableQuery(variable))) {
          assertThat(defined).as(dashboard.uid() + ": variable " + variable.path("name").asText() + " uses $" + used).contains(used);
        }
        defined.add(variable.path("name").asText());
      }
      // Everything else: queries, titles, links, legends. Names starting with __ are Grafana's own.
      List<String> texts = new ArrayList<>();
      collectStrings(dashboard.json().path("panels"), texts);
      collectStrings(dashboard.json().path("links"), texts);
      for (String text : texts) {
        for (String used : Dashboards.variablesIn(text)) {
          if (!used.startsWith("__")) {
            assertThat(defined).as(dashboard.uid() + ": $" + used + " in \"" + text + "\"").contains(used);
          }
        }
      }
    }
  }

  @Test
  void panelsStayOnTheGridAndNeverOverlap() {
    for (Dashboard dashboard : dashboards) {
      List<int[]> boxes = new ArrayList<>();
      List<String> names = new ArrayList<>();
      for (JsonNode panel : dashboard.panels()) {
        JsonNode grid = panel.path("gridPos");
        int x = grid.path("x").asInt(-1), y = grid.path("y").asInt(-1), w = grid.path("w").asInt(0), h = grid.path("h").asInt(0);
        String name = dashboard.uid() + " / " + panel.path("title").asText();
        assertThat(x).as(name + " x").isBetween(0, 23);
        assertThat(y).as(name + " y").isGreaterThanOrEqualTo(0);
        assertThat(w).as(name + " w").isBetween(1, 24 - x);
        assertThat(h).as(name + " h").isPositive();
        for (int i = 0; i < boxes.size(); i++) {
          int[] b = boxes.get(i);
          boolean overlap = x < b[0] + b[2] && b[0] < x + w && y < b[1] + b[3] && b[1] < y + h;
          assertThat(overlap).as(name + " overlaps " + names.get(i)).isFalse();
        }
        boxes.add(new int[] {x, y, w, h});
        names.add(name);
      }
    }
  }

  @Test
  void linksLeadFromOverviewToDetailToDebugAndEveryLinkedDashboardExists() {
    Map<String, Set<String>> linked = new HashMap<>();
    Set<String> uids = new HashSet<>();
    dashboards.forEach(d -> uids.add(d.uid()));
    Pattern dashboardUrl = Pattern.compile("/d/([A-Za-z0-9_-]+)");
    for (Dashboard dashboard : dashboards) {
      List<String> urls = new ArrayList<>();
      dashboard.json().path("links").forEach(link -> urls.add(link.path("url").asText()));
      for (JsonNode panel : dashboard.panels()) {
        panel.path("fieldConfig").path("defaults").path("links").forEach(link -> urls.add(link.path("url").asText()));
      }
      for (String url : urls) {
        Matcher m = dashboardUrl.matcher(url);
        while (m.find()) {
          assertThat(uids).as(dashboard.uid() + " links to " + url).contains(m.group(1));
          linked.computeIfAbsent(dashboard.uid(), k -> new TreeSet<>()).add(m.group(1));
        }
      }
    }
    assertThat(linked.get("llmlens-overview")).contains("llmlens-detail", "llmlens-debug", "llmlens-cost");
    assertThat(linked.get("llmlens-detail")).contains("llmlens-debug", "llmlens-overview");
    assertThat(linked.get("llmlens-debug")).contains("llmlens-overview", "llmlens-detail");
    assertThat(linked.get("llmlens-cost")).contains("llmlens-overview");
  }

  @Test
  void everyMetricAQueryNamesIsRecordedByARuleOrExportedByTheAgent() throws IOException {
    Set<String> records = new HashSet<>();
    for (JsonNode rule : PrometheusFilesTest.rules()) {
      if (rule.has("record")) {
        records.add(rule.get("record").asText());
      }
    }
    Set<String> metrics = documentedMetrics();
    assertThat(metrics).as("README metrics table").contains("ai_requests_total", "ai_request_duration_seconds", "ai_cost_dollars_total");
    for (Dashboard dashboard : dashboards) {
      List<String> exprs = new ArrayList<>();
      dashboard.targets().forEach(t -> exprs.add(t.expr()));
      dashboard.variables().forEach(v -> exprs.add(Dashboards.variableQuery(v)));
      for (String expr : exprs) {
        // Metric names only: no strings, label matchers or grouping labels.
        String names =
            expr.replaceAll("\"[^\"]*\"", "\"\"")
                .replaceAll("\\{[^}]*}", "{}")
                .replaceAll("\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)", "");
        Matcher m = METRIC.matcher(names);
        while (m.find()) {
          String name = m.group(1);
          if (name.contains(":")) {
            assertThat(records).as(dashboard.uid() + ": recorded series " + name + " in " + expr).contains(name);
          } else {
            String family = name.replaceFirst("_(bucket|count|sum)$", "");
            assertThat(metrics).as(dashboard.uid() + ": metric " + name + " (not in README.md's metrics table) in " + expr).contains(family);
          }
        }
      }
    }
  }

  @Test
  void prometheusParsesEveryExpression() throws IOException {
    int checked = 0;
    for (Dashboard dashboard : dashboards) {
      Map<String, String> values = placeholderValues(dashboard);
      List<String> exprs = new ArrayList<>();
      List<String> where = new ArrayList<>();
      for (Target target : dashboard.targets()) {
        exprs.add(target.expr());
        where.add(target.describe());
      }
      for (JsonNode variable : dashboard.variables()) {
        if (variable.path("type").asText().equals("query")) {
          exprs.add(Dashboards.LabelValuesQuery.parse(Dashboards.variableQuery(variable)).selector());
          where.add(dashboard.uid() + " / variable " + variable.path("name").asText());
        }
      }
      for (int i = 0; i < exprs.size(); i++) {
        String expr = Dashboards.substitute(exprs.get(i), values);
        PrometheusServer.Answer answer = prometheus.query(expr, Instant.ofEpochSecond(1_700_000_000L));
        assertThat(answer.ok()).as(where.get(i) + ": " + expr + " -> " + answer.error()).isTrue();
        checked++;
      }
    }
    assertThat(checked).isGreaterThan(50);
  }

  /** Values of the right shape for every variable: a regex for =~, a duration for ranges. */
  static Map<String, String> placeholderValues(Dashboard dashboard) {
    Map<String, String> values = new HashMap<>();
    for (JsonNode variable : dashboard.variables()) {
      values.put(variable.path("name").asText(), "x");
    }
    values.put("__rate_interval", "1m");
    values.put("__interval", "15s");
    values.put("__range", "6h");
    values.put("__range_s", "21600");
    return values;
  }

  private static void collectStrings(JsonNode node, List<String> out) {
    if (node.isTextual()) {
      out.add(node.asText());
    } else if (node.isContainerNode()) {
      node.forEach(child -> collectStrings(child, out));
    }
  }
}
