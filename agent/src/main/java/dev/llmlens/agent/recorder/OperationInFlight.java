package dev.llmlens.agent.recorder;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Scope;

/**
 * A framework operation between start and end: its labels after cardinality limiting, its span
 * (if the operation has one) made current so that the LLM calls inside it become its children,
 * and when it began.
 */
public final class OperationInFlight {

  final String name;
  final Attribution attribution;
  final Span span;
  final Scope scope;
  final long startNanos;
  /** The span's start timestamp: its end is this plus the elapsed {@code nanoTime}. */
  final long startEpochNanos;

  /** The operation's span, or an invalid context when it has none. */
  public io.opentelemetry.api.trace.SpanContext spanContext() {
    return span == null ? io.opentelemetry.api.trace.SpanContext.getInvalid() : span.getSpanContext();
  }

  OperationInFlight(String name, Attribution attribution, Span span, Scope scope, long startNanos, long startEpochNanos) {
    this.startEpochNanos = startEpochNanos;
    this.name = name;
    this.attribution = attribution;
    this.span = span;
    this.scope = scope;
    this.startNanos = startNanos;
  }
}
