package dev.llmlens.benchmarks;

import java.io.File;
import java.util.List;

/**
 * A setup's own JDK 25 AOT cache: one training run of {@link OneCall} with {@code
 * -XX:AOTCacheOutput}, with the setup's agent, since a cache made without the agent does not fit
 * a JVM that runs one ({@code java.instrument} is then a module the cache did not have).
 */
final class AotCache {

  private AotCache() {}

  /** The JVM options that start from the cache; null, with the reason printed, when training fails. */
  static List<String> train(AgentSetup setup) throws Exception {
    File cache = File.createTempFile("bench-" + setup.name + "-", ".aot");
    cache.delete();
    cache.deleteOnExit();
    try {
      ChildJvm.run(ChildJvm.command(setup, List.of("-XX:AOTCacheOutput=" + cache.getPath()), OneCall.class));
    } catch (IllegalStateException failed) {
      String reason = failed.getMessage();
      System.out.printf("%s: the training run failed, left out (%s)%n", setup.name, firstLines(reason));
      return null;
    }
    if (!cache.isFile()) {
      System.out.printf("%s: the training run wrote no cache, left out%n", setup.name);
      return null;
    }
    System.out.printf("%s: AOT cache of %.1f MB%n", setup.name, cache.length() / 1e6);
    return List.of("-XX:AOTMode=on", "-XX:AOTCache=" + cache.getPath());
  }

  private static String firstLines(String text) {
    for (String line : text.split("\n")) {
      if (line.contains("fatal error") || line.contains("Child process failed") || line.contains("Error")) {
        return line.strip();
      }
    }
    return text.lines().findFirst().orElse("").strip();
  }
}
