package dev.llmlens.benchmarks;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Per-call cost, side by side: {@link OpenAiCallBenchmark}, over both transports, in one JMH fork
 * per setup and round, the setups interleaved in each round (rotated order), with
 * {@code -prof gc}. Prints each setup's median time per call (the median of the rounds' medians),
 * what it adds to no agent (median of the per-round differences) and the bytes allocated per call.
 *
 * <p>{@code -Dbench.rounds=5} (default 3), {@code -Dbench.setups=none,llmlens},
 * {@code -Dbench.iterationSeconds=2}, {@code -Dbench.transports=in-process} (both by default).
 */
public final class PerCallComparison {

  private PerCallComparison() {}

  public static void main(String[] args) throws Exception {
    int rounds = Integer.getInteger("bench.rounds", 3);
    int seconds = Integer.getInteger("bench.iterationSeconds", 2);
    List<AgentSetup> setups = AgentSetup.selected();
    // benchmark -> setup -> per-round figures
    Map<String, Map<String, List<Double>>> medians = new LinkedHashMap<>();
    Map<String, Map<String, List<Double>>> bytes = new LinkedHashMap<>();
    for (int round = 0; round < rounds; round++) {
      for (AgentSetup setup : AgentSetup.inRound(setups, round)) {
        ChainedOptionsBuilder options = new OptionsBuilder()
            .include(OpenAiCallBenchmark.class.getName())
            .param("transport", System.getProperty("bench.transports", "loopback,in-process").split(","))
            .forks(1)
            .shouldFailOnError(true)
            .warmupIterations(4)
            .warmupTime(TimeValue.seconds(seconds))
            .measurementIterations(5)
            .measurementTime(TimeValue.seconds(seconds))
            .addProfiler(GCProfiler.class)
            .jvmArgsAppend(setup.jvmArguments(AgentSetup.freePort()).toArray(new String[0]));
        for (RunResult result : new Runner(options.build()).run()) {
          String benchmark = result.getParams().getBenchmark().replaceAll(".*\\.", "")
              + " " + result.getParams().getParam("transport");
          figures(medians, benchmark, setup).add(result.getPrimaryResult().getStatistics().getPercentile(50));
          Result<?> allocated = result.getSecondaryResults().get("gc.alloc.rate.norm");
          figures(bytes, benchmark, setup).add(allocated == null ? Double.NaN : allocated.getScore());
        }
      }
    }
    System.out.println();
    System.out.printf("Per call, %d rounds (medians of rounds; ratio and added time against none, per round then median)%n", rounds);
    System.out.printf("%-36s %-20s %12s %12s %8s %14s %12s%n", "benchmark", "setup", "median us", "added us", "ratio", "bytes/call", "added B");
    for (String benchmark : medians.keySet()) {
      List<Double> baseTimes = medians.get(benchmark).get("none");
      List<Double> baseBytes = bytes.get(benchmark).get("none");
      for (AgentSetup setup : setups) {
        List<Double> times = medians.get(benchmark).get(setup.name);
        List<Double> allocated = bytes.get(benchmark).get(setup.name);
        System.out.printf("%-36s %-20s %12.2f %12s %8s %14.0f %12s%n", benchmark, setup.name,
            AgentSetup.median(times),
            baseTimes == null ? "" : String.format("%+.2f", AgentSetup.median(differences(times, baseTimes))),
            baseTimes == null ? "" : String.format("%.3f", AgentSetup.median(ratios(times, baseTimes))),
            AgentSetup.median(allocated),
            baseBytes == null ? "" : String.format("%+.0f", AgentSetup.median(differences(allocated, baseBytes))));
      }
    }
  }

  private static List<Double> figures(Map<String, Map<String, List<Double>>> table, String benchmark, AgentSetup setup) {
    return table.computeIfAbsent(benchmark, key -> new LinkedHashMap<>()).computeIfAbsent(setup.name, key -> new ArrayList<>());
  }

  static List<Double> differences(List<Double> values, List<Double> base) {
    List<Double> differences = new ArrayList<>();
    for (int i = 0; i < values.size(); i++) {
      differences.add(values.get(i) - base.get(i));
    }
    return differences;
  }

  static List<Double> ratios(List<Double> values, List<Double> base) {
    List<Double> ratios = new ArrayList<>();
    for (int i = 0; i < values.size(); i++) {
      ratios.add(values.get(i) / base.get(i));
    }
    return ratios;
  }
}
