package dev.llmlens.instrumentation.openai;

import dev.llmlens.instrumentation.api.InstrumentationModule;
import dev.llmlens.instrumentation.api.LibraryCheck;
import dev.llmlens.instrumentation.api.LibraryCheck.RequiredMethod;
import dev.llmlens.instrumentation.api.LlmCallReader;
import dev.llmlens.instrumentation.api.TypeInstrumentation;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * The official OpenAI Java SDK ({@code com.openai:openai-java}), from the 0.4x line that
 * introduced {@code com.openai.models.chat.completions} through 4.x.
 *
 * <p>Calls are observed at the service implementations ({@code ChatCompletionServiceImpl} and its
 * async twin), not at a client builder, so every way of building a client is covered; and above
 * the SDK's retry loop, so one {@code create} is one request whatever the retries.
 */
public final class OpenAiInstrumentationModule implements InstrumentationModule {

  static final String CHAT_CREATE_PARAMS =
      "com.openai.models.chat.completions.ChatCompletionCreateParams";
  static final String REQUEST_OPTIONS = "com.openai.core.RequestOptions";
  static final String BLOCKING_CHAT_SERVICE =
      "com.openai.services.blocking.chat.ChatCompletionServiceImpl";
  static final String ASYNC_CHAT_SERVICE =
      "com.openai.services.async.chat.ChatCompletionServiceAsyncImpl";

  private static final LibraryCheck LIBRARY_CHECK =
      new LibraryCheck(
          "com.openai:openai-java",
          "com.openai.core.ClientOptions",
          "0.4x to 4.x",
          new RequiredMethod(BLOCKING_CHAT_SERVICE, "create", CHAT_CREATE_PARAMS, REQUEST_OPTIONS),
          new RequiredMethod(ASYNC_CHAT_SERVICE, "create", CHAT_CREATE_PARAMS, REQUEST_OPTIONS));

  @Override
  public String name() {
    return "openai";
  }

  @Override
  public LibraryCheck libraryCheck() {
    return LIBRARY_CHECK;
  }

  @Override
  public List<TypeInstrumentation> typeInstrumentations() {
    return Arrays.<TypeInstrumentation>asList(
        ChatCompletionServiceInstrumentation.blocking(),
        ChatCompletionServiceInstrumentation.asynchronous());
  }

  @Override
  public Map<String, LlmCallReader> readers() {
    return Collections.<String, LlmCallReader>singletonMap(
        ChatCompletionServiceInstrumentation.CALL_KIND, new OpenAiChatReader());
  }
}
