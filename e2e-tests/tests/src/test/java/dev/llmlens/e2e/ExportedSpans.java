package dev.llmlens.e2e;

import dev.llmlens.e2e.fixture.MetricsView;
import io.opentelemetry.proto.trace.v1.Span;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/** Reading OTLP spans the way a trace backend shows them: hex ids, attributes, order of start. */
final class ExportedSpans {

  private ExportedSpans() {}

  static String traceId(Span span) {
    return MetricsView.hex(span.getTraceId());
  }

  static String spanId(Span span) {
    return MetricsView.hex(span.getSpanId());
  }

  /** The parent's span id, or "" for a root span. */
  static String parentId(Span span) {
    return MetricsView.hex(span.getParentSpanId());
  }

  static Map<String, String> attributes(Span span) {
    return MetricsView.attributes(span.getAttributesList());
  }

  static long durationNanos(Span span) {
    return span.getEndTimeUnixNano() - span.getStartTimeUnixNano();
  }

  /** Sequential calls' spans in the order the calls were made. */
  static List<Span> byStart(List<Span> spans) {
    return spans.stream().sorted(Comparator.comparingLong(Span::getStartTimeUnixNano)).toList();
  }

  static Span named(List<Span> spans, String name) {
    return spans.stream()
        .filter(span -> span.getName().equals(name))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no span named " + name + " in " + spans.stream().map(Span::getName).toList()));
  }
}
