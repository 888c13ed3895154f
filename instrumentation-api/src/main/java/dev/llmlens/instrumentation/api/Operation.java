package dev.llmlens.instrumentation.api;

/**
 * A framework operation around LLM calls, as an {@link OperationReader} understood it: an agent
 * invocation, a tool execution, or a step of a component (memory, embedding store, retriever).
 * The agent times it, gives it a span and attributes the LLM calls made inside it to it.
 */
public final class Operation {

  /** What an operation is; each type has its own metrics. */
  public enum Type {
    /** {@code invoke_agent}: an AI service method; names the feature of the calls inside it. */
    AGENT,
    /** {@code execute_tool}: one tool run at the model's request. */
    TOOL,
    /** One step of a component: chat memory, embedding store, content retriever. */
    COMPONENT
  }

  private final Type type;
  private final String name;
  private final String step;
  private String toolCallId;
  private String featureHint;
  private String dataSource;
  private String failure;

  /**
   * @param name the agent (an interface's simple name), the tool, or the component ({@code
   *     embedding_store}, {@code chat_memory}, {@code content_retriever})
   * @param step what was done: {@code invoke_agent}, {@code execute_tool}, or the component's
   *     operation ({@code search}, {@code add}...)
   */
  public Operation(Type type, String name, String step) {
    this.type = type;
    this.name = name;
    this.step = step;
  }

  public static Operation agent(String agentName, String method) {
    Operation operation = new Operation(Type.AGENT, agentName, "invoke_agent");
    operation.featureHint = agentName + "." + method;
    return operation;
  }

  public static Operation tool(String toolName, String callId) {
    Operation operation = new Operation(Type.TOOL, toolName, "execute_tool");
    operation.toolCallId = callId;
    return operation;
  }

  public static Operation component(String component, String step) {
    return new Operation(Type.COMPONENT, component, step);
  }

  public Type type() {
    return type;
  }

  public String name() {
    return name;
  }

  public String step() {
    return step;
  }

  public String toolCallId() {
    return toolCallId;
  }

  /** The feature this operation names when neither Baggage nor a caller rule names one. */
  public String featureHint() {
    return featureHint;
  }

  /**
   * Marks a component step that looks up grounding data ({@code retrieval} in the GenAI
   * conventions), which gets a span; other component steps only get metrics.
   */
  public Operation retrieval(String dataSource) {
    this.dataSource = dataSource == null ? name : dataSource;
    return this;
  }

  public boolean isRetrieval() {
    return dataSource != null;
  }

  /** For a retrieval: the data source ({@code gen_ai.data_source.id}). */
  public String dataSource() {
    return dataSource;
  }

  /** The operation failed, though maybe nothing was thrown: {@code errorType} names how. */
  public void fail(String errorType) {
    this.failure = errorType;
  }

  /** {@code null} while it has not failed. */
  public String failure() {
    return failure;
  }
}
