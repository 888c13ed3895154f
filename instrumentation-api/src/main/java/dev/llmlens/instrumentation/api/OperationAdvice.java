package dev.llmlens.instrumentation.api;

import dev.llmlens.bootstrap.LlmCalls;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;

/**
 * Advice for a framework operation around LLM calls: an agent invocation, a tool execution, a
 * memory or retrieval step. The agent's {@link OperationReader} for the {@link CallKind} reads
 * the target and the arguments; a {@code void} method's result is {@code null}.
 */
public final class OperationAdvice {

  private OperationAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static Object enter(
      @CallKind String kind,
      @Advice.This Object target,
      @Advice.AllArguments Object[] arguments) {
    return LlmCalls.startOperation(kind, target, arguments);
  }

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  public static void exit(
      @Advice.Enter Object operation,
      @Advice.Return(typing = Assigner.Typing.DYNAMIC) Object result,
      @Advice.Thrown Throwable error) {
    LlmCalls.endOperation(operation, result, error);
  }
}
