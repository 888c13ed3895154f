package dev.llmlens.benchmarks;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Side by side, {@link LoadRun} in a fresh JVM per setup: CPU time and allocation per call on the
 * calling thread ({@code percall}, paired rounds, setups interleaved), then steady-state memory
 * ({@code steady}) and export cost ({@code export}), one run each (about a minute per run).
 *
 * <p>{@code -Dbench.rounds=3}, {@code -Dbench.perCallCalls=5000}, {@code -Dbench.calls=100000},
 * {@code -Dbench.exportSeconds=45}, {@code -Dbench.setups=...}, {@code -Dbench.parts=percall,steady,export} (the default).
 */
public final class LoadComparison {

  private static final Pattern FIGURE = Pattern.compile("(\\w+)=([-0-9.]+)");

  private LoadComparison() {}

  public static void main(String[] args) throws Exception {
    List<AgentSetup> setups = AgentSetup.selected();
    List<String> parts = List.of(System.getProperty("bench.parts", "percall,steady,export").split(","));
    if (parts.contains("percall")) {
      perCall(setups);
    }
    if (!parts.contains("steady") && !parts.contains("export")) {
      return;
    }
    Map<String, Map<String, Double>> steady = new LinkedHashMap<>();
    Map<String, Map<String, Double>> export = new LinkedHashMap<>();
    for (AgentSetup setup : setups) {
      if (parts.contains("steady")) {
        steady.put(setup.name, result(setup, "steady", System.getProperty("bench.calls", "100000")));
      }
      if (parts.contains("export")) {
        export.put(setup.name, result(setup, "export", System.getProperty("bench.exportSeconds", "45")));
      }
      System.out.println(setup.name + " " + steady.get(setup.name) + " " + export.get(setup.name));
    }
    if (!steady.isEmpty()) {
      printSteady(setups, steady);
    }
    if (!export.isEmpty()) {
      printExport(setups, export);
    }
  }

  private static void printSteady(List<AgentSetup> setups, Map<String, Map<String, Double>> steady) {
    System.out.println();
    System.out.println("Steady state: after 1,000 warm-up calls -> after 100,000 more (50 models x 20 features), MiB");
    System.out.printf("%-17s %22s %22s%n", "setup", "heap after GC", "RSS");
    for (AgentSetup setup : setups) {
      Map<String, Double> figures = steady.get(setup.name);
      System.out.printf("%-17s %22s %22s%n", setup.name,
          String.format("%.1f -> %.1f", figures.get("heapBeforeMiB"), figures.get("heapAfterMiB")),
          String.format("%.1f -> %.1f", figures.get("rssBeforeMiB"), figures.get("rssAfterMiB")));
    }
  }

  private static void printExport(List<AgentSetup> setups, Map<String, Map<String, Double>> export) {
    System.out.println();
    System.out.println("Export at 1,000 calls/s: CPU in % of one core");
    System.out.printf("%-17s %10s %14s %14s %16s%n", "setup", "calls/s", "process CPU", "export threads", "OTLP KiB/s");
    for (AgentSetup setup : setups) {
      Map<String, Double> figures = export.get(setup.name);
      System.out.printf("%-17s %10.0f %14.1f %14.2f %16.1f%n", setup.name, figures.get("callsPerSecond"),
          figures.get("processCpuPct"), figures.get("exportCpuPct"), figures.get("exportKiBPerSecond"));
    }
  }

  private static void perCall(List<AgentSetup> setups) throws Exception {
    int rounds = Integer.getInteger("bench.rounds", 3);
    Map<String, List<Double>> cpu = new LinkedHashMap<>();
    Map<String, List<Double>> bytes = new LinkedHashMap<>();
    for (int round = 0; round < rounds; round++) {
      for (AgentSetup setup : AgentSetup.inRound(setups, round)) {
        Map<String, Double> figures = result(setup, "percall", System.getProperty("bench.perCallCalls", "5000"));
        cpu.computeIfAbsent(setup.name, key -> new ArrayList<>()).add(figures.get("callerCpuMicros"));
        bytes.computeIfAbsent(setup.name, key -> new ArrayList<>()).add(figures.get("callerBytes"));
        System.out.println("round " + (round + 1) + " " + setup.name + " " + figures);
      }
    }
    System.out.println();
    System.out.printf("Per blocking call, calling thread, %d paired rounds: medians (added: median of per-round differences)%n", rounds);
    System.out.printf("%-27s %12s %12s %14s %12s%n", "setup", "CPU us", "added us", "bytes", "added B");
    for (AgentSetup setup : setups) {
      List<Double> baseCpu = cpu.get("none");
      List<Double> baseBytes = bytes.get("none");
      System.out.printf("%-27s %12.1f %12s %14.0f %12s%n", setup.name,
          AgentSetup.median(cpu.get(setup.name)),
          baseCpu == null ? "" : String.format("%+.1f", AgentSetup.median(PerCallComparison.differences(cpu.get(setup.name), baseCpu))),
          AgentSetup.median(bytes.get(setup.name)),
          baseBytes == null ? "" : String.format("%+.0f", AgentSetup.median(PerCallComparison.differences(bytes.get(setup.name), baseBytes))));
    }
    System.out.println();
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
