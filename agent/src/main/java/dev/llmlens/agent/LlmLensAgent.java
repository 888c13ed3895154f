package dev.llmlens.agent;

import java.lang.instrument.Instrumentation;

/**
 * The {@code -javaagent} entry point. It does as little as possible and can never stop the
 * application: whatever goes wrong becomes one line on stderr and the application runs
 * without instrumentation.
 *
 * <p>This class must not touch {@code dev.llmlens.bootstrap} before {@link AgentStarter} has
 * put that package on the bootstrap class loader, or the bridge would be loaded twice.
 */
public final class LlmLensAgent {

  private LlmLensAgent() {}

  public static void premain(String agentArgs, Instrumentation instrumentation) {
    start(agentArgs, instrumentation);
  }

  /** Attaching to a running JVM: classes already loaded are retransformed. */
  public static void agentmain(String agentArgs, Instrumentation instrumentation) {
    start(agentArgs, instrumentation);
  }

  private static void start(String agentArgs, Instrumentation instrumentation) {
    try {
      AgentStarter.start(agentArgs, instrumentation);
    } catch (Throwable failure) {
      System.err.println(
          "[llmlens] WARN the agent could not start and the application runs without it: "
              + failure);
    }
  }
}
