package dev.llmlens.instrumentation.langchain4j;

import dev.llmlens.instrumentation.api.ObjectAccessor;
import dev.llmlens.instrumentation.api.Operation;
import dev.llmlens.instrumentation.api.OperationReader;
import java.lang.reflect.InvocationTargetException;

/**
 * A tool execution by LangChain4j's {@code DefaultToolExecutor} (the {@code @Tool} methods): the
 * tool name and call id from the {@code ToolExecutionRequest}. LangChain4j catches a tool's
 * exception and hands its message to the model, so the failure is read where the tool method is
 * invoked, and from {@code ToolExecutionResult.isError()} where the version has it.
 */
final class ToolReader implements OperationReader {

  private static final ObjectAccessor NAME = ObjectAccessor.method("name");
  private static final ObjectAccessor ID = ObjectAccessor.method("id");
  private static final ObjectAccessor IS_ERROR = ObjectAccessor.method("isError");

  @Override
  public Operation start(Object executor, Object[] arguments) {
    if (arguments.length == 0) {
      return null;
    }
    Object name = NAME.read(arguments[0]);
    Object id = ID.read(arguments[0]);
    return Operation.tool(
        name instanceof String ? (String) name : "unknown", id instanceof String ? (String) id : null);
  }

  @Override
  public void readResult(Object result, Operation operation) {
    if (operation.failure() == null && Boolean.TRUE.equals(IS_ERROR.read(result))) {
      operation.fail("tool_error");
    }
  }

  /** The tool method threw (reflection wraps it); an access retry is not a failure. */
  @Override
  public void readCaughtFailure(Throwable error, Operation operation) {
    if (error instanceof InvocationTargetException) {
      Throwable cause = error.getCause() != null ? error.getCause() : error;
      operation.fail(cause.getClass().getName());
    }
  }
}
