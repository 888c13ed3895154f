package dev.llmlens.instrumentation.langchain4j;

import static net.bytebuddy.matcher.ElementMatchers.isAbstract;
import static net.bytebuddy.matcher.ElementMatchers.isInterface;
import static net.bytebuddy.matcher.ElementMatchers.nameStartsWith;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.not;

import dev.llmlens.instrumentation.api.SuperTypeInLibrary;
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

  private final Types types;
  private final ElementMatcher<MethodDescription> methods;
  private final String kind;
  private final String advice;
  private final String description;

  LangChain4jInstrumentation(
      Types types,
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

  /** Which types: ByteBuddy's matcher, and the name pattern of {@link #namePattern()}. */
  static final class Types {
    final ElementMatcher<TypeDescription> matcher;
    final String namePattern;

    private Types(ElementMatcher<TypeDescription> matcher, String namePattern) {
      this.matcher = matcher;
      this.namePattern = namePattern;
    }
  }

  /** The interface itself: its default methods. */
  static Types theInterface(String name) {
    return new Types(named(name), name);
  }

  /** One class, by name. */
  static Types theClass(String name) {
    return new Types(named(name), name);
  }

  /** Every class whose name starts with {@code prefix}. */
  static Types classesStartingWith(String prefix) {
    return new Types(nameStartsWith(prefix), prefix + "*");
  }

  /** LangChain4j's classes implementing {@code name}. */
  static Types implementationsOf(String name) {
    return new Types(nameStartsWith(PACKAGE).and(not(isInterface())).and(SuperTypeInLibrary.implementing(name, PACKAGE)), null);
  }

  @Override
  public ElementMatcher<TypeDescription> typeMatcher() {
    return types.matcher;
  }

  @Override
  public String namePattern() {
    return types.namePattern;
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
