package dev.llmlens.agent.dispatch;

import dev.llmlens.agent.recorder.Attribution;
import dev.llmlens.agent.recorder.OperationRecorder;
import dev.llmlens.instrumentation.api.Operation;
import dev.llmlens.instrumentation.api.OperationReader;
import io.opentelemetry.api.trace.SpanContext;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Framework operations (agent invocations, tool executions, memory and retrieval steps) per
 * thread, innermost on top. An operation entered again on the same object (an overload
 * delegating to another) is one operation. Every start is matched by an end on the same thread:
 * advice wraps one method.
 */
final class OperationTracker {

  /** Returned for a re-entered operation: its end does nothing. */
  static final Object REENTRY = new Object();

  private final Map<String, OperationReader> readers;
  private final Supplier<OperationRecorder> recorder;
  private final AttributionResolver attribution;
  private final AppLogContext applicationLogs;
  private final ThreadLocal<OperationInProgress> innermost = new ThreadLocal<OperationInProgress>();

  OperationTracker(
      Map<String, OperationReader> readers,
      Supplier<OperationRecorder> recorder,
      AttributionResolver attribution,
      AppLogContext applicationLogs) {
    this.readers = readers;
    this.recorder = recorder;
    this.attribution = attribution;
    this.applicationLogs = applicationLogs;
  }

  /** The operation LLM calls on this thread run in, or {@code null}. */
  OperationInProgress innermost() {
    return innermost.get();
  }

  Object start(String kind, Object target, Object arguments) {
    OperationInProgress enclosing = innermost.get();
    if (enclosing != null && enclosing.isReentry(kind, target)) {
      return REENTRY;
    }
    OperationReader reader = readers.get(kind);
    Operation operation = reader == null ? null : reader.start(target, arguments instanceof Object[] ? (Object[]) arguments : new Object[0]);
    if (operation == null) {
      return null;
    }
    // Inside an agent, everything is the agent's: its feature names the calls its tools make.
    Attribution labels;
    SpanContext parent = null;
    if (enclosing != null) {
      labels = enclosing.attribution;
    } else {
      AppContext application = AppContext.of(target);
      Object context = application.current();
      labels = attribution.resolve(application, context, operation.featureHint());
      parent = application.parent(context);
    }
    OperationInProgress progress = new OperationInProgress(kind, target, reader, operation, labels, enclosing);
    innermost.set(progress);
    progress.inFlight = recorder.get().begin(operation, labels, parent);
    SpanContext span = progress.inFlight.spanContext();
    if (span.isValid()) {
      progress.logScope = applicationLogs.enter(target, span.getTraceId(), span.getSpanId(), span.isSampled());
    }
    return progress;
  }

  void end(OperationInProgress progress, Object result, Throwable error) {
    innermost.set(progress.parent);
    applicationLogs.exit(progress.logScope);
    Operation operation = progress.operation;
    if (error != null) {
      // The tool's own exception, when the library caught it before wrapping it, says more.
      if (operation.failure() == null) {
        operation.fail(error.getClass().getName());
      }
    } else {
      progress.reader.readResult(result, operation);
    }
    if (progress.inFlight != null) {
      recorder.get().end(progress.inFlight, operation);
    }
  }

  void failed(String kind, Throwable error) {
    OperationInProgress progress = innermost.get();
    if (progress != null && progress.kind.equals(kind)) {
      progress.reader.readCaughtFailure(error, progress.operation);
    }
  }
}
