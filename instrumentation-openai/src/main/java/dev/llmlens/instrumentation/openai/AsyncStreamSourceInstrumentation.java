package dev.llmlens.instrumentation.openai;

import static net.bytebuddy.matcher.ElementMatchers.isStatic;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import dev.llmlens.instrumentation.api.AsyncStreamSourceAdvice;
import dev.llmlens.instrumentation.api.TypeInstrumentation;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * {@code AsyncStreamResponseKt.toAsync(CompletableFuture<StreamResponse>, Executor)}: the SDK
 * builds every async stream on a future of a blocking stream object, whose {@code stream()} a
 * subscriber then reads. Seeing that future lets async streams be observed like blocking ones.
 */
final class AsyncStreamSourceInstrumentation implements TypeInstrumentation {

  static final AsyncStreamSourceInstrumentation INSTANCE = new AsyncStreamSourceInstrumentation();

  private AsyncStreamSourceInstrumentation() {}

  @Override
  public ElementMatcher<TypeDescription> typeMatcher() {
    return named(namePattern());
  }

  @Override
  public String namePattern() {
    return "com.openai.core.http.AsyncStreamResponseKt";
  }

  @Override
  public ElementMatcher<MethodDescription> methodMatcher() {
    return isStatic()
        .and(named("toAsync"))
        .and(takesArguments(2))
        .and(takesArgument(0, named("java.util.concurrent.CompletableFuture")))
        .and(takesArgument(1, named("java.util.concurrent.Executor")));
  }

  @Override
  public String callKind() {
    return OpenAiInstrumentationModule.CHAT_KIND;
  }

  @Override
  public String advice() {
    return AsyncStreamSourceAdvice.class.getName();
  }

  @Override
  public String toString() {
    return "AsyncStreamResponseKt.toAsync";
  }
}
