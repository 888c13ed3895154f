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
 * <p>{@code percall-inprocess} is the same as {@code percall} through the in-process transport, for
 * a blocking and a streamed call.
 *
 * <p>{@code -Dbench.rounds=3}, {@code -Dbench.perCallCalls=5000} (50,000 in process),
 * {@code -Dbench.calls=100000}, {@code -Dbench.exportSeconds=45}, {@code -Dbench.setups=...},
 * {@code -Dbench.parts=percall,percall-inprocess,steady,export} (the default).
 */
public final class LoadComparison {

  private static final Pattern FIGURE = Pattern.compile("(\\w+)=([-0-9.]+)");

  private LoadComparison() {}

  public static void main(String[] args) throws Exception {
    List<AgentSetup> setups = AgentSetup.selected();
    List<String> parts = List.of(System.getProperty("bench.parts", "percall,percall-inprocess,steady,export").split(","));
    for (String part : parts) {
      if (part.startsWith("percall")) {
        perCall(setups, part);
      }
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

  /** The figures {@code percall} and {@code percall-inprocess} print, and what they are. */
  private static final Map<String, String> PER_CALL_FIGURES = new LinkedHashMap<>();

  static {
    PER_CALL_FIGURES.put("callerCpuMicros", "blocking: calling thread CPU us");
    PER_CALL_FIGURES.put("callerBytes", "blocking: calling thread bytes");
    PER_CALL_FIGURES.put("recorderCpuMicros", "blocking: recorder thread CPU us");
    PER_CALL_FIGURES.put("recorderBytes", "blocking: recorder thread bytes");
    PER_CALL_FIGURES.put("streamCpuMicros", "streamed: calling thread CPU us");
    PER_CALL_FIGURES.put("streamBytes", "streamed: calling thread bytes");
    PER_CALL_FIGURES.put("streamRecorderCpuMicros", "streamed: recorder thread CPU us");
    PER_CALL_FIGURES.put("streamRecorderBytes", "streamed: recorder thread bytes");
    // llmlens on minus off within one JVM (percall-inprocess, llmlens setups only).
    PER_CALL_FIGURES.put("switchedCpuMicros", "blocking, on-off same JVM: CPU us");
    PER_CALL_FIGURES.put("switchedBytes", "blocking, on-off same JVM: bytes");
    PER_CALL_FIGURES.put("switchedRecorderCpuMicros", "blocking, on-off: recorder CPU us");
    PER_CALL_FIGURES.put("switchedRecorderBytes", "blocking, on-off: recorder bytes");
    PER_CALL_FIGURES.put("switchedOffCpuMicros", "blocking, off blocks: CPU us");  // added: to none's blocking CPU
    PER_CALL_FIGURES.put("switchedStreamCpuMicros", "streamed, on-off same JVM: CPU us");
    PER_CALL_FIGURES.put("switchedStreamBytes", "streamed, on-off same JVM: bytes");
    PER_CALL_FIGURES.put("switchedStreamRecorderCpuMicros", "streamed, on-off: recorder CPU us");
    PER_CALL_FIGURES.put("switchedStreamRecorderBytes", "streamed, on-off: recorder bytes");
  }

  private static void perCall(List<AgentSetup> setups, String mode) throws Exception {
    int rounds = Integer.getInteger("bench.rounds", 3);
    String calls = System.getProperty("bench.perCallCalls", mode.equals("percall-inprocess") ? "50000" : "5000");
    // figure -> setup -> per-round values
    Map<String, Map<String, List<Double>>> values = new LinkedHashMap<>();
    for (int round = 0; round < rounds; round++) {
      for (AgentSetup setup : AgentSetup.inRound(setups, round)) {
        Map<String, Double> figures = result(setup, mode, calls);
        figures.forEach((figure, value) -> values.computeIfAbsent(figure, key -> new LinkedHashMap<>())
            .computeIfAbsent(setup.name, key -> new ArrayList<>()).add(value));
        System.out.println("round " + (round + 1) + " " + mode + " " + setup.name + " " + figures);
      }
    }
    System.out.println();
    System.out.printf("%s, %s calls after as many warm-up calls, %d paired rounds: medians (added: median of per-round differences)%n",
        mode.equals("percall-inprocess") ? "Per call, in-process transport" : "Per blocking call, loopback", calls, rounds);
    System.out.printf("%-34s %-27s %12s %12s%n", "figure", "setup", "median", "added");
    for (Map.Entry<String, String> figure : PER_CALL_FIGURES.entrySet()) {
      Map<String, List<Double>> bySetup = values.get(figure.getKey());
      if (bySetup == null) {
        continue;
      }
      List<Double> base = bySetup.get("none");
      if (figure.getKey().equals("switchedOffCpuMicros") && values.containsKey("callerCpuMicros")) {
        // The off blocks set beside the JVM without agent: a cost llmlens leaves in the JVM.
        base = values.get("callerCpuMicros").get("none");
      }
      for (AgentSetup setup : setups) {
        List<Double> measured = bySetup.get(setup.name);
        if (measured == null) {
          continue;
        }
        System.out.printf("%-34s %-27s %12.2f %12s%n", figure.getValue(), setup.name, AgentSetup.median(measured),
            base == null ? "" : String.format("%+.2f", AgentSetup.median(PerCallComparison.differences(measured, base))));
      }
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
    setup.requireObserved(figures.getOrDefault("observedExports", 0.0) > 0, LoadRun.WATCHED_MODEL, output);
    return figures;
  }
}
