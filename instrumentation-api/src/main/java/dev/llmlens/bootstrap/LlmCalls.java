package dev.llmlens.bootstrap;

/**
 * The one class that instrumented library code calls.
 *
 * <p>The agent appends this package to the bootstrap class loader, so advice woven into a class
 * of any class loader (Spring Boot fat jars, servlet containers, plugin loaders) can see it. It
 * must therefore use JDK types only and hold no state beyond the installed handler. Until the
 * agent installs a handler, every call is ignored.
 */
public final class LlmCalls {

  private static volatile LlmCallHandler handler;

  private LlmCalls() {}

  /** Installed once by the agent during start-up. */
  public static void install(LlmCallHandler newHandler) {
    handler = newHandler;
  }

  public static Object start(String kind, Object client, Object request) {
    LlmCallHandler current = handler;
    return current == null ? null : current.onStart(kind, client, request);
  }

  public static void end(Object call, Object response, Throwable error) {
    LlmCallHandler current = handler;
    if (call != null && current != null) {
      current.onEnd(call, response, error);
    }
  }

  public static void endAsync(Object call, Object future, Throwable error) {
    LlmCallHandler current = handler;
    if (call != null && current != null) {
      current.onEndAsync(call, future, error);
    }
  }
}
