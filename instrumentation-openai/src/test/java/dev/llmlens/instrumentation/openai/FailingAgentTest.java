package dev.llmlens.instrumentation.openai;

import static org.assertj.core.api.Assertions.assertThat;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.http.StreamResponse;
import com.openai.models.ChatModel;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import dev.llmlens.bootstrap.LlmCallHandler;
import dev.llmlens.bootstrap.LlmCalls;
import dev.llmlens.instrumentation.api.CallKind;
import dev.llmlens.instrumentation.api.TypeInstrumentation;
import java.lang.instrument.Instrumentation;
import java.lang.reflect.Proxy;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import net.bytebuddy.agent.ByteBuddyAgent;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.agent.builder.ResettableClassFileTransformer;
import net.bytebuddy.asm.Advice;
import org.junit.jupiter.api.Test;

/**
 * The agent failing in every way it can, forced: the module's real advice is woven into
 * openai-java in this JVM, and every bridge method throws. The application's results and
 * exceptions are the same as without the agent, call for call: blocking, async, streamed, a
 * success and an API error.
 */
class FailingAgentTest {

  private static final String CHAT_BODY = LocalOpenAiServer.firstMappingBody("abstractchattest.basic.yaml");

  @Test
  void everyBridgeMethodThrowingChangesNothingTheApplicationSees() throws Exception {
    try (LocalOpenAiServer ok = LocalOpenAiServer.answering(200, CHAT_BODY);
        LocalOpenAiServer refused =
            LocalOpenAiServer.answering(
                400, "{\"error\":{\"message\":\"bad things\",\"type\":\"invalid_request_error\",\"code\":\"context_length_exceeded\"}}");
        LocalOpenAiServer streaming = LocalOpenAiServer.replaying("abstractchattest.stream.yaml")) {
      String without = outcomes(ok, refused, streaming);

      AtomicInteger invoked = new AtomicInteger();
      Instrumentation instrumentation = ByteBuddyAgent.install();
      ResettableClassFileTransformer transformer = weave(instrumentation);
      LlmCalls.install(throwingHandler(invoked));
      try {
        String with = outcomes(ok, refused, streaming);

        assertThat(invoked.get()).as("the advice ran and reached the bridge").isGreaterThanOrEqualTo(4);
        assertThat(with).isEqualTo(without);
      } finally {
        LlmCalls.install(null);
        transformer.reset(instrumentation, AgentBuilder.RedefinitionStrategy.RETRANSFORMATION);
      }
    }
  }

  /** What the application sees of four calls, as text: results, and exceptions' class and message. */
  private static String outcomes(LocalOpenAiServer ok, LocalOpenAiServer refused, LocalOpenAiServer streaming) {
    StringBuilder seen = new StringBuilder();
    OpenAIClient good = client(ok);
    OpenAIClient bad = client(refused);
    OpenAIClient stream = client(streaming);
    try {
      ChatCompletionCreateParams params =
          ChatCompletionCreateParams.builder().model(ChatModel.GPT_4O).addUserMessage("Hello").build();
      seen.append(outcome(() -> text(good.chat().completions().create(params)))).append('\n');
      seen.append(outcome(() -> text(good.async().chat().completions().create(params).join()))).append('\n');
      seen.append(outcome(() -> text(bad.chat().completions().create(params)))).append('\n');
      seen.append(outcome(() -> {
        try (StreamResponse<ChatCompletionChunk> chunks = stream.chat().completions().createStreaming(params)) {
          return chunks.stream()
              .flatMap(chunk -> chunk.choices().stream())
              .map(choice -> choice.delta().content().orElse(""))
              .collect(Collectors.joining());
        }
      }));
    } finally {
      good.close();
      bad.close();
      stream.close();
    }
    return seen.toString();
  }

  private static String outcome(Supplier<String> call) {
    try {
      return "returned " + call.get();
    } catch (RuntimeException thrown) {
      return "threw " + thrown.getClass().getName() + ": " + thrown.getMessage();
    }
  }

  private static String text(ChatCompletion completion) {
    return completion.id() + " " + completion.choices().get(0).message().content().orElse("");
  }

  private static OpenAIClient client(LocalOpenAiServer server) {
    return OpenAIOkHttpClient.builder().apiKey("sk-test").baseUrl(server.baseUrl()).maxRetries(0).build();
  }

  /** The module's type instrumentations, woven the way the agent weaves them. */
  private static ResettableClassFileTransformer weave(Instrumentation instrumentation) {
    AgentBuilder builder =
        new AgentBuilder.Default()
            .disableClassFormatChanges()
            .with(AgentBuilder.RedefinitionStrategy.RETRANSFORMATION)
            .with(AgentBuilder.TypeStrategy.Default.DECORATE);
    for (TypeInstrumentation type : new OpenAiInstrumentationModule().typeInstrumentations()) {
      builder =
          builder
              .type(type.typeMatcher())
              .transform(
                  new AgentBuilder.Transformer.ForAdvice(Advice.withCustomMapping().bind(CallKind.class, type.callKind()))
                      .include(FailingAgentTest.class.getClassLoader())
                      .advice(type.methodMatcher(), type.advice()));
    }
    return builder.installOn(instrumentation);
  }

  /** Counts, then throws, whatever the method. */
  private static LlmCallHandler throwingHandler(AtomicInteger invoked) {
    return (LlmCallHandler)
        Proxy.newProxyInstance(
            LlmCallHandler.class.getClassLoader(),
            new Class<?>[] {LlmCallHandler.class},
            (proxy, method, args) -> {
              invoked.incrementAndGet();
              throw new IllegalStateException("the agent fails in " + method.getName());
            });
  }
}
