package dev.llmlens.instrumentation.langchain4j;

import static dev.llmlens.instrumentation.langchain4j.LangChain4jInstrumentation.classesStartingWith;
import static dev.llmlens.instrumentation.langchain4j.LangChain4jInstrumentation.implementationsOf;
import static dev.llmlens.instrumentation.langchain4j.LangChain4jInstrumentation.theClass;
import static dev.llmlens.instrumentation.langchain4j.LangChain4jInstrumentation.theInterface;
import static net.bytebuddy.matcher.ElementMatchers.isPrivate;
import static net.bytebuddy.matcher.ElementMatchers.isPublic;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.returns;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import dev.llmlens.instrumentation.api.BlockingCallAdvice;
import dev.llmlens.instrumentation.api.HandlerCallAdvice;
import dev.llmlens.instrumentation.api.HandlerWithOptionsCallAdvice;
import dev.llmlens.instrumentation.api.InstrumentationModule;
import dev.llmlens.instrumentation.api.LibraryCheck;
import dev.llmlens.instrumentation.api.LibraryCheck.RequiredMethod;
import dev.llmlens.instrumentation.api.LlmCallReader;
import dev.llmlens.instrumentation.api.OperationAdvice;
import dev.llmlens.instrumentation.api.OperationFailureAdvice;
import dev.llmlens.instrumentation.api.OperationReader;
import dev.llmlens.instrumentation.api.TypeInstrumentation;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * LangChain4j 1.x ({@code dev.langchain4j:langchain4j-core} and {@code langchain4j}): every chat
 * model through the {@code ChatModel} and {@code StreamingChatModel} abstractions, embedding
 * models, AI services ({@code invoke_agent}), {@code @Tool} executions, chat memories,
 * embedding stores and content retrievers.
 *
 * <p>A LangChain4j model over another instrumented client (openai-java under {@code
 * langchain4j-open-ai-official}) is one call: the LangChain4j call is the logical call, and the
 * client's call inside it on the same thread is not counted again.
 */
public final class LangChain4jModule implements InstrumentationModule {

  static final String CHAT_KIND = "langchain4j.chat";
  static final String EMBEDDINGS_KIND = "langchain4j.embeddings";
  static final String AGENT_KIND = "langchain4j.agent";
  static final String TOOL_KIND = "langchain4j.tool";
  static final String MEMORY_ADD_KIND = "langchain4j.memory.add";
  static final String MEMORY_READ_KIND = "langchain4j.memory.messages";
  static final String MEMORY_CLEAR_KIND = "langchain4j.memory.clear";
  static final String STORE_SEARCH_KIND = "langchain4j.store.search";
  static final String STORE_ADD_KIND = "langchain4j.store.add";
  static final String RETRIEVER_KIND = "langchain4j.retriever";

  private static final String CHAT_MODEL = "dev.langchain4j.model.chat.ChatModel";
  private static final String STREAMING_CHAT_MODEL = "dev.langchain4j.model.chat.StreamingChatModel";
  private static final String CHAT_REQUEST = "dev.langchain4j.model.chat.request.ChatRequest";
  private static final String CHAT_RESPONSE = "dev.langchain4j.model.chat.response.ChatResponse";
  private static final String EMBEDDING_MODEL = "dev.langchain4j.model.embedding.EmbeddingModel";
  private static final String TOOL_EXECUTOR = "dev.langchain4j.service.tool.DefaultToolExecutor";
  private static final String TOOL_REQUEST = "dev.langchain4j.agent.tool.ToolExecutionRequest";
  private static final String CHAT_MEMORY = "dev.langchain4j.memory.ChatMemory";
  private static final String EMBEDDING_STORE = "dev.langchain4j.store.embedding.EmbeddingStore";
  private static final String CONTENT_RETRIEVER = "dev.langchain4j.rag.content.retriever.ContentRetriever";

  private static final LibraryCheck LIBRARY_CHECK =
      new LibraryCheck(
          "dev.langchain4j:langchain4j-core",
          // In every version, 0.x included, so that an unsupported one is reported.
          "dev.langchain4j.model.output.Response",
          "1.0 to 1.19",
          new RequiredMethod(CHAT_MODEL, "chat", CHAT_REQUEST),
          new RequiredMethod(STREAMING_CHAT_MODEL, "chat", CHAT_REQUEST, ChatModelReader.HANDLER_INTERFACE));

  @Override
  public String name() {
    return "langchain4j";
  }

  @Override
  public LibraryCheck libraryCheck() {
    return LIBRARY_CHECK;
  }

  @Override
  public List<TypeInstrumentation> typeInstrumentations() {
    return Arrays.<TypeInstrumentation>asList(
        new LangChain4jInstrumentation(
            theInterface(CHAT_MODEL),
            named("chat").and(takesArgument(0, named(CHAT_REQUEST))).and(returns(named(CHAT_RESPONSE))),
            CHAT_KIND, BlockingCallAdvice.class, "ChatModel.chat"),
        new LangChain4jInstrumentation(
            theInterface(STREAMING_CHAT_MODEL),
            named("chat").and(takesArguments(2)).and(takesArgument(0, named(CHAT_REQUEST)))
                .and(takesArgument(1, named(ChatModelReader.HANDLER_INTERFACE))),
            CHAT_KIND, HandlerCallAdvice.class, "StreamingChatModel.chat"),
        new LangChain4jInstrumentation(
            theInterface(STREAMING_CHAT_MODEL),
            named("chat").and(takesArguments(3)).and(takesArgument(0, named(CHAT_REQUEST)))
                .and(takesArgument(2, named(ChatModelReader.HANDLER_INTERFACE))),
            CHAT_KIND, HandlerWithOptionsCallAdvice.class, "StreamingChatModel.chat with options"),
        new LangChain4jInstrumentation(
            theInterface(EMBEDDING_MODEL),
            named("embed").or(named("embedAll")).and(takesArguments(1)),
            EMBEDDINGS_KIND, BlockingCallAdvice.class, "EmbeddingModel.embed"),
        new LangChain4jInstrumentation(
            implementationsOf(EMBEDDING_MODEL),
            named("embedAll").and(takesArguments(1)).and(takesArgument(0, named("java.util.List"))),
            EMBEDDINGS_KIND, BlockingCallAdvice.class, "EmbeddingModel implementations' embedAll"),
        new LangChain4jInstrumentation(
            classesStartingWith("dev.langchain4j.service.DefaultAiServices$"),
            named("invoke").and(takesArguments(3)).and(takesArgument(1, named("java.lang.reflect.Method")))
                .and(takesArgument(2, named("java.lang.Object[]"))),
            AGENT_KIND, OperationAdvice.class, "AI service methods"),
        new LangChain4jInstrumentation(
            theClass(TOOL_EXECUTOR),
            isPublic().and(named("execute").or(named("executeWithContext")))
                .and(takesArguments(2)).and(takesArgument(0, named(TOOL_REQUEST))),
            TOOL_KIND, OperationAdvice.class, "DefaultToolExecutor.execute"),
        new LangChain4jInstrumentation(
            theClass(TOOL_EXECUTOR),
            isPrivate().and(named("execute")).and(takesArguments(1)).and(takesArgument(0, named("java.lang.Object[]"))),
            TOOL_KIND, OperationFailureAdvice.class, "DefaultToolExecutor's tool method invocation"),
        new LangChain4jInstrumentation(
            implementationsOf(CHAT_MEMORY),
            isPublic().and(named("add")).and(takesArguments(1))
                .and(takesArgument(0, named("dev.langchain4j.data.message.ChatMessage"))),
            MEMORY_ADD_KIND, OperationAdvice.class, "ChatMemory.add"),
        new LangChain4jInstrumentation(
            implementationsOf(CHAT_MEMORY), isPublic().and(named("messages")).and(takesArguments(0)),
            MEMORY_READ_KIND, OperationAdvice.class, "ChatMemory.messages"),
        new LangChain4jInstrumentation(
            implementationsOf(CHAT_MEMORY), isPublic().and(named("clear")).and(takesArguments(0)),
            MEMORY_CLEAR_KIND, OperationAdvice.class, "ChatMemory.clear"),
        new LangChain4jInstrumentation(
            implementationsOf(EMBEDDING_STORE),
            isPublic().and(named("search")).and(takesArguments(1)),
            STORE_SEARCH_KIND, OperationAdvice.class, "EmbeddingStore.search"),
        new LangChain4jInstrumentation(
            implementationsOf(EMBEDDING_STORE),
            isPublic().and(named("add").or(named("addAll"))),
            STORE_ADD_KIND, OperationAdvice.class, "EmbeddingStore.add"),
        new LangChain4jInstrumentation(
            implementationsOf(CONTENT_RETRIEVER),
            isPublic().and(named("retrieve")).and(takesArguments(1)),
            RETRIEVER_KIND, OperationAdvice.class, "ContentRetriever.retrieve"));
  }

  @Override
  public Map<String, LlmCallReader> readers() {
    Map<String, LlmCallReader> readers = new HashMap<String, LlmCallReader>();
    readers.put(CHAT_KIND, new ChatModelReader());
    readers.put(EMBEDDINGS_KIND, new EmbeddingModelReader());
    return readers;
  }

  @Override
  public Map<String, OperationReader> operationReaders() {
    Map<String, OperationReader> readers = new HashMap<String, OperationReader>();
    readers.put(AGENT_KIND, new AiServiceReader());
    readers.put(TOOL_KIND, new ToolReader());
    readers.put(MEMORY_ADD_KIND, new ComponentReader("chat_memory", "add", false));
    readers.put(MEMORY_READ_KIND, new ComponentReader("chat_memory", "messages", false));
    readers.put(MEMORY_CLEAR_KIND, new ComponentReader("chat_memory", "clear", false));
    readers.put(STORE_SEARCH_KIND, new ComponentReader("embedding_store", "search", true));
    readers.put(STORE_ADD_KIND, new ComponentReader("embedding_store", "add", false));
    readers.put(RETRIEVER_KIND, new ComponentReader("content_retriever", "retrieve", true));
    return readers;
  }
}
