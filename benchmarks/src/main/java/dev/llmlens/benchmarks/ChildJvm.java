package dev.llmlens.benchmarks;

import java.io.File;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;

/** A benchmark subject in a fresh JVM with one setup's agent, on this process's class path. */
final class ChildJvm {

  private ChildJvm() {}

  /**
   * The {@code java} command; {@code -Dbench.java=/path/to/bin/java} picks another JDK. With
   * {@code -Dbench.logback=true} the application also has Logback (from {@code logback/} beside
   * the benchmarks jar), so SLF4J has an implementation and llmlens fills its MDC on every call;
   * without it the application has openai-java's {@code slf4j-api} alone, which llmlens leaves be.
   * {@code -Dbench.jvmOptions="-Xmn16m -XX:TieredStopAtLevel=1"} gives every child those options,
   * to take a figure apart (the README's peak RSS, by what the JVM does with it).
   */
  static List<String> command(AgentSetup setup, List<String> jvmOptions, Class<?> main, String... args) throws Exception {
    List<String> command = new ArrayList<>();
    command.add(System.getProperty("bench.java", System.getProperty("java.home") + "/bin/java"));
    command.addAll(jvmOptions);
    String extra = System.getProperty("bench.jvmOptions", "").trim();
    if (!extra.isEmpty()) {
      command.addAll(List.of(extra.split("\\s+")));
    }
    command.addAll(setup.jvmArguments(AgentSetup.freePort()));
    command.add("-cp");
    command.add(classPath());
    command.add(main.getName());
    command.addAll(List.of(args));
    return command;
  }

  private static String classPath() {
    String own = System.getProperty("java.class.path");
    if (!Boolean.getBoolean("bench.logback")) {
      return own;
    }
    File logback = new File(new File(own.split(File.pathSeparator)[0]).getAbsoluteFile().getParentFile(), "logback");
    File classic = new File(logback, "logback-classic.jar");
    File core = new File(logback, "logback-core.jar");
    if (!classic.isFile() || !core.isFile()) {
      throw new IllegalStateException("-Dbench.logback=true needs " + classic + " and " + core + ": build the benchmarks first");
    }
    return own + File.pathSeparator + classic + File.pathSeparator + core;
  }

  /** Runs a child to its end and returns its output (stdout and stderr); fails on a non-zero exit. */
  static String run(List<String> command) throws Exception {
    File output = File.createTempFile("bench-child", ".log");
    try {
      Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output).start();
      int exit = process.waitFor();
      String text = Files.readString(output.toPath());
      if (exit != 0) {
        throw new IllegalStateException("exit " + exit + " from " + command + ":\n" + text);
      }
      return text;
    } finally {
      output.delete();
    }
  }
}
