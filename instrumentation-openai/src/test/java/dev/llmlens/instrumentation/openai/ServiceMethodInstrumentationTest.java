package dev.llmlens.instrumentation.openai;

import static org.assertj.core.api.Assertions.assertThat;

import com.openai.core.RequestOptions;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.services.async.chat.ChatCompletionServiceAsync;
import com.openai.services.async.chat.ChatCompletionServiceAsyncImpl;
import com.openai.services.blocking.chat.ChatCompletionService;
import com.openai.services.blocking.chat.ChatCompletionServiceImpl;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.method.MethodList;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;
import dev.llmlens.instrumentation.api.TypeInstrumentation;
import org.junit.jupiter.api.Test;

class ServiceMethodInstrumentationTest {

  private final TypeInstrumentation blocking = instrumentation("ChatCompletionServiceImpl.create");
  private final TypeInstrumentation async = instrumentation("ChatCompletionServiceAsyncImpl.create");

  private static TypeInstrumentation instrumentation(String name) {
    return new OpenAiInstrumentationModule().typeInstrumentations().stream()
        .filter(type -> type.toString().equals(name))
        .findFirst()
        .orElseThrow();
  }

  /**
   * Every method with code that a call on the type can run: its own methods and the default
   * methods of its interfaces (such as the one-argument {@code create(params)}).
   */
  private static List<Method> allMethods(Class<?> type) {
    List<Method> methods = new ArrayList<>();
    for (Method method : type.getDeclaredMethods()) {
      methods.add(method);
    }
    for (Class<?> implemented : type.getInterfaces()) {
      for (Method method : implemented.getDeclaredMethods()) {
        if (!java.lang.reflect.Modifier.isAbstract(method.getModifiers())) {
          methods.add(method);
        }
      }
    }
    return methods;
  }

  private static List<String> matched(ElementMatcher<MethodDescription> matcher, Class<?> type) {
    List<String> matched = new ArrayList<>();
    for (Method method : allMethods(type)) {
      if (matcher.matches(new MethodDescription.ForLoadedMethod(method))) {
        matched.add(method.toString());
      }
    }
    return matched;
  }

  @Test
  void blockingMatcherMatchesExactlyCreateWithParamsAndOptions() throws Exception {
    assertThat(matched(blocking.methodMatcher(), ChatCompletionServiceImpl.class))
        .containsExactly(
            ChatCompletionServiceImpl.class
                .getMethod("create", ChatCompletionCreateParams.class, RequestOptions.class)
                .toString());
  }

  @Test
  void asyncMatcherMatchesExactlyCreateWithParamsAndOptions() throws Exception {
    assertThat(matched(async.methodMatcher(), ChatCompletionServiceAsyncImpl.class))
        .containsExactly(
            ChatCompletionServiceAsyncImpl.class
                .getMethod("create", ChatCompletionCreateParams.class, RequestOptions.class)
                .toString());
  }

  @Test
  void byteBuddyTypeDescriptionAgrees() {
    MethodList<MethodDescription.InDefinedShape> blockingMatches =
        TypeDescription.ForLoadedType.of(ChatCompletionServiceImpl.class)
            .getDeclaredMethods()
            .filter(blocking.methodMatcher());
    assertThat(blockingMatches).hasSize(1);
    assertThat(blockingMatches.getOnly().getName()).isEqualTo("create");
    assertThat(blockingMatches.getOnly().getParameters().asTypeList().asErasures())
        .extracting(TypeDescription::getName)
        .containsExactly(ChatCompletionCreateParams.class.getName(), RequestOptions.class.getName());
    assertThat(blockingMatches.getOnly().getReturnType().asErasure().getName())
        .isEqualTo("com.openai.models.chat.completions.ChatCompletion");

    MethodList<MethodDescription.InDefinedShape> asyncMatches =
        TypeDescription.ForLoadedType.of(ChatCompletionServiceAsyncImpl.class)
            .getDeclaredMethods()
            .filter(async.methodMatcher());
    assertThat(asyncMatches).hasSize(1);
    assertThat(asyncMatches.getOnly().getReturnType().asErasure().getName())
        .isEqualTo("java.util.concurrent.CompletableFuture");
  }

  @Test
  void otherMethodsAreNotMatched() throws Exception {
    List<Method> notMatched = new ArrayList<>();
    notMatched.add(
        ChatCompletionServiceImpl.class.getMethod(
            "createStreaming", ChatCompletionCreateParams.class, RequestOptions.class));
    notMatched.add(ChatCompletionService.class.getMethod("create", ChatCompletionCreateParams.class));
    notMatched.add(
        ChatCompletionService.class.getMethod("createStreaming", ChatCompletionCreateParams.class));
    for (Method method : ChatCompletionServiceImpl.class.getMethods()) {
      String name = method.getName();
      if (name.equals("retrieve") || name.equals("update") || name.equals("list")
          || name.equals("delete") || name.equals("withRawResponse") || name.equals("withOptions")
          || name.equals("messages") || name.startsWith("create$")) {
        notMatched.add(method);
      }
    }
    for (Method method : ChatCompletionService.class.getMethods()) {
      if (method.getName().equals("create")
          && method.getParameterTypes()[0] != ChatCompletionCreateParams.class) {
        notMatched.add(method); // structured-output create(StructuredChatCompletionCreateParams...)
      }
    }

    assertThat(notMatched).hasSizeGreaterThan(10);
    for (Method method : notMatched) {
      assertThat(blocking.methodMatcher().matches(new MethodDescription.ForLoadedMethod(method)))
          .as(method.toString())
          .isFalse();
    }
  }

  @Test
  void blockingMatcherDoesNotMatchTheAsyncCreateAndViceVersa() throws Exception {
    Method asyncCreate =
        ChatCompletionServiceAsyncImpl.class.getMethod(
            "create", ChatCompletionCreateParams.class, RequestOptions.class);
    Method blockingCreate =
        ChatCompletionServiceImpl.class.getMethod(
            "create", ChatCompletionCreateParams.class, RequestOptions.class);

    assertThat(blocking.methodMatcher().matches(new MethodDescription.ForLoadedMethod(asyncCreate)))
        .isFalse();
    assertThat(async.methodMatcher().matches(new MethodDescription.ForLoadedMethod(blockingCreate)))
        .isFalse();
    assertThat(
            async.methodMatcher()
                .matches(
                    new MethodDescription.ForLoadedMethod(
                        ChatCompletionServiceAsync.class.getMethod(
                            "create", ChatCompletionCreateParams.class))))
        .isFalse();
    assertThat(
            async.methodMatcher()
                .matches(
                    new MethodDescription.ForLoadedMethod(
                        ChatCompletionServiceAsyncImpl.class.getMethod(
                            "createStreaming",
                            ChatCompletionCreateParams.class,
                            RequestOptions.class))))
        .isFalse();
  }

  @Test
  void rawResponseServiceIsNotMatched() throws Exception {
    Class<?> raw =
        Class.forName("com.openai.services.blocking.chat.ChatCompletionServiceImpl$WithRawResponseImpl");
    Method rawCreate = raw.getMethod("create", ChatCompletionCreateParams.class, RequestOptions.class);

    assertThat(blocking.typeMatcher().matches(TypeDescription.ForLoadedType.of(raw))).isFalse();
    assertThat(blocking.methodMatcher().matches(new MethodDescription.ForLoadedMethod(rawCreate)))
        .isFalse();
  }

  @Test
  void interfaceDeclarationHasTheSameSignatureButItsTypeIsNotMatched() throws Exception {
    Method declared =
        ChatCompletionService.class.getMethod(
            "create", ChatCompletionCreateParams.class, RequestOptions.class);

    // Abstract, so it has no code to advise; and its type is not instrumented.
    assertThat(blocking.methodMatcher().matches(new MethodDescription.ForLoadedMethod(declared)))
        .isTrue();
    assertThat(
            blocking
                .typeMatcher()
                .matches(TypeDescription.ForLoadedType.of(declared.getDeclaringClass())))
        .isFalse();
  }

  @Test
  void typeMatchersNameTheImplementationsOnly() {
    assertThat(
            blocking.typeMatcher().matches(TypeDescription.ForLoadedType.of(ChatCompletionServiceImpl.class)))
        .isTrue();
    assertThat(
            blocking.typeMatcher().matches(TypeDescription.ForLoadedType.of(ChatCompletionService.class)))
        .isFalse();
    assertThat(
            blocking
                .typeMatcher()
                .matches(TypeDescription.ForLoadedType.of(ChatCompletionServiceAsyncImpl.class)))
        .isFalse();
    assertThat(
            async
                .typeMatcher()
                .matches(TypeDescription.ForLoadedType.of(ChatCompletionServiceAsyncImpl.class)))
        .isTrue();
    assertThat(
            async.typeMatcher().matches(TypeDescription.ForLoadedType.of(ChatCompletionServiceImpl.class)))
        .isFalse();
  }

  @Test
  void callKindAndAsyncFlag() {
    assertThat(blocking.callKind()).isEqualTo("openai.chat");
    assertThat(async.callKind()).isEqualTo("openai.chat");
    assertThat(blocking.advice()).isEqualTo("dev.llmlens.instrumentation.api.BlockingCallAdvice");
    assertThat(async.advice()).isEqualTo("dev.llmlens.instrumentation.api.AsyncCallAdvice");
  }

  private static Class<?> findService(String simpleName) throws ClassNotFoundException {
    for (String prefix :
        new String[] {
          "com.openai.services.blocking.chat.", "com.openai.services.async.chat.",
          "com.openai.services.blocking.", "com.openai.services.async.", "com.openai.core.http."
        }) {
      try {
        return Class.forName(prefix + simpleName);
      } catch (ClassNotFoundException tryNext) {
        // next package
      }
    }
    throw new ClassNotFoundException(simpleName);
  }

  @Test
  void libraryCheckNamesMethodsThatExistInTheLibrary() throws Exception {
    OpenAiInstrumentationModule module = new OpenAiInstrumentationModule();

    Class.forName(module.libraryCheck().markerClass());
    assertThat(module.libraryCheck().requiredMethods()).hasSize(2);
    for (dev.llmlens.instrumentation.api.LibraryCheck.RequiredMethod required :
        module.libraryCheck().requiredMethods()) {
      Class<?>[] parameters = new Class<?>[required.parameterTypes().size()];
      for (int i = 0; i < parameters.length; i++) {
        parameters[i] = Class.forName(required.parameterTypes().get(i));
      }
      assertThat(Class.forName(required.className()).getDeclaredMethod(required.methodName(), parameters))
          .as(required.toString())
          .isNotNull();
    }
    assertThat(module.libraryCheck().requiredMethods().get(0).toString())
        .isEqualTo("ChatCompletionServiceImpl.create(ChatCompletionCreateParams, RequestOptions)");
    assertThat(module.readers()).containsOnlyKeys("openai.chat", "openai.embeddings", "openai.responses", "openai.completions");
    assertThat(module.typeInstrumentations())
        .extracting(Object::toString)
        .containsExactly(
            "ChatCompletionServiceImpl.create",
            "ChatCompletionServiceAsyncImpl.create",
            "ChatCompletionServiceImpl.createStreaming",
            "ChatCompletionServiceImpl$WithRawResponseImpl.create",
            "ChatCompletionServiceImpl$WithRawResponseImpl.createStreaming",
            "StreamResponse.stream",
            "StreamResponse.close",
            "EmbeddingServiceImpl.create",
            "EmbeddingServiceAsyncImpl.create",
            "EmbeddingServiceImpl$WithRawResponseImpl.create",
            "ChatCompletionServiceAsyncImpl.createStreaming",
            "AsyncStreamResponseKt.toAsync",
            "ResponseServiceImpl.create",
            "ResponseServiceAsyncImpl.create",
            "ResponseServiceImpl.createStreaming",
            "ResponseServiceAsyncImpl.createStreaming",
            "ResponseServiceImpl$WithRawResponseImpl.create",
            "ResponseServiceImpl$WithRawResponseImpl.createStreaming",
            "CompletionServiceImpl.create",
            "CompletionServiceAsyncImpl.create",
            "CompletionServiceImpl.createStreaming");
    // Every service method named exists in the library as matched.
    for (TypeInstrumentation type : module.typeInstrumentations()) {
      if (type instanceof ServiceMethodInstrumentation || type instanceof AsyncStreamSourceInstrumentation) {
        String service = type.toString().substring(0, type.toString().lastIndexOf('.'));
        Class<?> implementation = findService(service);
        assertThat(matched(type.methodMatcher(), implementation)).as(type.toString()).hasSize(1);
      }
    }
  }

  /** The agent shows ByteBuddy only the classes a name pattern or a library super type can match. */
  @Test
  void everyInstrumentationNamesItsClassOrTheSuperTypeItsClassesImplement() throws Exception {
    List<String> superTypes = new java.util.ArrayList<>();
    for (TypeInstrumentation type : new OpenAiInstrumentationModule().typeInstrumentations()) {
      assertThat(type.namePattern() == null).as(type.toString()).isNotEqualTo(type.librarySuperType() == null);
      if (type.librarySuperType() != null) {
        superTypes.add(type + ": " + type.librarySuperType());
      }
    }
    assertThat(superTypes)
        .containsExactly(
            "StreamResponse.stream: implementations of com.openai.core.http.StreamResponse within com.openai.",
            "StreamResponse.close: implementations of com.openai.core.http.StreamResponse within com.openai.");
    // The SDK's stream implementation is one of them, through its own super types.
    assertThat(
            StreamResponseInstrumentation.elements()
                .typeMatcher()
                .matches(TypeDescription.ForLoadedType.of(Class.forName("com.openai.core.http.PhantomReachableClosingStreamResponse"))))
        .isTrue();
  }
}
