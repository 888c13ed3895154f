package dev.llmlens.instrumentation.api;

import dev.llmlens.bootstrap.LlmCalls;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;

/**
 * Advice for the library function that turns the future of a blocking stream object into an
 * async stream ({@code CompletableFuture<StreamResponse>} to {@code AsyncStreamResponse}):
 * during a streaming call, the future is replaced by one that completes with the same stream
 * object once the agent tracks it, so no subscriber can read a chunk the agent misses.
 */
public final class AsyncStreamSourceAdvice {

  private AsyncStreamSourceAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static void enter(
      @Advice.Argument(value = 0, readOnly = false, typing = Assigner.Typing.DYNAMIC) Object future) {
    future = LlmCalls.asyncStreamSource(future);
  }
}
