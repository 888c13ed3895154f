package dev.llmlens.monitoring.benchmark;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.llmlens.monitoring.support.Command;
import dev.llmlens.monitoring.support.Dashboards;
import dev.llmlens.monitoring.support.Dashboards.Dashboard;
import dev.llmlens.monitoring.support.Dashboards.Target;
import dev.llmlens.monitoring.support.Figures;
import dev.llmlens.monitoring.support.PrometheusServer;
import dev.llmlens.monitoring.support.Repo;
import dev.llmlens.monitoring.support.Tool;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * How fast the dashboards load on 30 days of data: backfills 30 days of a busy service (see
 * {@link SyntheticTraffic}) with {@code promtool tsdb create-blocks-from openmetrics}, starts a
 * real Prometheus on the blocks, and sends every dashboard's queries the way Grafana does
 * (variables first, then the panels six at a time; range queries with Grafana's step and
 * $__rate_interval for a 1,800-pixel-wide screen), for the dashboard's default time range and
 * for 30 days. Prints, per dashboard and range, the slowest query and the whole dashboard.
 *
 * <p>Not part of {@code mvn verify}: {@code mvn -B -f monitoring-tests/pom.xml verify -Pbenchmark}.
 * The backfilled blocks are kept in monitoring-tests/target/dashboard-benchmark and reused by the
 * next run ({@code -Dbenchmark.rebuild=true} to start over; {@code -Dbenchmark.days=N} for a
 * shorter trial).
 */
@Tag("benchmark")
class DashboardLoadBenchmark {
  private static final int DAYS = Integer.getInteger("benchmark.days", 30);
  private static final int FORMAT = 4;
  private static final int PARALLEL_QUERIES = 6;
  private static final double PIXELS_PER_GRID_UNIT = 1800 / 24.0;
  private static final Duration SCRAPE = Duration.ofSeconds(15);

  @Test
  void timeEveryDashboardOnThirtyDays() throws Exception {
    Path dir = Repo.file("monitoring-tests/target/dashboard-benchmark");
    Path data = dir.resolve("data");
    long end = backfill(dir, data);
    Path config = Files.writeString(dir.resolve("prometheus.yml"), "global:\n  scrape_interval: 15s\n");
    try (PrometheusServer prometheus =
        PrometheusServer.start(config, data, "--storage.tsdb.retention.time=" + (DAYS + 10) + "d")) {
      Instant now = Instant.ofEpochSecond(end);
      PrometheusServer.Answer series = prometheus.query("count({__name__=~\".+\"})", now);
      assertThat(series.hasData()).as("backfilled data loaded: " + series.body()).isTrue();
      long seriesCount = series.result().get(0).path("value").get(1).asLong();
      List<String> lines = new ArrayList<>();
      lines.add(String.format(Locale.ROOT, "%-22s %-6s %7s %14s %16s %18s", "dashboard", "range", "queries",
          "slowest query", "whole dashboard", "first load (cold)"));
      boolean met = true;
      for (Dashboard dashboard : Dashboards.all()) {
        Duration defaultRange = parseRange(dashboard.json().path("time").path("from").asText());
        for (Duration range : List.of(defaultRange, Duration.ofDays(DAYS))) {
          Load first = load(prometheus, dashboard, now, range);
          List<Load> warm = new ArrayList<>();
          for (int i = 0; i < 3; i++) {
            warm.add(load(prometheus, dashboard, now, range));
          }
          warm.sort((a, b) -> Long.compare(a.wholeMillis, b.wholeMillis));
          Load median = warm.get(1);
          met &= median.slowestMillis < 2000 && median.wholeMillis < 2000;
          lines.add(String.format(Locale.ROOT, "%-22s %-6s %7d %10.3f s   %12.3f s   %14.3f s   slowest: %s",
              dashboard.title(), human(range), median.queries, median.slowestMillis / 1000.0, median.wholeMillis / 1000.0,
              first.wholeMillis / 1000.0, median.slowest));
        }
      }
      Figures.report("Dashboard load times, " + DAYS + " days backfilled (" + SyntheticTraffic.combos().size()
          + " feature x model pairs, " + seriesCount + " series, 15 s resolution, rate rules every 2 min), warm median of 3 (Prometheus "
          + Command.run(dir, List.of(Tool.PROMETHEUS.path(), "--version")).output().lines().findFirst().orElse("") + "):");
      lines.forEach(Figures::report);
      Figures.report("Target (slowest query and whole dashboard under 2 s): " + (met ? "met" : "NOT met"));
    }
  }

  /** Creates the blocks unless a previous run left them; returns the end of the data (epoch s). */
  private static long backfill(Path dir, Path data) throws Exception {
    Path marker = dir.resolve("backfill.properties");
    Properties done = new Properties();
    if (!Boolean.getBoolean("benchmark.rebuild") && Files.exists(marker)) {
      try (var in = Files.newInputStream(marker)) {
        done.load(in);
      }
      if (String.valueOf(DAYS).equals(done.getProperty("days")) && String.valueOf(FORMAT).equals(done.getProperty("format"))) {
        System.out.println("DashboardLoadBenchmark: reusing the blocks in " + data + " (-Dbenchmark.rebuild=true to redo)");
        return Long.parseLong(done.getProperty("end"));
      }
    }
    deleteRecursively(dir);
    Files.createDirectories(data);
    long end = Instant.now().getEpochSecond() / SyntheticTraffic.STEP * SyntheticTraffic.STEP;
    long origin = end - DAYS * 86400L;
    long started = System.nanoTime();
    String promtool = Tool.PROMTOOL.path();
    ExecutorService workers = Executors.newFixedThreadPool(2);
    try {
      // One file per UTC day: promtool reads its input once per block, and a day-aligned file
      // makes exactly one 24-hour block.
      List<long[]> segments = new ArrayList<>();
      for (long s = origin; s < end; s = Math.min(end, (s / 86400 + 1) * 86400)) {
        segments.add(new long[] {s, Math.min(end, (s / 86400 + 1) * 86400)});
      }
      List<Future<?>> days = new ArrayList<>();
      for (int day = 0; day < segments.size(); day++) {
        int d = day;
        long[] segment = segments.get(day);
        days.add(workers.submit(() -> {
          Path file = dir.resolve("day-" + d + ".om");
          long t0 = System.nanoTime();
          SyntheticTraffic.write(file, origin, segment[0], segment[1]);
          long written = System.nanoTime();
          Command.Result imported =
              Command.run(dir, Map.of(), Duration.ofMinutes(20),
                  List.of(promtool, "tsdb", "create-blocks-from", "openmetrics", "--max-block-duration=24h", "-q",
                      file.toString(), data.toString()));
          Files.delete(file);
          if (!imported.ok()) {
            throw new IllegalStateException(imported.describe());
          }
          System.out.printf(Locale.ROOT, "DashboardLoadBenchmark: day %d/%d backfilled (written in %.0f s, imported in %.0f s; %.0f s so far)%n",
              d + 1, segments.size(), (written - t0) / 1e9, (System.nanoTime() - written) / 1e9, (System.nanoTime() - started) / 1e9);
          return null;
        }));
      }
      for (Future<?> day : days) {
        day.get();
      }
    } finally {
      workers.shutdownNow();
    }
    Figures.report(String.format(Locale.ROOT, "Backfill of %d days with promtool: %.0f s", DAYS, (System.nanoTime() - started) / 1e9));
    done.setProperty("days", String.valueOf(DAYS));
    done.setProperty("format", String.valueOf(FORMAT));
    done.setProperty("end", String.valueOf(end));
    try (var out = Files.newOutputStream(marker)) {
      done.store(out, "DashboardLoadBenchmark backfill");
    }
    return end;
  }

  private record Load(int queries, long slowestMillis, String slowest, long wholeMillis) {}

  /** One dashboard load as Grafana does it; returns the timings. */
  private static Load load(PrometheusServer prometheus, Dashboard dashboard, Instant now, Duration range) throws Exception {
    long start = System.nanoTime();
    Map<String, String> values = new HashMap<>();
    List<long[]> timings = Collections.synchronizedList(new ArrayList<>());
    List<String> names = Collections.synchronizedList(new ArrayList<>());
    // Variables, in order: each may use the ones above it.
    for (JsonNode variable : dashboard.variables()) {
      String name = variable.path("name").asText();
      if (variable.path("type").asText().equals("datasource")) {
        values.put(name, "prometheus");
        continue;
      }
      Dashboards.LabelValuesQuery query = Dashboards.LabelValuesQuery.parse(Dashboards.variableQuery(variable));
      long t0 = System.nanoTime();
      List<String> options = prometheus.labelValues(query.label(), Dashboards.substitute(query.selector(), values), now.minus(range));
      timings.add(new long[] {(System.nanoTime() - t0) / 1_000_000});
      names.add("variable " + name);
      boolean all = variable.path("includeAll").asBoolean(false);
      values.put(name, all ? variable.path("allValue").asText(".*") : options.isEmpty() ? "none" : options.get(0));
    }
    values.put("__range", range.toSeconds() + "s");
    values.put("__range_s", String.valueOf(range.toSeconds()));
    ExecutorService browser = Executors.newFixedThreadPool(PARALLEL_QUERIES);
    try {
      List<Future<?>> queries = new ArrayList<>();
      for (Target target : dashboard.targets()) {
        queries.add(browser.submit(() -> {
          Map<String, String> panelValues = new HashMap<>(values);
          // A panel's relative time ("timeFrom": "6h") overrides the dashboard's range, as in Grafana.
          Duration panelRange =
              target.panel().has("timeFrom")
                  ? min(range, parseRange("now-" + target.panel().path("timeFrom").asText()))
                  : range;
          panelValues.put("__range", panelRange.toSeconds() + "s");
          panelValues.put("__range_s", String.valueOf(panelRange.toSeconds()));
          Duration step = step(target.panel(), panelRange);
          panelValues.put("__interval", step.toSeconds() + "s");
          panelValues.put("__rate_interval", Math.max(step.plus(SCRAPE).toSeconds(), 4 * SCRAPE.toSeconds()) + "s");
          String expr = Dashboards.substitute(target.expr(), panelValues);
          long t0 = System.nanoTime();
          PrometheusServer.Answer answer;
          if (target.instant()) {
            answer = prometheus.query(expr, now);
          } else {
            long s = step.toSeconds();
            Instant from = Instant.ofEpochSecond(now.minus(panelRange).getEpochSecond() / s * s);
            Instant to = Instant.ofEpochSecond(now.getEpochSecond() / s * s);
            answer = prometheus.queryRange(expr, from, to, step);
          }
          timings.add(new long[] {(System.nanoTime() - t0) / 1_000_000});
          names.add(target.describe());
          if (!answer.ok()) {
            throw new IllegalStateException(target.describe() + ": " + answer.error());
          }
          return null;
        }));
      }
      for (Future<?> query : queries) {
        query.get();
      }
    } finally {
      browser.shutdownNow();
    }
    long whole = (System.nanoTime() - start) / 1_000_000;
    int slowest = 0;
    for (int i = 1; i < timings.size(); i++) {
      if (timings.get(i)[0] > timings.get(slowest)[0]) {
        slowest = i;
      }
    }
    return new Load(timings.size(), timings.get(slowest)[0], names.get(slowest), whole);
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }

  /** Grafana's interval: range / the panel's width in pixels, at least the panel's or the scrape interval, rounded. */
  static Duration step(JsonNode panel, Duration range) {
    long minimum = panel.has("interval") ? parseRange("now-" + panel.path("interval").asText()).toSeconds() : SCRAPE.toSeconds();
    // Grafana asks for one point per pixel of the panel's width, or for the panel's own
    // "maxDataPoints" when it sets one.
    double maxDataPoints = panel.has("maxDataPoints")
        ? panel.path("maxDataPoints").asInt()
        : panel.path("gridPos").path("w").asInt(24) * PIXELS_PER_GRID_UNIT;
    long raw = (long) Math.ceil(range.toSeconds() / maxDataPoints);
    long[] nice = {15, 20, 30, 60, 120, 300, 600, 900, 1200, 1800, 3600, 7200, 10800, 21600, 43200, 86400};
    long step = nice[nice.length - 1];
    for (long candidate : nice) {
      if (candidate >= raw) {
        step = candidate;
        break;
      }
    }
    return Duration.ofSeconds(Math.max(minimum, step));
  }

  /** "now-6h" → 6 hours. */
  static Duration parseRange(String from) {
    String amount = from.replace("now-", "");
    long n = Long.parseLong(amount.substring(0, amount.length() - 1));
    return switch (amount.charAt(amount.length() - 1)) {
      case 's' -> Duration.ofSeconds(n);
      case 'm' -> Duration.ofMinutes(n);
      case 'h' -> Duration.ofHours(n);
      case 'd' -> Duration.ofDays(n);
      default -> throw new IllegalArgumentException(from);
    };
  }

  private static String human(Duration range) {
    return range.toDays() > 0 && range.toHours() % 24 == 0 ? range.toDays() + "d" : range.toHours() + "h";
  }

  private static void deleteRecursively(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (var paths = Files.walk(dir)) {
      for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    }
  }
}
