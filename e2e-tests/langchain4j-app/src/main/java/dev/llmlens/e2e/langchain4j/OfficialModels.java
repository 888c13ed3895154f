package dev.llmlens.e2e.langchain4j;

import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.openaiofficial.OpenAiOfficialChatModel;
import dev.langchain4j.model.openaiofficial.OpenAiOfficialStreamingChatModel;
import java.time.Duration;

/**
 * Models of langchain4j-open-ai-official, which calls openai-java underneath. In its own class:
 * loaded only by the {@code official-*} steps, on the classpath that has that module.
 */
final class OfficialModels {

  private OfficialModels() {}

  static ChatModel chat(String baseUrl, String model, int maxRetries, Duration timeout) {
    return OpenAiOfficialChatModel.builder()
        .baseUrl(baseUrl)
        .apiKey("sk-test")
        .modelName(model)
        .maxRetries(maxRetries)
        .timeout(timeout)
        .build();
  }

  static StreamingChatModel streaming(String baseUrl, String model, Duration timeout) {
    return OpenAiOfficialStreamingChatModel.builder()
        .baseUrl(baseUrl)
        .apiKey("sk-test")
        .modelName(model)
        .timeout(timeout)
        .build();
  }
}
