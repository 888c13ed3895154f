package dev.llmlens.instrumentation.langchain4j;

import static org.assertj.core.api.Assertions.assertThat;

import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.memory.ChatMemory;
import dev.langchain4j.memory.chat.MessageWindowChatMemory;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.embedding.DisabledEmbeddingModel;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.openai.OpenAiChatModel;
import dev.langchain4j.model.openai.OpenAiEmbeddingModel;
import dev.langchain4j.rag.content.retriever.EmbeddingStoreContentRetriever;
import dev.langchain4j.service.tool.DefaultToolExecutor;
import dev.langchain4j.store.embedding.inmemory.InMemoryEmbeddingStore;
import dev.llmlens.instrumentation.api.BlockingCallAdvice;
import dev.llmlens.instrumentation.api.HandlerCallAdvice;
import dev.llmlens.instrumentation.api.HandlerWithOptionsCallAdvice;
import dev.llmlens.instrumentation.api.LibraryCheck;
import dev.llmlens.instrumentation.api.OperationAdvice;
import dev.llmlens.instrumentation.api.OperationFailureAdvice;
import dev.llmlens.instrumentation.api.TypeInstrumentation;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;
import org.junit.jupiter.api.Test;

class LangChain4jModuleTest {

  private static final String CHAT = "ChatModel.chat";
  private static final String STREAMING = "StreamingChatModel.chat";
  private static final String STREAMING_WITH_OPTIONS = "StreamingChatModel.chat with options";
  private static final String EMBED = "EmbeddingModel.embed";
  private static final String EMBED_IMPLEMENTATIONS = "EmbeddingModel implementations' embedAll";
  private static final String AI_SERVICE = "AI service methods";
  private static final String TOOL = "DefaultToolExecutor.execute";
  private static final String TOOL_FAILURE = "DefaultToolExecutor's tool method invocation";
  private static final String MEMORY_ADD = "ChatMemory.add";
  private static final String MEMORY_READ = "ChatMemory.messages";
  private static final String MEMORY_CLEAR = "ChatMemory.clear";
  private static final String STORE_SEARCH = "EmbeddingStore.search";
  private static final String STORE_ADD = "EmbeddingStore.add";
  private static final String RETRIEVE = "ContentRetriever.retrieve";

  private final LangChain4jModule module = new LangChain4jModule();

  private TypeInstrumentation instrumentation(String description) {
    return module.typeInstrumentations().stream()
        .filter(type -> type.toString().equals(description))
        .findFirst()
        .orElseThrow();
  }

  /** The instrumentations whose type matcher matches {@code type}, by description. */
  private List<String> instrumentationsOf(Class<?> type) {
    TypeDescription description = TypeDescription.ForLoadedType.of(type);
    return module.typeInstrumentations().stream()
        .filter(instrumentation -> instrumentation.typeMatcher().matches(description))
        .map(Object::toString)
        .collect(Collectors.toList());
  }

  /** The methods {@code type} declares that the instrumentation's method matcher matches. */
  private List<String> matchedMethods(String description, Class<?> type) {
    TypeInstrumentation instrumentation = instrumentation(description);
    List<String> matched = new ArrayList<>();
    for (Method method : type.getDeclaredMethods()) {
      if (instrumentation.methodMatcher().matches(new MethodDescription.ForLoadedMethod(method))) {
        matched.add(signature(method));
      }
    }
    return matched;
  }

  private static String signature(Method method) {
    return method.getName()
        + Arrays.stream(method.getParameterTypes())
            .map(Class::getSimpleName)
            .collect(Collectors.joining(", ", "(", ")"));
  }

  @Test
  void namesItself() {
    assertThat(module.name()).isEqualTo("langchain4j");
    assertThat(module.libraryCheck().libraryName()).isEqualTo("dev.langchain4j:langchain4j-core");
  }

  @Test
  void libraryCheckNamesMethodsThatExistInLangChain4j() throws Exception {
    LibraryCheck check = module.libraryCheck();

    Class.forName(check.markerClass());
    assertThat(check.requiredMethods()).hasSize(2);
    for (LibraryCheck.RequiredMethod required : check.requiredMethods()) {
      Class<?>[] parameters = new Class<?>[required.parameterTypes().size()];
      for (int i = 0; i < parameters.length; i++) {
        parameters[i] = Class.forName(required.parameterTypes().get(i));
      }
      assertThat(Class.forName(required.className()).getDeclaredMethod(required.methodName(), parameters))
          .as(required.toString())
          .isNotNull();
    }
  }

  /** The agent shows ByteBuddy only the classes a name pattern or a library super type can match. */
  @Test
  void everyInstrumentationNamesItsClassesOrTheSuperTypeItsClassesImplement() {
    Map<String, String> superTypes = new java.util.LinkedHashMap<>();
    for (TypeInstrumentation type : module.typeInstrumentations()) {
      assertThat(type.namePattern() == null).as(type.toString()).isNotEqualTo(type.librarySuperType() == null);
      if (type.librarySuperType() != null) {
        assertThat(type.librarySuperType().libraryPrefix()).isEqualTo("dev.langchain4j.");
        superTypes.put(type.toString(), type.librarySuperType().superType());
      }
    }
    assertThat(superTypes)
        .containsExactly(
            Map.entry(EMBED_IMPLEMENTATIONS, "dev.langchain4j.model.embedding.EmbeddingModel"),
            Map.entry(MEMORY_ADD, "dev.langchain4j.memory.ChatMemory"),
            Map.entry(MEMORY_READ, "dev.langchain4j.memory.ChatMemory"),
            Map.entry(MEMORY_CLEAR, "dev.langchain4j.memory.ChatMemory"),
            Map.entry(STORE_SEARCH, "dev.langchain4j.store.embedding.EmbeddingStore"),
            Map.entry(STORE_ADD, "dev.langchain4j.store.embedding.EmbeddingStore"),
            Map.entry(RETRIEVE, "dev.langchain4j.rag.content.retriever.ContentRetriever"));
  }

  @Test
  void everyKindHasAReaderOfTheRightSort() {
    Set<String> callKinds = module.readers().keySet();
    Set<String> operationKinds = module.operationReaders().keySet();
    List<String> callAdvice =
        List.of(BlockingCallAdvice.class.getName(), HandlerCallAdvice.class.getName(),
            HandlerWithOptionsCallAdvice.class.getName());
    List<String> operationAdvice = List.of(OperationAdvice.class.getName(), OperationFailureAdvice.class.getName());

    assertThat(module.typeInstrumentations()).hasSize(14);
    for (TypeInstrumentation instrumentation : module.typeInstrumentations()) {
      String kind = instrumentation.callKind();
      if (callKinds.contains(kind)) {
        assertThat(instrumentation.advice()).as(instrumentation.toString()).isIn(callAdvice);
      } else {
        assertThat(operationKinds).as(instrumentation.toString()).contains(kind);
        assertThat(instrumentation.advice()).as(instrumentation.toString()).isIn(operationAdvice);
      }
    }
    assertThat(callKinds).containsExactlyInAnyOrder(LangChain4jModule.CHAT_KIND, LangChain4jModule.EMBEDDINGS_KIND);
    assertThat(operationKinds).hasSize(8).doesNotContainAnyElementsOf(callKinds);
  }

  @Test
  void everyDescriptionIsUnique() {
    assertThat(module.typeInstrumentations().stream().map(Object::toString)).doesNotHaveDuplicates();
  }

  @Test
  void chatModelInterfaces() {
    assertThat(instrumentationsOf(ChatModel.class)).containsExactly(CHAT);
    assertThat(instrumentationsOf(StreamingChatModel.class)).containsExactly(STREAMING, STREAMING_WITH_OPTIONS);
    // The providers inherit chat(ChatRequest) from the interface: their classes are left alone.
    assertThat(instrumentationsOf(OpenAiChatModel.class)).isEmpty();
  }

  @Test
  void embeddingModels() {
    assertThat(instrumentationsOf(EmbeddingModel.class)).containsExactly(EMBED);
    assertThat(instrumentationsOf(OpenAiEmbeddingModel.class)).containsExactly(EMBED_IMPLEMENTATIONS);
    assertThat(instrumentationsOf(DisabledEmbeddingModel.class)).containsExactly(EMBED_IMPLEMENTATIONS);
  }

  @Test
  void storesMemoriesToolsRetrieversAndAiServices() throws Exception {
    assertThat(instrumentationsOf(InMemoryEmbeddingStore.class)).containsExactlyInAnyOrder(STORE_SEARCH, STORE_ADD);
    assertThat(instrumentationsOf(MessageWindowChatMemory.class))
        .containsExactlyInAnyOrder(MEMORY_ADD, MEMORY_READ, MEMORY_CLEAR);
    assertThat(instrumentationsOf(DefaultToolExecutor.class)).containsExactlyInAnyOrder(TOOL, TOOL_FAILURE);
    assertThat(instrumentationsOf(EmbeddingStoreContentRetriever.class)).containsExactly(RETRIEVE);
    assertThat(instrumentationsOf(Class.forName("dev.langchain4j.service.DefaultAiServices$1")))
        .containsExactly(AI_SERVICE);
  }

  @Test
  void applicationClassesAndInterfacesAreNotImplementations() {
    assertThat(instrumentationsOf(AppChatModel.class)).isEmpty();
    assertThat(instrumentationsOf(AppChatMemory.class)).isEmpty();
    assertThat(instrumentationsOf(ChatMemory.class)).isEmpty();
    assertThat(instrumentationsOf(String.class)).isEmpty();
  }

  @Test
  void chatMethods() {
    assertThat(matchedMethods(CHAT, ChatModel.class))
        .containsExactlyInAnyOrder("chat(ChatRequest)", "chat(ChatRequest, ChatRequestOptions)");
    assertThat(matchedMethods(STREAMING, StreamingChatModel.class))
        .containsExactly("chat(ChatRequest, StreamingChatResponseHandler)");
    assertThat(matchedMethods(STREAMING_WITH_OPTIONS, StreamingChatModel.class))
        .containsExactly("chat(ChatRequest, ChatRequestOptions, StreamingChatResponseHandler)");
  }

  @Test
  void convenienceChatMethodsAreNotMatched() throws Exception {
    TypeInstrumentation chat = instrumentation(CHAT);

    assertThat(chat.methodMatcher().matches(new MethodDescription.ForLoadedMethod(
        ChatModel.class.getMethod("chat", String.class)))).isFalse();
    assertThat(chat.methodMatcher().matches(new MethodDescription.ForLoadedMethod(
        ChatModel.class.getMethod("chat", ChatMessage[].class)))).isFalse();
    assertThat(chat.methodMatcher().matches(new MethodDescription.ForLoadedMethod(
        ChatModel.class.getMethod("chat", List.class)))).isFalse();
  }

  @Test
  void embeddingMethods() {
    assertThat(matchedMethods(EMBED, EmbeddingModel.class))
        .containsExactlyInAnyOrder("embed(String)", "embed(TextSegment)", "embed(EmbeddingRequest)", "embedAll(List)");
    assertThat(matchedMethods(EMBED_IMPLEMENTATIONS, DisabledEmbeddingModel.class)).containsExactly("embedAll(List)");
    // 1.19's OpenAI model implements doEmbed; the interface's embedAll is the one measured.
    assertThat(matchedMethods(EMBED_IMPLEMENTATIONS, OpenAiEmbeddingModel.class)).isEmpty();
  }

  @Test
  void aiServiceHandlerMethod() throws Exception {
    assertThat(matchedMethods(AI_SERVICE, Class.forName("dev.langchain4j.service.DefaultAiServices$1")))
        .containsExactly("invoke(Object, Method, Object[])");
  }

  @Test
  void toolMethods() {
    assertThat(matchedMethods(TOOL, DefaultToolExecutor.class))
        .containsExactlyInAnyOrder(
            "execute(ToolExecutionRequest, Object)", "executeWithContext(ToolExecutionRequest, InvocationContext)");
    assertThat(matchedMethods(TOOL_FAILURE, DefaultToolExecutor.class)).containsExactly("execute(Object[])");
  }

  @Test
  void memoryMethods() {
    assertThat(matchedMethods(MEMORY_ADD, MessageWindowChatMemory.class)).containsExactly("add(ChatMessage)");
    assertThat(matchedMethods(MEMORY_READ, MessageWindowChatMemory.class)).containsExactly("messages()");
    assertThat(matchedMethods(MEMORY_CLEAR, MessageWindowChatMemory.class)).containsExactly("clear()");
  }

  @Test
  void storeAndRetrieverMethods() {
    assertThat(matchedMethods(STORE_SEARCH, InMemoryEmbeddingStore.class))
        .containsExactly("search(EmbeddingSearchRequest)");
    assertThat(matchedMethods(STORE_ADD, InMemoryEmbeddingStore.class))
        .containsExactlyInAnyOrder(
            "add(Embedding)",
            "add(String, Embedding)",
            "add(Embedding, Object)",
            "add(String, Embedding, Object)",
            "addAll(List)",
            "addAll(List, List, List)");
    assertThat(matchedMethods(RETRIEVE, EmbeddingStoreContentRetriever.class)).containsExactly("retrieve(Query)");
  }
}
