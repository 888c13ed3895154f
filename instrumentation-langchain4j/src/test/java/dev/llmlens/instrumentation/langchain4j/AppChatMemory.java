package dev.llmlens.instrumentation.langchain4j;

import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.memory.ChatMemory;
import java.util.ArrayList;
import java.util.List;

/** An application's own chat memory: a {@code ChatMemory} outside LangChain4j's packages. */
class AppChatMemory implements ChatMemory {

  private final List<ChatMessage> messages = new ArrayList<>();

  @Override
  public Object id() {
    return "default";
  }

  @Override
  public void add(ChatMessage message) {
    messages.add(message);
  }

  @Override
  public List<ChatMessage> messages() {
    return new ArrayList<>(messages);
  }

  @Override
  public void clear() {
    messages.clear();
  }
}
