package dev.llmlens.benchmarks;

import java.io.File;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;

/** A benchmark subject in a fresh JVM with one setup's agent, on this process's class path. */
final class ChildJvm {

  private ChildJvm() {}

  /** The {@code java} command; {@code -Dbench.java=/path/to/bin/java} picks another JDK. */
  static List<String> command(AgentSetup setup, List<String> jvmOptions, Class<?> main, String... args) throws Exception {
    List<String> command = new ArrayList<>();
    command.add(System.getProperty("bench.java", System.getProperty("java.home") + "/bin/java"));
    command.addAll(jvmOptions);
    command.addAll(setup.jvmArguments(AgentSetup.freePort()));
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(main.getName());
    command.addAll(List.of(args));
    return command;
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
