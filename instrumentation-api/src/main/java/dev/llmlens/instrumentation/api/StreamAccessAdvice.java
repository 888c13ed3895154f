package dev.llmlens.instrumentation.api;

import dev.llmlens.bootstrap.LlmCalls;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;

/**
 * Advice for the method of a stream object that hands out its elements as a
 * {@code java.util.stream.Stream}: for a stream object of a call in progress, the application
 * gets a stream with the same elements, order and close behaviour, through which the agent sees
 * each chunk and the end. For any other object the stream is returned as it is.
 */
public final class StreamAccessAdvice {

  private StreamAccessAdvice() {}

  @Advice.OnMethodExit(suppress = Throwable.class)
  public static void exit(
      @Advice.This Object streamObject,
      @Advice.Return(readOnly = false, typing = Assigner.Typing.DYNAMIC) Object elements) {
    elements = LlmCalls.observeElements(streamObject, elements);
  }
}
