package dev.llmlens.instrumentation.langchain4j;

import static net.bytebuddy.matcher.ElementMatchers.isAbstract;
import static net.bytebuddy.matcher.ElementMatchers.nameStartsWith;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.not;

import dev.llmlens.instrumentation.api.LibrarySuperType;
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

  /**
   * Which types: ByteBuddy's matcher, and the name pattern of {@link #namePattern()} or the super
   * type of {@link #librarySuperType()}.
   */
  static final class Types {
    final ElementMatcher<TypeDescription> matcher;
    final String namePattern;
    final LibrarySuperType superType;

    private Types(ElementMatcher<TypeDescription> matcher, String namePattern, LibrarySuperType superType) {
      this.matcher = matcher;
      this.namePattern = namePattern;
      this.superType = superType;
    }
  }

  /** The interface itself: its default methods. */
  static Types theInterface(String name) {
    return new Types(named(name), name, null);
  }

  /** One class, by name. */
  static Types theClass(String name) {
    return new Types(named(name), name, null);
  }

  /** Every class whose name starts with {@code prefix}. */
  static Types classesStartingWith(String prefix) {
    return new Types(nameStartsWith(prefix), prefix + "*", null);
  }

  /** LangChain4j's classes implementing {@code name}. */
  static Types implementationsOf(String name) {
    LibrarySuperType superType = LibrarySuperType.of(name, PACKAGE);
    return new Types(SuperTypeInLibrary.classesImplementing(superType), null, superType);
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
  public LibrarySuperType librarySuperType() {
    return types.superType;
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
