package dev.llmlens.agent.dispatch;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;

/**
 * Stands in for the application's streaming handler (LangChain4j's {@code
 * StreamingChatResponseHandler}): each callback is reported to the agent, then passed to the
 * application's handler unchanged, with the same arguments, result and exceptions.
 *
 * <p>The stand-in is a JDK {@link Proxy} of the handler's interface, defined by the JDK in the
 * interface's own class loader: nothing of the agent is injected into the library's loader, and
 * callbacks a later library version adds pass through untouched.
 */
final class ObservedHandler implements InvocationHandler {

  /** What the dispatcher hears from a handler. Never throws. */
  interface Events {
    void partial(CallInProgress call, Object part);

    void completed(CallInProgress call, Object response);

    void failed(CallInProgress call, Throwable error);
  }

  private final Object delegate;
  private final CallInProgress call;
  private final Events events;

  private ObservedHandler(Object delegate, CallInProgress call, Events events) {
    this.delegate = delegate;
    this.call = call;
    this.events = events;
  }

  /**
   * The stand-in for {@code handler}, implementing its interface named {@code interfaceName}, or
   * {@code null} when the handler does not implement it.
   */
  static Object wrap(Object handler, String interfaceName, CallInProgress call, Events events) {
    Class<?> contract = interfaceName == null ? null : findInterface(handler.getClass(), interfaceName);
    if (contract == null) {
      return null;
    }
    return Proxy.newProxyInstance(
        contract.getClassLoader(), new Class<?>[] {contract}, new ObservedHandler(handler, call, events));
  }

  private static Class<?> findInterface(Class<?> type, String name) {
    for (Class<?> current = type; current != null; current = current.getSuperclass()) {
      for (Class<?> implemented : current.getInterfaces()) {
        Class<?> found = implemented.getName().equals(name) ? implemented : findInterface(implemented, name);
        if (found != null) {
          return found;
        }
      }
    }
    return null;
  }

  @Override
  public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
    if (args != null && args.length >= 1) {
      String name = method.getName();
      // The agent hears first: an application handler that throws must not hide the end.
      if (name.equals("onCompleteResponse")) {
        events.completed(call, args[0]);
      } else if (name.equals("onError") && args[0] instanceof Throwable) {
        events.failed(call, (Throwable) args[0]);
      } else if (name.startsWith("onPartial") || name.equals("onCompleteToolCall")) {
        events.partial(call, args[0]);
      }
    }
    if (method.getDeclaringClass() == Object.class && method.getName().equals("equals")) {
      return proxy == args[0] || delegate.equals(args[0]);
    }
    try {
      return method.invoke(delegate, args);
    } catch (InvocationTargetException thrown) {
      throw thrown.getCause();
    }
  }
}
