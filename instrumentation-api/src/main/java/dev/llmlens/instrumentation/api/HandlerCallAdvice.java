package dev.llmlens.instrumentation.api;

import dev.llmlens.bootstrap.LlmCalls;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;

/**
 * Advice for {@code void call(Request request, Handler handler)}: a streaming LLM call that
 * reports through a callback handler. The handler is replaced by one that tells the agent of
 * each callback (first token, completion, error) before passing it on unchanged; the call ends
 * when the handler hears its end, or when the method throws.
 */
public final class HandlerCallAdvice {

  private HandlerCallAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static Object enter(
      @CallKind String kind,
      @Advice.This Object client,
      @Advice.Argument(0) Object request,
      @Advice.Argument(value = 1, readOnly = false, typing = Assigner.Typing.DYNAMIC) Object handler) {
    Object call = LlmCalls.start(kind, client, request);
    handler = LlmCalls.observeHandler(call, handler);
    return call;
  }

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  public static void exit(@Advice.Enter Object call, @Advice.Thrown Throwable error) {
    LlmCalls.endWithHandler(call, error);
  }
}
