package dev.llmlens.instrumentation.api;

import dev.llmlens.bootstrap.LlmCalls;
import net.bytebuddy.asm.Advice;

/**
 * Advice for a method whose exception the library catches and turns into a result (a tool
 * method's failure becomes text for the model): the enclosing operation of the {@link CallKind}
 * is marked failed, though the application never sees the exception.
 */
public final class OperationFailureAdvice {

  private OperationFailureAdvice() {}

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  public static void exit(@CallKind String kind, @Advice.Thrown Throwable error) {
    LlmCalls.operationFailed(kind, error);
  }
}
