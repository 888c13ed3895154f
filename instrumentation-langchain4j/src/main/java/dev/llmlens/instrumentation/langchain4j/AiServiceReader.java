package dev.llmlens.instrumentation.langchain4j;

import dev.llmlens.instrumentation.api.Operation;
import dev.llmlens.instrumentation.api.OperationReader;
import java.lang.reflect.Method;

/**
 * An AI service method call: LangChain4j's proxy handler is invoked with {@code (proxy, method,
 * args)}. The agent is the interface ({@code SupportAgent}); the interface and method name
 * together ({@code SupportAgent.answer}) are the feature of the calls it makes, unless Baggage or
 * a caller rule names one. Object methods and default methods are not agent invocations.
 */
final class AiServiceReader implements OperationReader {

  @Override
  public Operation start(Object handler, Object[] arguments) {
    if (arguments.length < 2 || !(arguments[1] instanceof Method)) {
      return null;
    }
    Method method = (Method) arguments[1];
    Class<?> declaring = method.getDeclaringClass();
    if (declaring == Object.class || method.isDefault() || declaring.getName().startsWith("dev.langchain4j.")) {
      return null;
    }
    return Operation.agent(declaring.getSimpleName(), method.getName());
  }
}
