package dev.llmlens.instrumentation.langchain4j;

import static net.bytebuddy.matcher.ElementMatchers.hasSuperType;
import static net.bytebuddy.matcher.ElementMatchers.isAbstract;
import static net.bytebuddy.matcher.ElementMatchers.isInterface;
import static net.bytebuddy.matcher.ElementMatchers.nameStartsWith;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.not;

import dev.llmlens.instrumentation.api.TypeInstrumentation;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * One set of LangChain4j methods and the advice woven into them. Abstractions are instrumented
 * where they are implemented once: the default methods of {@code ChatModel} and {@code
 * StreamingChatModel} cover every provider. Where providers implement the method themselves
 * (embedding models, stores, memories) the type matcher is "a LangChain4j class implementing the
 * interface": the name check comes first, so classes of other libraries cost one string test.
 */
final class LangChain4jInstrumentation implements TypeInstrumentation {

  private static final String PACKAGE = "dev.langchain4j.";

  private final ElementMatcher<TypeDescription> types;
  private final ElementMatcher<MethodDescription> methods;
  private final String kind;
  private final String advice;
  private final String description;

  LangChain4jInstrumentation(
      ElementMatcher<TypeDescription> types,
      ElementMatcher<MethodDescription> methods,
      String kind,
      Class<?> advice,
      String description) {
    this.types = types;
    this.methods = not(isAbstract()).and(methods);
    this.kind = kind;
    this.advice = advice.getName();
    this.description = description;
  }

  /** The interface itself: its default methods. */
  static ElementMatcher<TypeDescription> theInterface(String name) {
    return named(name);
  }

  /** LangChain4j's classes implementing {@code name}. */
  static ElementMatcher<TypeDescription> implementationsOf(String name) {
    return nameStartsWith(PACKAGE).and(not(isInterface())).and(hasSuperType(named(name)));
  }

  @Override
  public ElementMatcher<TypeDescription> typeMatcher() {
    return types;
  }

  @Override
  public ElementMatcher<MethodDescription> methodMatcher() {
    return methods;
  }

  @Override
  public String callKind() {
    return kind;
  }

  @Override
  public String advice() {
    return advice;
  }

  @Override
  public String toString() {
    return description;
  }
}
