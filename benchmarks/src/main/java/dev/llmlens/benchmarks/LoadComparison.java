package dev.llmlens.benchmarks;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Steady-state memory and export cost, side by side: {@link LoadRun} in a fresh JVM per setup,
 * {@code steady} then {@code export}, one round (each run takes about a minute). Prints each
 * setup's figures and what it adds to no agent.
 *
 * <p>{@code -Dbench.calls=100000}, {@code -Dbench.exportSeconds=45}, {@code -Dbench.setups=...}.
 */
public final class LoadComparison {

  private static final Pattern FIGURE = Pattern.compile("(\\w+)=([-0-9.]+)");

  private LoadComparison() {}

  public static void main(String[] args) throws Exception {
    List<AgentSetup> setups = AgentSetup.selected();
    Map<String, Map<String, Double>> steady = new LinkedHashMap<>();
    Map<String, Map<String, Double>> export = new LinkedHashMap<>();
    for (AgentSetup setup : setups) {
      steady.put(setup.name, result(setup, "steady", System.getProperty("bench.calls", "100000")));
      export.put(setup.name, result(setup, "export", System.getProperty("bench.exportSeconds", "45")));
      System.out.println(setup.name + " " + steady.get(setup.name) + " " + export.get(setup.name));
    }
    System.out.println();
    System.out.println("Steady state: after 1,000 warm-up calls -> after 100,000 more (50 models x 20 features), MiB");
    System.out.printf("%-17s %22s %22s%n", "setup", "heap after GC", "RSS");
    for (AgentSetup setup : setups) {
      Map<String, Double> figures = steady.get(setup.name);
      System.out.printf("%-17s %22s %22s%n", setup.name,
          String.format("%.1f -> %.1f", figures.get("heapBeforeMiB"), figures.get("heapAfterMiB")),
          String.format("%.1f -> %.1f", figures.get("rssBeforeMiB"), figures.get("rssAfterMiB")));
    }
    System.out.println();
    System.out.println("Export at 1,000 calls/s: CPU in % of one core");
    System.out.printf("%-17s %10s %14s %14s %16s%n", "setup", "calls/s", "process CPU", "export threads", "OTLP KiB/s");
    for (AgentSetup setup : setups) {
      Map<String, Double> figures = export.get(setup.name);
      System.out.printf("%-17s %10.0f %14.1f %14.2f %16.1f%n", setup.name, figures.get("callsPerSecond"),
          figures.get("processCpuPct"), figures.get("exportCpuPct"), figures.get("exportKiBPerSecond"));
    }
  }

  private static Map<String, Double> result(AgentSetup setup, String mode, String amount) throws Exception {
    String output = ChildJvm.run(ChildJvm.command(setup, List.of(), LoadRun.class, mode, amount));
    Map<String, Double> figures = new LinkedHashMap<>();
    for (String line : output.split("\n")) {
      if (line.startsWith("RESULT ")) {
        Matcher matcher = FIGURE.matcher(line);
        while (matcher.find()) {
          figures.put(matcher.group(1), Double.parseDouble(matcher.group(2)));
        }
      }
    }
    if (figures.isEmpty()) {
      throw new IllegalStateException("no RESULT line from " + setup.name + " " + mode + ":\n" + output);
    }
    return figures;
  }
}
