package dev.llmlens.benchmarks;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Start-up, side by side: {@link OneCall} as a fresh process per setup and round, the setups
 * interleaved in each round (rotated order). Each run goes through {@code /usr/bin/time} for CPU
 * time (user + system) and peak RSS; wall time is measured here, from start to exit. One more
 * run per setup with {@code -Xlog:class+load} counts the classes loaded.
 *
 * <p>{@code -Dbench.rounds=7} (default 5), {@code -Dbench.setups=none,llmlens},
 * {@code -Dbench.java=/path/to/bin/java} (default: the JDK running this).
 */
public final class StartupComparison {

  private static final String[] FIGURES = {"wall s", "cpu s", "peak RSS MiB"};

  private StartupComparison() {}

  public static void main(String[] args) throws Exception {
    int rounds = Integer.getInteger("bench.rounds", 5);
    List<AgentSetup> setups = AgentSetup.selected();
    Map<String, List<double[]>> runs = new LinkedHashMap<>();
    for (int round = 0; round < rounds; round++) {
      for (AgentSetup setup : AgentSetup.inRound(setups, round)) {
        double[] figures = timedRun(setup);
        runs.computeIfAbsent(setup.name, key -> new ArrayList<>()).add(figures);
        System.out.printf("round %d %-17s wall %.2f s  cpu %.2f s  peak RSS %.0f MiB%n", round + 1, setup.name, figures[0], figures[1], figures[2]);
      }
    }
    Map<String, Integer> classes = new LinkedHashMap<>();
    for (AgentSetup setup : setups) {
      classes.put(setup.name, classesLoaded(setup));
    }
    System.out.println();
    System.out.printf("Start-up + 1 call, %d paired rounds: median (ratio to none, median of per-round ratios)%n", rounds);
    System.out.printf("%-17s %20s %20s %24s %16s%n", "setup", FIGURES[0], FIGURES[1], FIGURES[2], "classes loaded");
    List<double[]> base = runs.get("none");
    for (AgentSetup setup : setups) {
      StringBuilder line = new StringBuilder(String.format("%-17s", setup.name));
      for (int figure = 0; figure < FIGURES.length; figure++) {
        List<Double> values = column(runs.get(setup.name), figure);
        String ratio = base == null ? "" : String.format(" (%.2fx)", AgentSetup.median(PerCallComparison.ratios(values, column(base, figure))));
        line.append(String.format(figure == 2 ? " %24s" : " %20s", String.format("%.2f", AgentSetup.median(values)) + ratio));
      }
      Integer baseClasses = classes.get("none");
      int count = classes.get(setup.name);
      line.append(String.format(" %16s", count + (baseClasses == null || !setup.hasAgent() ? "" : String.format(" (%+d)", count - baseClasses))));
      System.out.println(line);
    }
  }

  private static List<Double> column(List<double[]> runs, int figure) {
    List<Double> values = new ArrayList<>();
    for (double[] run : runs) {
      values.add(run[figure]);
    }
    return values;
  }

  private static double[] timedRun(AgentSetup setup) throws Exception {
    File times = File.createTempFile("bench-time", ".txt");
    try {
      List<String> command = new ArrayList<>(List.of("/usr/bin/time", "-o", times.getPath(), "-f", "%U %S %M"));
      command.addAll(ChildJvm.command(setup, List.of(), OneCall.class));
      long started = System.nanoTime();
      String output = ChildJvm.run(command);
      double wall = (System.nanoTime() - started) / 1e9;
      setup.requireObserved(output.contains(LoopbackServer.OBSERVED), OneCall.MODEL, output);
      String[] measured = Files.readString(times.toPath()).trim().split("\\s+");
      return new double[] {
        wall, Double.parseDouble(measured[0]) + Double.parseDouble(measured[1]), Double.parseDouble(measured[2]) / 1024
      };
    } finally {
      times.delete();
    }
  }

  private static int classesLoaded(AgentSetup setup) throws Exception {
    File log = File.createTempFile("bench-classes", ".log");
    try {
      String output = ChildJvm.run(ChildJvm.command(setup, List.of("-Xlog:class+load=info:file=" + log.getPath()), OneCall.class));
      setup.requireObserved(output.contains(LoopbackServer.OBSERVED), OneCall.MODEL, output);
      return (int) Files.readAllLines(log.toPath(), StandardCharsets.UTF_8).stream().filter(line -> line.contains("source:")).count();
    } finally {
      log.delete();
    }
  }
}
