package dev.llmlens.agent.recorder;

import io.opentelemetry.api.trace.Span;

/** A call between start and end: its series as known at start, its span, and when it began. */
public final class InFlight {

  final Series series;
  final Span span;
  final long startNanos;

  /** The call's span: its ids go into the application's logging context. */
  public io.opentelemetry.api.trace.SpanContext spanContext() {
    return span.getSpanContext();
  }

  InFlight(Series series, Span span, long startNanos) {
    this.series = series;
    this.span = span;
    this.startNanos = startNanos;
  }
}
