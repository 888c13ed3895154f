package dev.llmlens.instrumentation.openai;

import static net.bytebuddy.matcher.ElementMatchers.isPublic;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.returns;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import dev.llmlens.instrumentation.api.AsyncCallAdvice;
import dev.llmlens.instrumentation.api.BlockingCallAdvice;
import dev.llmlens.instrumentation.api.ResponseHeadersAdvice;
import dev.llmlens.instrumentation.api.StreamingCallAdvice;
import dev.llmlens.instrumentation.api.TypeInstrumentation;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * One method of an openai-java service implementation, {@code method(Params, RequestOptions)}
 * with an exact return type: every service in the SDK has this shape, and the one-argument
 * overloads are interface defaults that delegate to it. Observing the implementation (not a
 * client builder) covers every way a client is built; observing it above the SDK's retry loop
 * makes one call one request.
 */
final class ServiceMethodInstrumentation implements TypeInstrumentation {

  private static final String REQUEST_OPTIONS = "com.openai.core.RequestOptions";

  private final String serviceClass;
  private final String method;
  private final String paramsType;
  private final String returnType;
  private final String callKind;
  private final String advice;

  private ServiceMethodInstrumentation(
      String serviceClass, String method, String paramsType, String returnType, String callKind, String advice) {
    this.serviceClass = serviceClass;
    this.method = method;
    this.paramsType = paramsType;
    this.returnType = returnType;
    this.callKind = callKind;
    this.advice = advice;
  }

  /** {@code Result create(params, options)}. */
  static ServiceMethodInstrumentation blocking(String service, String method, String params, String result, String kind) {
    return new ServiceMethodInstrumentation(service, method, params, result, kind, BlockingCallAdvice.class.getName());
  }

  /** {@code CompletableFuture<Result> create(params, options)}. */
  static ServiceMethodInstrumentation async(String service, String method, String params, String kind) {
    return new ServiceMethodInstrumentation(
        service, method, params, "java.util.concurrent.CompletableFuture", kind, AsyncCallAdvice.class.getName());
  }

  /** {@code StreamResponse<Chunk> createStreaming(params, options)}. */
  static ServiceMethodInstrumentation streaming(String service, String method, String params, String kind) {
    return new ServiceMethodInstrumentation(
        service, method, params, "com.openai.core.http.StreamResponse", kind, StreamingCallAdvice.class.getName());
  }

  /** {@code AsyncStreamResponse<Chunk> createStreaming(params, options)}. */
  static ServiceMethodInstrumentation asyncStreaming(String service, String method, String params, String kind) {
    return new ServiceMethodInstrumentation(
        service, method, params, "com.openai.core.http.AsyncStreamResponse", kind, StreamingCallAdvice.class.getName());
  }

  /** {@code HttpResponseFor<...> create(params, options)} of a {@code WithRawResponseImpl}: headers. */
  static ServiceMethodInstrumentation rawResponse(String service, String method, String params, String kind) {
    return new ServiceMethodInstrumentation(
        service, method, params, "com.openai.core.http.HttpResponseFor", kind, ResponseHeadersAdvice.class.getName());
  }

  @Override
  public ElementMatcher<TypeDescription> typeMatcher() {
    return named(serviceClass);
  }

  @Override
  public String namePattern() {
    return serviceClass;
  }

  @Override
  public ElementMatcher<MethodDescription> methodMatcher() {
    return isPublic()
        .and(named(method))
        .and(takesArguments(2))
        .and(takesArgument(0, named(paramsType)))
        .and(takesArgument(1, named(REQUEST_OPTIONS)))
        .and(returns(named(returnType)));
  }

  @Override
  public String callKind() {
    return callKind;
  }

  @Override
  public String advice() {
    return advice;
  }

  @Override
  public String toString() {
    return serviceClass.substring(serviceClass.lastIndexOf('.') + 1) + "." + method;
  }
}
