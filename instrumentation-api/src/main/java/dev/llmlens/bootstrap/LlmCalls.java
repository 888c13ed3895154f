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

  public static void endStreaming(Object call, Object streamObject, Throwable error) {
    LlmCallHandler current = handler;
    if (call != null && current != null) {
      current.onEndStreaming(call, streamObject, error);
    }
  }

  public static Object observeElements(Object streamObject, Object elements) {
    LlmCallHandler current = handler;
    return current == null || elements == null ? elements : current.onElements(streamObject, elements);
  }

  public static void streamClosed(Object streamObject) {
    LlmCallHandler current = handler;
    if (current != null) {
      current.onStreamClosed(streamObject);
    }
  }

  public static Object asyncStreamSource(Object future) {
    LlmCallHandler current = handler;
    return current == null || future == null ? future : current.onAsyncStreamSource(future);
  }

  public static void responseReceived(String kind, Object response) {
    LlmCallHandler current = handler;
    if (current != null && response != null) {
      current.onResponse(kind, response);
    }
  }

  public static Object observeHandler(Object call, Object callback) {
    LlmCallHandler current = handler;
    return call == null || current == null || callback == null ? callback : current.onHandler(call, callback);
  }

  public static void endWithHandler(Object call, Throwable error) {
    LlmCallHandler current = handler;
    if (call != null && current != null) {
      current.onEndWithHandler(call, error);
    }
  }

  public static Object startOperation(String kind, Object target, Object arguments) {
    LlmCallHandler current = handler;
    return current == null ? null : current.onOperationStart(kind, target, arguments);
  }

  public static void endOperation(Object operation, Object result, Throwable error) {
    LlmCallHandler current = handler;
    if (operation != null && current != null) {
      current.onOperationEnd(operation, result, error);
    }
  }

  public static void operationFailed(String kind, Throwable error) {
    LlmCallHandler current = handler;
    if (current != null && error != null) {
      current.onOperationFailed(kind, error);
    }
  }
}
