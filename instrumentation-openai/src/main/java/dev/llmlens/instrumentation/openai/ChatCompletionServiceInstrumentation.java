package dev.llmlens.instrumentation.openai;

import static net.bytebuddy.matcher.ElementMatchers.isPublic;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.returns;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import dev.llmlens.instrumentation.api.TypeInstrumentation;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * {@code ChatCompletionServiceImpl.create(ChatCompletionCreateParams, RequestOptions)}: the
 * blocking one returns a {@code ChatCompletion}, the async one a {@code CompletableFuture} of it.
 * The one-argument {@code create(params)} is an interface default that delegates here.
 */
final class ChatCompletionServiceInstrumentation implements TypeInstrumentation {

  static final String CALL_KIND = "openai.chat";

  private final String serviceClass;
  private final String returnType;
  private final boolean async;

  private ChatCompletionServiceInstrumentation(
      String serviceClass, String returnType, boolean async) {
    this.serviceClass = serviceClass;
    this.returnType = returnType;
    this.async = async;
  }

  static ChatCompletionServiceInstrumentation blocking() {
    return new ChatCompletionServiceInstrumentation(
        OpenAiInstrumentationModule.BLOCKING_CHAT_SERVICE,
        "com.openai.models.chat.completions.ChatCompletion",
        false);
  }

  static ChatCompletionServiceInstrumentation asynchronous() {
    return new ChatCompletionServiceInstrumentation(
        OpenAiInstrumentationModule.ASYNC_CHAT_SERVICE,
        "java.util.concurrent.CompletableFuture",
        true);
  }

  @Override
  public ElementMatcher<TypeDescription> typeMatcher() {
    return named(serviceClass);
  }

  @Override
  public ElementMatcher<MethodDescription> methodMatcher() {
    return isPublic()
        .and(named("create"))
        .and(takesArguments(2))
        .and(takesArgument(0, named(OpenAiInstrumentationModule.CHAT_CREATE_PARAMS)))
        .and(takesArgument(1, named(OpenAiInstrumentationModule.REQUEST_OPTIONS)))
        .and(returns(named(returnType)));
  }

  @Override
  public String callKind() {
    return CALL_KIND;
  }

  @Override
  public boolean async() {
    return async;
  }
}
