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
 * run per setup with {@code -Xlog:class+load} counts the classes loaded. The summary also gives
 * the size of each setup's {@code -javaagent} jar.
 *
 * <p>{@code -Dbench.rounds=7} (default 5), {@code -Dbench.setups=none,llmlens},
 * {@code -Dbench.java=/path/to/bin/java} (default: the JDK running this). {@code
 * -Dbench.aot=true} (JDK 25 and later) measures starts from an AOT cache: each setup first makes
 * its own cache in a training run ({@code -XX:AOTCacheOutput}, its agent on, as JDK 25 wants),
 * then every run starts from it with {@code -XX:AOTMode=on}; a setup whose training run fails is
 * reported and left out. {@code -Dbench.idle=true} measures {@link IdleProcess} instead, a
 * process that never loads an LLM library.
 */
public final class StartupComparison {

  private static final String[] FIGURES = {"wall s", "cpu s", "peak RSS MiB"};
  private static final boolean IDLE = Boolean.getBoolean("bench.idle");
  /** What each measured process runs. */
  private static final Class<?> SUBJECT = IDLE ? IdleProcess.class : OneCall.class;

  private StartupComparison() {}

  public static void main(String[] args) throws Exception {
    int rounds = Integer.getInteger("bench.rounds", 5);
    List<AgentSetup> setups = new ArrayList<>(AgentSetup.selected());
    Map<String, List<String>> jvmOptions = new LinkedHashMap<>();
    for (AgentSetup setup : new ArrayList<>(setups)) {
      List<String> options = Boolean.getBoolean("bench.aot") ? AotCache.train(setup) : List.of();
      if (options == null) {
        setups.remove(setup);
      } else {
        jvmOptions.put(setup.name, options);
      }
    }
    Map<String, List<double[]>> runs = new LinkedHashMap<>();
    for (int round = 0; round < rounds; round++) {
      for (AgentSetup setup : AgentSetup.inRound(setups, round)) {
        double[] figures = timedRun(setup, jvmOptions.get(setup.name));
        runs.computeIfAbsent(setup.name, key -> new ArrayList<>()).add(figures);
        System.out.printf("round %d %-17s wall %.2f s  cpu %.2f s  peak RSS %.0f MiB%n", round + 1, setup.name, figures[0], figures[1], figures[2]);
      }
    }
    Map<String, Integer> classes = new LinkedHashMap<>();
    for (AgentSetup setup : setups) {
      classes.put(setup.name, classesLoaded(setup, jvmOptions.get(setup.name)));
    }
    System.out.println();
    System.out.printf("%s%s, %d paired rounds: median (ratio to none, median of per-round ratios)%n",
        IDLE ? "A process without an LLM library" : "Start-up + 1 call",
        Boolean.getBoolean("bench.aot") ? " from each setup's AOT cache" : "", rounds);
    System.out.printf("%-17s %20s %20s %24s %16s %12s%n", "setup", FIGURES[0], FIGURES[1], FIGURES[2], "classes loaded", "agent jar");
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
      line.append(String.format(" %12s", setup.hasAgent() ? String.format("%.2f MB", setup.agentJarBytes() / 1e6) : ""));
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

  private static double[] timedRun(AgentSetup setup, List<String> jvmOptions) throws Exception {
    File times = File.createTempFile("bench-time", ".txt");
    try {
      List<String> command = new ArrayList<>(List.of("/usr/bin/time", "-o", times.getPath(), "-f", "%U %S %M"));
      command.addAll(ChildJvm.command(setup, jvmOptions, SUBJECT));
      long started = System.nanoTime();
      String output = ChildJvm.run(command);
      double wall = (System.nanoTime() - started) / 1e9;
      requireObserved(setup, output);
      String[] measured = Files.readString(times.toPath()).trim().split("\\s+");
      return new double[] {
        wall, Double.parseDouble(measured[0]) + Double.parseDouble(measured[1]), Double.parseDouble(measured[2]) / 1024
      };
    } finally {
      times.delete();
    }
  }

  private static int classesLoaded(AgentSetup setup, List<String> jvmOptions) throws Exception {
    File log = File.createTempFile("bench-classes", ".log");
    try {
      List<String> options = new ArrayList<>(jvmOptions);
      options.add("-Xlog:class+load=info:file=" + log.getPath());
      String output = ChildJvm.run(ChildJvm.command(setup, options, SUBJECT));
      requireObserved(setup, output);
      return (int) Files.readAllLines(log.toPath(), StandardCharsets.UTF_8).stream().filter(line -> line.contains("source:")).count();
    } finally {
      log.delete();
    }
  }

  /** A one-call run counts only if its agent exported the call; an idle process makes none. */
  private static void requireObserved(AgentSetup setup, String output) {
    if (!IDLE) {
      setup.requireObserved(output.contains(LoopbackServer.OBSERVED), OneCall.MODEL, output);
    }
  }
}
