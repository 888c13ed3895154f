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

  /** Whether the matched methods return a future (see {@link AsyncCallAdvice}). */
  boolean async();
}
