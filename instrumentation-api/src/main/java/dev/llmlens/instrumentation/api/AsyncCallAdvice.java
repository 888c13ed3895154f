package dev.llmlens.instrumentation.api;

import dev.llmlens.bootstrap.LlmCalls;
import net.bytebuddy.asm.Advice;

/**
 * Advice for a method that starts one LLM call and returns a {@code CompletableFuture} of its
 * result. The call is recorded when the future completes; the returned future itself is handed
 * back to the application unchanged.
 */
public final class AsyncCallAdvice {

  private AsyncCallAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static Object enter(
      @CallKind String kind, @Advice.This Object client, @Advice.Argument(0) Object request) {
    return LlmCalls.start(kind, client, request);
  }

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  public static void exit(
      @Advice.Enter Object call, @Advice.Return Object future, @Advice.Thrown Throwable error) {
    LlmCalls.endAsync(call, future, error);
  }
}
