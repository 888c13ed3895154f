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
 * The official OpenAI Java SDK ({@code com.openai:openai-java}), from the 0.4x line that
 * introduced {@code com.openai.models.chat.completions} through 4.x: chat completions blocking,
 * async and streamed (blocking {@code StreamResponse}), embeddings blocking and async, and the
 * rate-limit headers of their responses.
 */
public final class OpenAiInstrumentationModule implements InstrumentationModule {

  static final String CHAT_KIND = "openai.chat";
  static final String EMBEDDINGS_KIND = "openai.embeddings";

  static final String CHAT_CREATE_PARAMS = "com.openai.models.chat.completions.ChatCompletionCreateParams";
  static final String REQUEST_OPTIONS = "com.openai.core.RequestOptions";
  static final String BLOCKING_CHAT_SERVICE = "com.openai.services.blocking.chat.ChatCompletionServiceImpl";
  static final String ASYNC_CHAT_SERVICE = "com.openai.services.async.chat.ChatCompletionServiceAsyncImpl";
  static final String EMBEDDING_PARAMS = "com.openai.models.embeddings.EmbeddingCreateParams";
  static final String BLOCKING_EMBEDDING_SERVICE = "com.openai.services.blocking.EmbeddingServiceImpl";
  static final String ASYNC_EMBEDDING_SERVICE = "com.openai.services.async.EmbeddingServiceAsyncImpl";

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
            BLOCKING_EMBEDDING_SERVICE + "$WithRawResponseImpl", "create", EMBEDDING_PARAMS, EMBEDDINGS_KIND));
  }

  @Override
  public Map<String, LlmCallReader> readers() {
    Map<String, LlmCallReader> readers = new HashMap<String, LlmCallReader>();
    readers.put(CHAT_KIND, new OpenAiChatReader());
    readers.put(EMBEDDINGS_KIND, new OpenAiEmbeddingsReader());
    return readers;
  }
}
