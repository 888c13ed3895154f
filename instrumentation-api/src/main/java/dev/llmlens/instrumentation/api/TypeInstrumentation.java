package dev.llmlens.instrumentation.api;

import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * One instrumented type: which type, which of its methods, and which call kind they perform.
 * Matchers should be strict (exact names, argument and return types) so a library version
 * with a changed signature is left alone rather than half-instrumented.
 */
public interface TypeInstrumentation {

  ElementMatcher<TypeDescription> typeMatcher();

  ElementMatcher<MethodDescription> methodMatcher();

  /** The {@link CallKind} the matched methods perform, e.g. {@code openai.chat}. */
  String callKind();

  /**
   * The advice woven into the matched methods, by class name: {@link BlockingCallAdvice},
   * {@link AsyncCallAdvice}, {@link StreamingCallAdvice}, {@link StreamAccessAdvice},
   * {@link StreamCloseAdvice}, {@link AsyncStreamSourceAdvice}, {@link ResponseHeadersAdvice},
   * {@link HandlerCallAdvice}, {@link HandlerWithOptionsCallAdvice}, {@link OperationAdvice} or
   * {@link OperationFailureAdvice}.
   */
  String advice();
}
