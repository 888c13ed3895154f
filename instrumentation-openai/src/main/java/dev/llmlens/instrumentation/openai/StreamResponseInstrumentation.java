package dev.llmlens.instrumentation.openai;

import static net.bytebuddy.matcher.ElementMatchers.isPublic;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.returns;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import dev.llmlens.instrumentation.api.LibrarySuperType;
import dev.llmlens.instrumentation.api.StreamAccessAdvice;
import dev.llmlens.instrumentation.api.StreamCloseAdvice;
import dev.llmlens.instrumentation.api.SuperTypeInLibrary;
import dev.llmlens.instrumentation.api.TypeInstrumentation;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * The SDK's implementations of {@code StreamResponse}: {@code stream()} hands the chunks out,
 * {@code close()} ends the stream early. Both are woven into every implementation class of the
 * SDK; only the objects a streaming call returned are observed, the others pass untouched.
 */
final class StreamResponseInstrumentation implements TypeInstrumentation {

  private static final LibrarySuperType IMPLEMENTATIONS =
      LibrarySuperType.of("com.openai.core.http.StreamResponse", "com.openai.");

  private final boolean access;

  private StreamResponseInstrumentation(boolean access) {
    this.access = access;
  }

  static StreamResponseInstrumentation elements() {
    return new StreamResponseInstrumentation(true);
  }

  static StreamResponseInstrumentation close() {
    return new StreamResponseInstrumentation(false);
  }

  @Override
  public ElementMatcher<TypeDescription> typeMatcher() {
    return SuperTypeInLibrary.classesImplementing(IMPLEMENTATIONS);
  }

  @Override
  public LibrarySuperType librarySuperType() {
    return IMPLEMENTATIONS;
  }

  @Override
  public ElementMatcher<MethodDescription> methodMatcher() {
    return access
        ? isPublic().and(named("stream")).and(takesArguments(0)).and(returns(named("java.util.stream.Stream")))
        : isPublic().and(named("close")).and(takesArguments(0));
  }

  @Override
  public String callKind() {
    return OpenAiInstrumentationModule.CHAT_KIND;
  }

  @Override
  public String advice() {
    return access ? StreamAccessAdvice.class.getName() : StreamCloseAdvice.class.getName();
  }

  @Override
  public String toString() {
    return "StreamResponse." + (access ? "stream" : "close");
  }
}
