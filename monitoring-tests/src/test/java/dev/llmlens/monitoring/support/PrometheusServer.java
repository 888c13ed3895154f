package dev.llmlens.monitoring.support;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A real Prometheus on a free 127.0.0.1 port with its own data directory, and the parts of its
 * HTTP API that Grafana uses.
 */
public final class PrometheusServer extends Daemon {
  private final String url;

  private PrometheusServer(List<String> command, Path dir, Path log, String url) throws IOException {
    super("prometheus", command, dir, log, Map.of());
    this.url = url;
  }

  /** Starts Prometheus with {@code config} on a free port and waits until it is ready. */
  public static PrometheusServer start(Path config, Path dataDir, String... flags) throws IOException, InterruptedException {
    return start(config, dataDir, freePort(), flags);
  }

  /** Starts Prometheus with {@code config} on {@code port} and waits until it is ready. */
  public static PrometheusServer start(Path config, Path dataDir, int port, String... flags)
      throws IOException, InterruptedException {
    Files.createDirectories(dataDir);
    List<String> command = new ArrayList<>();
    command.add(Tool.PROMETHEUS.path());
    command.add("--config.file=" + config);
    command.add("--storage.tsdb.path=" + dataDir);
    command.add("--web.listen-address=127.0.0.1:" + port);
    command.add("--web.enable-lifecycle");
    command.addAll(List.of(flags));
    PrometheusServer server =
        new PrometheusServer(command, config.getParent(), dataDir.resolveSibling(dataDir.getFileName() + ".log"),
            "http://127.0.0.1:" + port);
    server.awaitReady(server.url + "/-/ready", Duration.ofSeconds(120));
    return server;
  }

  public String url() {
    return url;
  }

  public String address() {
    return url.substring("http://".length());
  }


  /** An API answer: the raw response; {@link #ok()} when Prometheus accepted the query. */
  public record Answer(int status, JsonNode json, String body) {
    public boolean ok() {
      return status == 200 && "success".equals(json.path("status").asText());
    }

    public JsonNode result() {
      return json.path("data").path("result");
    }

    public String error() {
      return json.path("errorType").asText() + ": " + json.path("error").asText();
    }

    /** Series (or a scalar) with at least one value. */
    public boolean hasData() {
      JsonNode result = result();
      String type = json.path("data").path("resultType").asText();
      if (type.equals("scalar") || type.equals("string")) {
        return true;
      }
      for (JsonNode series : result) {
        if (series.has("value") || series.path("values").size() > 0) {
          return true;
        }
      }
      return false;
    }
  }

  public Answer query(String expr) throws IOException {
    return query(expr, Instant.now());
  }

  public Answer query(String expr, Instant time) throws IOException {
    Map<String, String> form = new LinkedHashMap<>();
    form.put("query", expr);
    form.put("time", seconds(time));
    return answer(Http.postForm(url + "/api/v1/query", form));
  }

  public Answer queryRange(String expr, Instant start, Instant end, Duration step) throws IOException {
    Map<String, String> form = new LinkedHashMap<>();
    form.put("query", expr);
    form.put("start", seconds(start));
    form.put("end", seconds(end));
    form.put("step", Double.toString(step.toMillis() / 1000.0));
    return answer(Http.postForm(url + "/api/v1/query_range", form));
  }

  /** Values of {@code label} on the series that match {@code selector}, sorted. */
  public List<String> labelValues(String label, String selector, Instant start) throws IOException {
    Http.Response response =
        Http.get(
            url + "/api/v1/label/" + label + "/values?match[]=" + Http.encode(selector) + "&start=" + seconds(start));
    Answer answer = answer(response);
    if (!answer.ok()) {
      throw new IllegalStateException("label values of " + label + " for " + selector + ": " + answer.error());
    }
    List<String> values = new ArrayList<>();
    answer.json().path("data").forEach(value -> values.add(value.asText()));
    values.sort(null);
    return values;
  }

  /** The exemplars Prometheus stored for the series of {@code selector} in [start, end]. */
  public Answer exemplars(String selector, Instant start, Instant end) throws IOException {
    Map<String, String> form = new LinkedHashMap<>();
    form.put("query", selector);
    form.put("start", seconds(start));
    form.put("end", seconds(end));
    return answer(Http.postForm(url + "/api/v1/query_exemplars", form));
  }

  /** Instant query that must succeed: its result array. */
  public JsonNode result(String expr) throws IOException {
    Answer answer = query(expr);
    if (!answer.ok()) {
      throw new IllegalStateException(expr + ": " + answer.error());
    }
    return answer.result();
  }

  private static Answer answer(Http.Response response) {
    JsonNode json;
    try {
      json = response.json();
    } catch (IllegalStateException e) {
      json = Http.JSON.createObjectNode().put("status", "error").put("error", response.body());
    }
    return new Answer(response.status(), json, response.body());
  }

  private static String seconds(Instant time) {
    return String.format(java.util.Locale.ROOT, "%.3f", time.toEpochMilli() / 1000.0);
  }
}
