package dev.llmlens.monitoring.support;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** The Grafana dashboards under grafana/dashboards/, read the way Grafana reads them. */
public final class Dashboards {
  /** $name, ${name}, ${name:format}, [[name]]: Grafana's variable syntaxes. */
  public static final Pattern VARIABLE =
      Pattern.compile(
          "\\$\\{([A-Za-z_][A-Za-z0-9_.]*)(?::[^}]*)?}|\\$([A-Za-z_][A-Za-z0-9_]*)|\\[\\[([A-Za-z_][A-Za-z0-9_]*)]]");

  private Dashboards() {}

  public record Dashboard(Path file, JsonNode json) {
    public String uid() {
      return json.path("uid").asText();
    }

    public String title() {
      return json.path("title").asText();
    }

    /** Every panel, rows and the panels inside collapsed rows included. */
    public List<JsonNode> panels() {
      List<JsonNode> all = new ArrayList<>();
      for (JsonNode panel : json.path("panels")) {
        all.add(panel);
        panel.path("panels").forEach(all::add);
      }
      return all;
    }

    public List<Target> targets() {
      List<Target> targets = new ArrayList<>();
      for (JsonNode panel : panels()) {
        for (JsonNode target : panel.path("targets")) {
          targets.add(new Target(this, panel, target));
        }
      }
      return targets;
    }

    public List<JsonNode> variables() {
      List<JsonNode> variables = new ArrayList<>();
      json.path("templating").path("list").forEach(variables::add);
      return variables;
    }
  }

  /** One query of one panel. */
  public record Target(Dashboard dashboard, JsonNode panel, JsonNode target) {
    public String expr() {
      return target.path("expr").asText();
    }

    /** Grafana sends an instant query for these, a range query otherwise. */
    public boolean instant() {
      return target.path("instant").asBoolean(false) && !target.path("range").asBoolean(false);
    }

    public String panelTitle() {
      return panel.path("title").asText();
    }

    /** "dashboard uid / panel title / refId", for messages. */
    public String describe() {
      return dashboard.uid() + " / " + panelTitle() + " / " + target.path("refId").asText();
    }
  }

  public static List<Dashboard> all() {
    Path dir = Repo.file("grafana/dashboards");
    try (Stream<Path> files = Files.list(dir)) {
      List<Dashboard> dashboards = new ArrayList<>();
      for (Path file : files.filter(f -> f.toString().endsWith(".json")).sorted().toList()) {
        dashboards.add(new Dashboard(file, Http.JSON.readTree(file.toFile())));
      }
      return dashboards;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Names of the variables a text uses, in every syntax Grafana accepts. */
  public static List<String> variablesIn(String text) {
    List<String> names = new ArrayList<>();
    Matcher m = VARIABLE.matcher(text);
    while (m.find()) {
      String name = m.group(1) != null ? m.group(1) : m.group(2) != null ? m.group(2) : m.group(3);
      names.add(name.contains(".") ? name.substring(0, name.indexOf('.')) : name);
    }
    return names;
  }

  /** Replaces every variable found in {@code values}; others are left as they are. */
  public static String substitute(String text, Map<String, String> values) {
    Matcher m = VARIABLE.matcher(text);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String name = m.group(1) != null ? m.group(1) : m.group(2) != null ? m.group(2) : m.group(3);
      String value = values.get(name);
      m.appendReplacement(out, Matcher.quoteReplacement(value != null ? value : m.group()));
    }
    m.appendTail(out);
    return out.toString();
  }

  /** The selector and label of a {@code label_values(selector, label)} variable query. */
  public record LabelValuesQuery(String selector, String label) {
    private static final Pattern SYNTAX = Pattern.compile("^label_values\\((.+),\\s*([A-Za-z_][A-Za-z0-9_]*)\\s*\\)$");

    public static LabelValuesQuery parse(String query) {
      Matcher m = SYNTAX.matcher(query.trim());
      if (!m.matches()) {
        throw new IllegalArgumentException("not label_values(selector, label): " + query);
      }
      return new LabelValuesQuery(m.group(1).trim(), m.group(2));
    }
  }

  /** A variable's query text, in either of the two shapes Grafana saves. */
  public static String variableQuery(JsonNode variable) {
    JsonNode query = variable.path("query");
    return query.isObject() ? query.path("query").asText() : query.asText();
  }
}
