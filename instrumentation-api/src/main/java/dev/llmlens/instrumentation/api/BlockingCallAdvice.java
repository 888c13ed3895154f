package dev.llmlens.instrumentation.api;

import dev.llmlens.bootstrap.LlmCalls;
import net.bytebuddy.asm.Advice;

/**
 * Advice for a method that performs one LLM call and returns its result:
 * {@code Result call(Request request, ...)} on a client object.
 *
 * <p>Inlined into the library's class, so it touches only the bootstrap bridge. It reads
 * nothing itself; the agent's reader for the {@link CallKind} does. {@code suppress} keeps any
 * failure of ours away from the application.
 */
public final class BlockingCallAdvice {

  private BlockingCallAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static Object enter(
      @CallKind String kind, @Advice.This Object client, @Advice.Argument(0) Object request) {
    return LlmCalls.start(kind, client, request);
  }

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  public static void exit(
      @Advice.Enter Object call,
      @Advice.Return Object response,
      @Advice.Thrown Throwable error) {
    LlmCalls.end(call, response, error);
  }
}
