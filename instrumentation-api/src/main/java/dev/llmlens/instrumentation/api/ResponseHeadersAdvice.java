package dev.llmlens.instrumentation.api;

import dev.llmlens.bootstrap.LlmCalls;
import net.bytebuddy.asm.Advice;

/**
 * Advice for a method, below the call's own, that returns the raw HTTP response of a call (after
 * the library's retries): its headers carry the provider's rate-limit state.
 */
public final class ResponseHeadersAdvice {

  private ResponseHeadersAdvice() {}

  @Advice.OnMethodExit(suppress = Throwable.class)
  public static void exit(@CallKind String kind, @Advice.Return Object response) {
    LlmCalls.responseReceived(kind, response);
  }
}
