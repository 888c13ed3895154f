package dev.llmlens.instrumentation.langchain4j;

import static org.assertj.core.api.Assertions.assertThat;

import dev.langchain4j.service.memory.ChatMemoryAccess;
import dev.llmlens.instrumentation.api.Operation;
import java.lang.reflect.Method;
import org.junit.jupiter.api.Test;

class AiServiceReaderTest {

  /** An application's AI service interface. */
  interface SupportAgent extends ChatMemoryAccess {
    String answer(String question);

    default String greet() {
      return "Hello";
    }
  }

  private final AiServiceReader reader = new AiServiceReader();

  /** What LangChain4j's proxy handler receives: {@code (proxy, method, args)}. */
  private Operation invoke(Method method, Object... args) {
    return reader.start(new Object(), new Object[] {new Object(), method, args});
  }

  @Test
  void anInterfaceMethodIsAnAgentInvocation() throws Exception {
    Operation operation = invoke(SupportAgent.class.getMethod("answer", String.class), "Where is my order?");

    assertThat(operation.type()).isEqualTo(Operation.Type.AGENT);
    assertThat(operation.name()).isEqualTo("SupportAgent");
    assertThat(operation.step()).isEqualTo("invoke_agent");
    assertThat(operation.featureHint()).isEqualTo("SupportAgent.answer");
    assertThat(operation.toolCallId()).isNull();
    assertThat(operation.isRetrieval()).isFalse();
  }

  @Test
  void objectMethodsAreNot() throws Exception {
    assertThat(invoke(Object.class.getMethod("toString"))).isNull();
    assertThat(invoke(Object.class.getMethod("hashCode"))).isNull();
  }

  @Test
  void defaultMethodsAreNot() throws Exception {
    assertThat(invoke(SupportAgent.class.getMethod("greet"))).isNull();
  }

  @Test
  void langChain4jsOwnInterfaceMethodsAreNot() throws Exception {
    Method getChatMemory = SupportAgent.class.getMethod("getChatMemory", Object.class);

    assertThat(getChatMemory.getDeclaringClass()).isEqualTo(ChatMemoryAccess.class);
    assertThat(invoke(getChatMemory, "user-1")).isNull();
  }

  @Test
  void tooFewOrUnexpectedArguments() {
    assertThat(reader.start(new Object(), new Object[0])).isNull();
    assertThat(reader.start(new Object(), new Object[] {new Object()})).isNull();
    assertThat(reader.start(new Object(), new Object[] {new Object(), "answer", new Object[0]})).isNull();
  }
}
