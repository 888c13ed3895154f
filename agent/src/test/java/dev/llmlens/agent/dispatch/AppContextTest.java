package dev.llmlens.agent.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.baggage.Baggage;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The application's OpenTelemetry context, read once per call: its span and its Baggage come
 * from the one context read. Here the application's API is the unshaded one on the test class
 * path; the agent's own is shaded in the built jar.
 */
class AppContextTest {

  private static final String[] KEYS = {"feature", "user.tier"};

  /** A library object of the application's class loader. */
  static final class Client {}

  private final SdkTracerProvider applicationTracing = SdkTracerProvider.builder().build();

  @AfterEach
  void close() {
    applicationTracing.close();
  }

  @Test
  void theSpanAndTheBaggageComeFromTheContextReadOnce() {
    AppContext application = AppContext.of(new Client());
    Span request = applicationTracing.get("app").spanBuilder("POST /support").startSpan();
    Context withBoth =
        Context.root().with(request).with(Baggage.builder().put("user.tier", "gold").put("feature", "checkout").build());
    Object read;
    try (Scope ignored = withBoth.makeCurrent()) {
      read = application.current();
    } finally {
      request.end();
    }

    // Read after the scope closed: everything is taken from the context read during it.
    io.opentelemetry.api.trace.SpanContext parent = application.parent(read);
    assertThat(parent.getTraceId()).isEqualTo(request.getSpanContext().getTraceId());
    assertThat(parent.getSpanId()).isEqualTo(request.getSpanContext().getSpanId());
    assertThat(parent.isSampled()).isTrue();
    assertThat(parent.isRemote()).isFalse();
    assertThat(application.baggageValues(read, KEYS)).containsExactly("checkout", "gold");
  }

  @Test
  void noSpanAndNoBaggageReadAsNone() {
    AppContext application = AppContext.of(new Client());
    Object read = application.current();

    assertThat(read).as("the root context").isNotNull();
    assertThat(application.parent(read)).isNull();
    assertThat(application.baggageValues(read, KEYS)).isNull();
  }

  @Test
  void baggageWithoutTheConfiguredKeysGivesNoValues() {
    AppContext application = AppContext.of(new Client());
    Object read;
    try (Scope ignored = Baggage.builder().put("tenant", "acme").build().makeCurrent()) {
      read = application.current();
    }

    assertThat(application.baggageValues(read, KEYS)).isNull();
    assertThat(application.baggageValues(read, new String[] {"tenant"})).containsExactly("acme");
  }

  /** A class of the bootstrap class loader, which has no OpenTelemetry API: nothing to read. */
  @Test
  void aClientWhoseClassLoaderHasNoOpenTelemetryApiReadsNothing() {
    AppContext application = AppContext.of("a JDK object");

    assertThat(application).isSameAs(AppContext.NONE);
    assertThat(application.current()).isNull();
    assertThat(application.parent(application.current())).isNull();
    assertThat(application.baggageValues(application.current(), KEYS)).isNull();
    assertThat(AppContext.of(null)).isSameAs(AppContext.NONE);
  }
}
