package dev.llmlens.instrumentation.langchain4j;

import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;

/** An application's own chat model: a {@code ChatModel} outside LangChain4j's packages. */
class AppChatModel implements ChatModel {

  @Override
  public ChatResponse doChat(ChatRequest request) {
    return ChatResponse.builder().aiMessage(AiMessage.from("hello")).build();
  }
}
