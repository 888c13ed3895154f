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

  /**
   * The binary name of the one class this instrumentation weaves, or a name prefix ending in
   * {@code *}; null when it matches classes by their super types. While ByteBuddy is still being
   * built at JVM start, a class with this name waits for it, so the calls it makes are observed
   * from the first; other classes of the library load at once, and those that match are woven
   * by retransformation as soon as ByteBuddy is ready.
   */
  default String namePattern() {
    return null;
  }

  /**
   * For an instrumentation that matches the library's implementations of a type (its {@link
   * #typeMatcher()} is {@link SuperTypeInLibrary#classesImplementing} of this value): that type.
   * The agent hands ByteBuddy only the library classes that a name pattern or one of these can
   * match, checked from the class file's header; ByteBuddy would otherwise describe every class
   * of the library the application loads. Null for an instrumentation with a {@link
   * #namePattern()}.
   */
  default LibrarySuperType librarySuperType() {
    return null;
  }
}
