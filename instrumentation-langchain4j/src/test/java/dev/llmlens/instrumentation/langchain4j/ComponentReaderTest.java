package dev.llmlens.instrumentation.langchain4j;

import static org.assertj.core.api.Assertions.assertThat;

import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.memory.chat.MessageWindowChatMemory;
import dev.langchain4j.model.embedding.DisabledEmbeddingModel;
import dev.langchain4j.rag.content.retriever.EmbeddingStoreContentRetriever;
import dev.langchain4j.rag.query.Query;
import dev.langchain4j.store.embedding.inmemory.InMemoryEmbeddingStore;
import dev.llmlens.instrumentation.api.Operation;
import dev.llmlens.instrumentation.api.OperationReader;
import org.junit.jupiter.api.Test;

class ComponentReaderTest {

  private final LangChain4jModule module = new LangChain4jModule();

  private Operation start(String kind, Object target, Object... arguments) {
    OperationReader reader = module.operationReaders().get(kind);
    return reader.start(target, arguments);
  }

  @Test
  void storeSearchIsARetrievalFromTheStore() {
    Operation operation =
        start(LangChain4jModule.STORE_SEARCH_KIND, new InMemoryEmbeddingStore<TextSegment>(), new Object());

    assertThat(operation.type()).isEqualTo(Operation.Type.COMPONENT);
    assertThat(operation.name()).isEqualTo("embedding_store");
    assertThat(operation.step()).isEqualTo("search");
    assertThat(operation.isRetrieval()).isTrue();
    assertThat(operation.dataSource()).isEqualTo("InMemoryEmbeddingStore");
  }

  @Test
  void retrieverLookupIsARetrievalFromTheRetriever() {
    EmbeddingStoreContentRetriever retriever =
        new EmbeddingStoreContentRetriever(new InMemoryEmbeddingStore<TextSegment>(), new DisabledEmbeddingModel());

    Operation operation = start(LangChain4jModule.RETRIEVER_KIND, retriever, Query.from("refund policy"));

    assertThat(operation.name()).isEqualTo("content_retriever");
    assertThat(operation.step()).isEqualTo("retrieve");
    assertThat(operation.isRetrieval()).isTrue();
    assertThat(operation.dataSource()).isEqualTo("EmbeddingStoreContentRetriever");
  }

  @Test
  void memoryStepsAreNotRetrievals() {
    MessageWindowChatMemory memory = MessageWindowChatMemory.withMaxMessages(10);

    Operation add = start(LangChain4jModule.MEMORY_ADD_KIND, memory, UserMessage.from("Hi"));
    Operation read = start(LangChain4jModule.MEMORY_READ_KIND, memory);
    Operation clear = start(LangChain4jModule.MEMORY_CLEAR_KIND, memory);

    assertThat(add.name()).isEqualTo("chat_memory");
    assertThat(add.step()).isEqualTo("add");
    assertThat(read.step()).isEqualTo("messages");
    assertThat(clear.step()).isEqualTo("clear");
    for (Operation operation : new Operation[] {add, read, clear}) {
      assertThat(operation.type()).isEqualTo(Operation.Type.COMPONENT);
      assertThat(operation.isRetrieval()).isFalse();
      assertThat(operation.dataSource()).isNull();
    }
  }

  @Test
  void storeAddIsNotARetrieval() {
    Operation operation = start(LangChain4jModule.STORE_ADD_KIND, new InMemoryEmbeddingStore<TextSegment>(), new Object());

    assertThat(operation.name()).isEqualTo("embedding_store");
    assertThat(operation.step()).isEqualTo("add");
    assertThat(operation.isRetrieval()).isFalse();
    assertThat(operation.dataSource()).isNull();
  }
}
