package dev.llmlens.instrumentation.langchain4j;

import static org.assertj.core.api.Assertions.assertThat;

import dev.langchain4j.model.openai.OpenAiChatModel;
import dev.langchain4j.model.openai.OpenAiEmbeddingModel;
import org.junit.jupiter.api.Test;

class LangChain4jProviderTest {

  @Test
  void fromTheModelsProvider() {
    assertThat(LangChain4jProvider.of(OpenAiChatModel.builder().baseUrl("http://localhost:1/v1").apiKey("k").build()))
        .isEqualTo("openai");
    assertThat(LangChain4jProvider.of(OpenAiEmbeddingModel.builder().baseUrl("http://localhost:1/v1").apiKey("k").build()))
        .isEqualTo("openai");
  }

  @Test
  void anApplicationsOwnModelIsOther() {
    assertThat(LangChain4jProvider.of(new AppChatModel())).isEqualTo("other");
    assertThat(LangChain4jProvider.of(null)).isEqualTo("other");
  }

  @Test
  void fromTheLangChain4jPackage() {
    assertThat(LangChain4jProvider.fromPackage("dev.langchain4j.model.ollama.OllamaChatModel")).isEqualTo("ollama");
    assertThat(LangChain4jProvider.fromPackage("dev.langchain4j.model.anthropic.X")).isEqualTo("anthropic");
    assertThat(LangChain4jProvider.fromPackage("dev.langchain4j.model.openaiofficial.OpenAiOfficialChatModel"))
        .isEqualTo("openai");
    assertThat(LangChain4jProvider.fromPackage("dev.langchain4j.model.chat.ChatModel")).isNull();
    assertThat(LangChain4jProvider.fromPackage("dev.langchain4j.model.X")).isNull();
    assertThat(LangChain4jProvider.fromPackage("com.acme.X")).isNull();
  }
}
