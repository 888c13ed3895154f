package dev.llmlens.instrumentation.langchain4j;

import static org.assertj.core.api.Assertions.assertThat;

import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.service.tool.ToolExecutionResult;
import dev.llmlens.instrumentation.api.Operation;
import java.lang.reflect.InvocationTargetException;
import org.junit.jupiter.api.Test;

class ToolReaderTest {

  private static final ToolExecutionRequest REQUEST =
      ToolExecutionRequest.builder().id("call_1").name("slowTool").arguments("{}").build();

  private final ToolReader reader = new ToolReader();

  private Operation start() {
    return reader.start(new Object(), new Object[] {REQUEST, "memory-1"});
  }

  @Test
  void toolNameAndCallIdFromTheRequest() {
    Operation operation = start();

    assertThat(operation.type()).isEqualTo(Operation.Type.TOOL);
    assertThat(operation.name()).isEqualTo("slowTool");
    assertThat(operation.step()).isEqualTo("execute_tool");
    assertThat(operation.toolCallId()).isEqualTo("call_1");
    assertThat(operation.failure()).isNull();
  }

  @Test
  void requestWithoutIdOrName() {
    Operation operation = reader.start(new Object(), new Object[] {ToolExecutionRequest.builder().arguments("{}").build()});

    assertThat(operation.name()).isEqualTo("unknown");
    assertThat(operation.toolCallId()).isNull();
    assertThat(reader.start(new Object(), new Object[0])).isNull();
  }

  @Test
  void anErrorResultIsAFailure() {
    Operation operation = start();

    reader.readResult(ToolExecutionResult.builder().isError(true).resultText("Error: boom").build(), operation);

    assertThat(operation.failure()).isEqualTo("tool_error");
  }

  @Test
  void aSuccessfulResultIsNot() {
    Operation operation = start();

    reader.readResult(ToolExecutionResult.builder().result("42").resultText("42").build(), operation);
    reader.readResult("42", operation);
    reader.readResult(null, operation);

    assertThat(operation.failure()).isNull();
  }

  @Test
  void theToolMethodsExceptionIsTheFailure() {
    Operation operation = start();

    reader.readCaughtFailure(new InvocationTargetException(new IllegalStateException("no stock")), operation);
    reader.readResult(ToolExecutionResult.builder().isError(true).resultText("no stock").build(), operation);

    assertThat(operation.failure()).isEqualTo("java.lang.IllegalStateException");
  }

  @Test
  void anAccessRetryIsNotAFailure() {
    Operation operation = start();

    reader.readCaughtFailure(new IllegalAccessException("private method"), operation);

    assertThat(operation.failure()).isNull();
  }
}
