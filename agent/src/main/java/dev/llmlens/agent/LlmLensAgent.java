package dev.llmlens.agent;

import java.io.File;
import java.io.IOException;
import java.lang.instrument.Instrumentation;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;

/**
 * The {@code -javaagent} entry point. It does as little as possible and can never stop the
 * application: whatever goes wrong becomes one line on stderr and the application runs
 * without instrumentation.
 *
 * <p>This class must not touch {@code dev.llmlens.bootstrap} before {@link AgentStarter} has
 * put that package on the bootstrap class loader, or the bridge would be loaded twice. Nor may it
 * name any other class of the agent's but {@link AgentClassLoader}: the rest is loaded by that
 * loader, and a class named here would load a second time, into the application class loader.
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
      Class<?> starter = Class.forName("dev.llmlens.agent.AgentStarter", true, agentLoader());
      Method start = starter.getDeclaredMethod("start", String.class, Instrumentation.class);
      start.setAccessible(true);
      start.invoke(null, agentArgs, instrumentation);
    } catch (InvocationTargetException failure) {
      couldNotStart(failure.getCause());
    } catch (Throwable failure) {
      couldNotStart(failure);
    }
  }

  /** In-process tests run the agent from classes on disk: there, it starts in the loader it is in. */
  private static ClassLoader agentLoader() {
    File jar = AgentClassLoader.jarOf(LlmLensAgent.class);
    ClassLoader here = LlmLensAgent.class.getClassLoader();
    if (jar == null) {
      return here;
    }
    try {
      return new AgentClassLoader(jar, here);
    } catch (IOException notReadHere) {
      // Only slower: the application class loader reads the same jar.
      System.err.println("[llmlens] WARN the agent's classes load through the application class loader, "
          + "more slowly: " + notReadHere.getMessage());
      return here;
    }
  }

  private static void couldNotStart(Throwable failure) {
    System.err.println(
        "[llmlens] WARN the agent could not start and the application runs without it: " + failure);
  }
}
