package dev.llmlens.instrumentation.api;

import dev.llmlens.bootstrap.LlmCalls;
import net.bytebuddy.asm.Advice;

/** Advice for {@code close()} of a stream object: a stream closed before its end ends its call. */
public final class StreamCloseAdvice {

  private StreamCloseAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static void enter(@Advice.This Object streamObject) {
    LlmCalls.streamClosed(streamObject);
  }
}
