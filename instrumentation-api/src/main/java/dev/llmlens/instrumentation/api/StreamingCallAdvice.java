package dev.llmlens.instrumentation.api;

import dev.llmlens.bootstrap.LlmCalls;
import net.bytebuddy.asm.Advice;

/**
 * Advice for a method that starts a streaming LLM call and returns the stream object. The call
 * goes on after the method returns: it ends when the stream is read to its end, fails, is
 * closed, or is dropped unread.
 */
public final class StreamingCallAdvice {

  private StreamingCallAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static Object enter(
      @CallKind String kind, @Advice.This Object client, @Advice.Argument(0) Object request) {
    return LlmCalls.start(kind, client, request);
  }

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  public static void exit(
      @Advice.Enter Object call, @Advice.Return Object stream, @Advice.Thrown Throwable error) {
    LlmCalls.endStreaming(call, stream, error);
  }
}
