package dev.llmlens.agent.recorder;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.context.Context;

/**
 * Where an llmlens span hangs: under the llmlens span current on this thread (an agent
 * invocation or a tool running the call), else under the application's own current span (its
 * trace, read from its OpenTelemetry API), else it starts a trace.
 */
final class SpanParents {

  private SpanParents() {}

  static Context parentFor(SpanContext applicationSpan) {
    if (applicationSpan == null || Span.current().getSpanContext().isValid()) {
      return Context.current();
    }
    return Context.root().with(Span.wrap(applicationSpan));
  }
}
