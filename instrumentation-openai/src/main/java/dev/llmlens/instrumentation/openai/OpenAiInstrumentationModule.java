package dev.llmlens.instrumentation.openai;

import dev.llmlens.instrumentation.api.InstrumentationModule;
import dev.llmlens.instrumentation.api.LibraryCheck;
import dev.llmlens.instrumentation.api.LibraryCheck.RequiredMethod;
import dev.llmlens.instrumentation.api.LlmCallReader;
import dev.llmlens.instrumentation.api.TypeInstrumentation;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The official OpenAI Java SDK ({@code com.openai:openai-java}), from 0.40 (the oldest line tested with the package layout that
 * introduced {@code com.openai.models.chat.completions}) through 4.x: chat completions, the
 * Responses API and legacy completions (blocking, async, streamed blocking and async),
 * embeddings (blocking and async), and the rate-limit headers of their responses. A service a
 * version lacks is simply not matched.
 */
public final class OpenAiInstrumentationModule implements InstrumentationModule {

  static final String CHAT_KIND = "openai.chat";
  static final String EMBEDDINGS_KIND = "openai.embeddings";
  static final String RESPONSES_KIND = "openai.responses";
  static final String COMPLETIONS_KIND = "openai.completions";

  static final String CHAT_CREATE_PARAMS = "com.openai.models.chat.completions.ChatCompletionCreateParams";
  static final String REQUEST_OPTIONS = "com.openai.core.RequestOptions";
  static final String BLOCKING_CHAT_SERVICE = "com.openai.services.blocking.chat.ChatCompletionServiceImpl";
  static final String ASYNC_CHAT_SERVICE = "com.openai.services.async.chat.ChatCompletionServiceAsyncImpl";
  static final String EMBEDDING_PARAMS = "com.openai.models.embeddings.EmbeddingCreateParams";
  static final String BLOCKING_EMBEDDING_SERVICE = "com.openai.services.blocking.EmbeddingServiceImpl";
  static final String ASYNC_EMBEDDING_SERVICE = "com.openai.services.async.EmbeddingServiceAsyncImpl";
  static final String RESPONSE_PARAMS = "com.openai.models.responses.ResponseCreateParams";
  static final String BLOCKING_RESPONSE_SERVICE = "com.openai.services.blocking.ResponseServiceImpl";
  static final String ASYNC_RESPONSE_SERVICE = "com.openai.services.async.ResponseServiceAsyncImpl";
  static final String COMPLETION_PARAMS = "com.openai.models.completions.CompletionCreateParams";
  static final String BLOCKING_COMPLETION_SERVICE = "com.openai.services.blocking.CompletionServiceImpl";
  static final String ASYNC_COMPLETION_SERVICE = "com.openai.services.async.CompletionServiceAsyncImpl";

  private static final LibraryCheck LIBRARY_CHECK =
      new LibraryCheck(
          "com.openai:openai-java",
          "com.openai.core.ClientOptions",
          "0.40 to 4.x",
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
        ServiceMethodInstrumentation.blocking(
            BLOCKING_CHAT_SERVICE, "create", CHAT_CREATE_PARAMS,
            "com.openai.models.chat.completions.ChatCompletion", CHAT_KIND),
        ServiceMethodInstrumentation.async(ASYNC_CHAT_SERVICE, "create", CHAT_CREATE_PARAMS, CHAT_KIND),
        ServiceMethodInstrumentation.streaming(BLOCKING_CHAT_SERVICE, "createStreaming", CHAT_CREATE_PARAMS, CHAT_KIND),
        ServiceMethodInstrumentation.rawResponse(
            BLOCKING_CHAT_SERVICE + "$WithRawResponseImpl", "create", CHAT_CREATE_PARAMS, CHAT_KIND),
        ServiceMethodInstrumentation.rawResponse(
            BLOCKING_CHAT_SERVICE + "$WithRawResponseImpl", "createStreaming", CHAT_CREATE_PARAMS, CHAT_KIND),
        StreamResponseInstrumentation.elements(),
        StreamResponseInstrumentation.close(),
        ServiceMethodInstrumentation.blocking(
            BLOCKING_EMBEDDING_SERVICE, "create", EMBEDDING_PARAMS,
            "com.openai.models.embeddings.CreateEmbeddingResponse", EMBEDDINGS_KIND),
        ServiceMethodInstrumentation.async(ASYNC_EMBEDDING_SERVICE, "create", EMBEDDING_PARAMS, EMBEDDINGS_KIND),
        ServiceMethodInstrumentation.rawResponse(
            BLOCKING_EMBEDDING_SERVICE + "$WithRawResponseImpl", "create", EMBEDDING_PARAMS, EMBEDDINGS_KIND),
        ServiceMethodInstrumentation.asyncStreaming(ASYNC_CHAT_SERVICE, "createStreaming", CHAT_CREATE_PARAMS, CHAT_KIND),
        AsyncStreamSourceInstrumentation.INSTANCE,
        ServiceMethodInstrumentation.blocking(
            BLOCKING_RESPONSE_SERVICE, "create", RESPONSE_PARAMS, "com.openai.models.responses.Response", RESPONSES_KIND),
        ServiceMethodInstrumentation.async(ASYNC_RESPONSE_SERVICE, "create", RESPONSE_PARAMS, RESPONSES_KIND),
        ServiceMethodInstrumentation.streaming(BLOCKING_RESPONSE_SERVICE, "createStreaming", RESPONSE_PARAMS, RESPONSES_KIND),
        ServiceMethodInstrumentation.asyncStreaming(ASYNC_RESPONSE_SERVICE, "createStreaming", RESPONSE_PARAMS, RESPONSES_KIND),
        ServiceMethodInstrumentation.rawResponse(
            BLOCKING_RESPONSE_SERVICE + "$WithRawResponseImpl", "create", RESPONSE_PARAMS, RESPONSES_KIND),
        ServiceMethodInstrumentation.rawResponse(
            BLOCKING_RESPONSE_SERVICE + "$WithRawResponseImpl", "createStreaming", RESPONSE_PARAMS, RESPONSES_KIND),
        ServiceMethodInstrumentation.blocking(
            BLOCKING_COMPLETION_SERVICE, "create", COMPLETION_PARAMS,
            "com.openai.models.completions.Completion", COMPLETIONS_KIND),
        ServiceMethodInstrumentation.async(ASYNC_COMPLETION_SERVICE, "create", COMPLETION_PARAMS, COMPLETIONS_KIND),
        ServiceMethodInstrumentation.streaming(BLOCKING_COMPLETION_SERVICE, "createStreaming", COMPLETION_PARAMS, COMPLETIONS_KIND));
  }

  @Override
  public Map<String, LlmCallReader> readers() {
    Map<String, LlmCallReader> readers = new HashMap<String, LlmCallReader>();
    readers.put(CHAT_KIND, new OpenAiChatReader("chat"));
    readers.put(COMPLETIONS_KIND, new OpenAiChatReader("text_completion"));
    readers.put(RESPONSES_KIND, new OpenAiResponsesReader());
    readers.put(EMBEDDINGS_KIND, new OpenAiEmbeddingsReader());
    return readers;
  }
}
