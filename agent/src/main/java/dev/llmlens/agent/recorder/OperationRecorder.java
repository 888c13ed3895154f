package dev.llmlens.agent.recorder;

import static dev.llmlens.agent.recorder.AttributeKeys.*;

import dev.llmlens.instrumentation.api.Operation;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.common.Clock;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.ConcurrentMap;

/**
 * Records framework operations: tools in {@code ai.tool.calls} and {@code ai.tool.duration},
 * agent invocations and component steps in {@code ai.component.duration}. Agents, tools and
 * retrievals get spans in the GenAI conventions ({@code invoke_agent}, {@code execute_tool},
 * {@code retrieval}), made current while they run so the LLM calls inside them are their
 * children. Memory and store writes only get metrics: they are many and short.
 */
public final class OperationRecorder {

  static final String AGENT_COMPONENT = "agent";

  private final Instruments instruments;
  private final Tracer tracer;
  private final AttributionLimits attributionLimits;
  private final LabelLimiter tools;
  private final ConcurrentMap<Labels, Attributes> attributes = new ConcurrentHashMap<Labels, Attributes>();

  private final RecorderThread thread;
  private final Clock clock;
  private final SpanStarts starts;

  OperationRecorder(
      Instruments instruments,
      Tracer tracer,
      AttributionLimits attributionLimits,
      int cardinalityLimit,
      RecorderThread thread,
      SpanStarts starts) {
    this.thread = thread;
    this.starts = starts;
    this.clock = starts.clock();
    this.instruments = instruments;
    this.tracer = tracer;
    this.attributionLimits = attributionLimits;
    this.tools = new LabelLimiter("tool", cardinalityLimit, instruments.labelOverflow);
  }

  /**
   * The operation starts: opens its span, if it has one, in the application's trace when {@code
   * applicationSpan} is given, and makes it current.
   */
  public OperationInFlight begin(Operation operation, Attribution attribution, SpanContext applicationSpan) {
    long startNanos = clock.nanoTime();
    long startEpochNanos = starts.epochNanos(startNanos);
    Attribution limited = attributionLimits.limited(attribution);
    String name = operation.type() == Operation.Type.TOOL ? tools.admit(operation.name()) : operation.name();
    Span span = startSpan(operation, limited, applicationSpan, startEpochNanos);
    return new OperationInFlight(
        name, limited, span, span == null ? null : span.makeCurrent(), startNanos, startEpochNanos);
  }

  /**
   * The operation ended ({@link Operation#failure()} set if it failed): its span stops being
   * current here, and it is recorded once on the recorder thread, after the calls made inside it
   * (so spans end in the order they did). Dropped when the recorder's queue is full.
   */
  public void end(final OperationInFlight inFlight, final Operation operation) {
    final long elapsedNanos = clock.nanoTime() - inFlight.startNanos;
    if (inFlight.scope != null) {
      inFlight.scope.close();
    }
    boolean queued =
        thread.offer(
            new RecorderThread.Event() {
              @Override
              void run() {
                record(inFlight, operation, elapsedNanos);
              }
            });
    if (!queued) {
      thread.countDrop();
      if (inFlight.span != null) {
        // Not recorded: the span still ends, rather than stay open.
        inFlight.span.end();
      }
    }
  }

  private void record(OperationInFlight inFlight, Operation operation, long elapsedNanos) {
    double seconds = elapsedNanos / 1e9;
    String failure = operation.failure();
    if (inFlight.span != null) {
      if (failure != null) {
        inFlight.span.setAttribute(ERROR_TYPE_SEMCONV, failure);
        inFlight.span.setStatus(StatusCode.ERROR);
      }
      inFlight.span.end(inFlight.startEpochNanos + elapsedNanos, TimeUnit.NANOSECONDS);
    }
    Attributes labels = labels(operation, inFlight, failure != null);
    if (operation.type() == Operation.Type.TOOL) {
      instruments.toolCalls.add(1, labels);
      instruments.toolDuration.record(seconds, labels, inSpan(inFlight));
    } else {
      instruments.componentDuration.record(seconds, labels, inSpan(inFlight));
    }
  }

  /** Measured in the operation's span, when it has one: its trace id becomes an exemplar. */
  private static Context inSpan(OperationInFlight inFlight) {
    return inFlight.span == null ? Context.root() : Context.root().with(inFlight.span);
  }

  private Span startSpan(Operation operation, Attribution attribution, SpanContext applicationSpan, long startEpochNanos) {
    SpanBuilder builder;
    switch (operation.type()) {
      case AGENT:
        builder =
            tracer.spanBuilder("invoke_agent " + operation.name())
                .setSpanKind(SpanKind.INTERNAL)
                .setAttribute(GEN_AI_AGENT_NAME, operation.name());
        break;
      case TOOL:
        builder =
            tracer.spanBuilder("execute_tool " + operation.name())
                .setSpanKind(SpanKind.INTERNAL)
                .setAttribute(GEN_AI_TOOL_NAME, operation.name())
                .setAttribute(GEN_AI_TOOL_TYPE, "function");
        if (operation.toolCallId() != null) {
          builder.setAttribute(GEN_AI_TOOL_CALL_ID, operation.toolCallId());
        }
        break;
      default:
        if (!operation.isRetrieval()) {
          return null;
        }
        builder =
            tracer.spanBuilder("retrieval " + operation.dataSource())
                .setSpanKind(SpanKind.CLIENT)
                .setAttribute(GEN_AI_DATA_SOURCE_ID, operation.dataSource());
        break;
    }
    builder.setParent(SpanParents.parentFor(applicationSpan));
    builder.setStartTimestamp(startEpochNanos, TimeUnit.NANOSECONDS);
    builder.setAttribute(GEN_AI_OPERATION_NAME, operation.isRetrieval() ? "retrieval" : operation.step());
    builder.setAttribute(FEATURE, attribution.feature);
    return builder.startSpan();
  }

  private Attributes labels(Operation operation, OperationInFlight inFlight, boolean failed) {
    Labels key = new Labels(operation.type(), inFlight.name, operation.step(), inFlight.attribution, failed);
    Attributes known = attributes.get(key);
    if (known != null) {
      return known;
    }
    AttributesBuilder builder = Attributes.builder();
    if (operation.type() == Operation.Type.TOOL) {
      builder.put(TOOL, inFlight.name);
    } else {
      builder.put(COMPONENT, operation.type() == Operation.Type.AGENT ? AGENT_COMPONENT : inFlight.name);
      builder.put(OPERATION, operation.step());
    }
    inFlight.attribution.putInto(builder);
    builder.put(STATUS, failed ? "error" : "success");
    Attributes created = builder.build();
    Attributes raced = attributes.putIfAbsent(key, created);
    return raced == null ? created : raced;
  }

  /** What an operation's metric attributes are cached by. */
  private static final class Labels {
    private final Operation.Type type;
    private final String name;
    private final String step;
    private final Attribution attribution;
    private final boolean failed;
    private final int hash;

    Labels(Operation.Type type, String name, String step, Attribution attribution, boolean failed) {
      this.type = type;
      this.name = name;
      this.step = step;
      this.attribution = attribution;
      this.failed = failed;
      this.hash = ((type.hashCode() * 31 + name.hashCode()) * 31 + step.hashCode()) * 31 + attribution.hashCode() + (failed ? 1 : 0);
    }

    @Override
    public boolean equals(Object other) {
      if (!(other instanceof Labels)) {
        return false;
      }
      Labels that = (Labels) other;
      return hash == that.hash
          && type == that.type
          && failed == that.failed
          && name.equals(that.name)
          && step.equals(that.step)
          && attribution.equals(that.attribution);
    }

    @Override
    public int hashCode() {
      return hash;
    }
  }
}
