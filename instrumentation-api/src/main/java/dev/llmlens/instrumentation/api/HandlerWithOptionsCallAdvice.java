package dev.llmlens.instrumentation.api;

import dev.llmlens.bootstrap.LlmCalls;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;

/**
 * {@link HandlerCallAdvice} for {@code void call(Request request, Options options, Handler
 * handler)}, where the handler is the third argument.
 */
public final class HandlerWithOptionsCallAdvice {

  private HandlerWithOptionsCallAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static Object enter(
      @CallKind String kind,
      @Advice.This Object client,
      @Advice.Argument(0) Object request,
      @Advice.Argument(value = 2, readOnly = false, typing = Assigner.Typing.DYNAMIC) Object handler) {
    Object call = LlmCalls.start(kind, client, request);
    handler = LlmCalls.observeHandler(call, handler);
    return call;
  }

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  public static void exit(@Advice.Enter Object call, @Advice.Thrown Throwable error) {
    LlmCalls.endWithHandler(call, error);
  }
}
