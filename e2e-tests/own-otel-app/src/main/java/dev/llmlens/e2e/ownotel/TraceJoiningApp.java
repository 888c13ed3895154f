package dev.llmlens.e2e.ownotel;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import java.util.Collections;
import java.util.Map;

/**
 * A service with tracing of its own (OpenTelemetry API and SDK 1.40), the way a web service has
 * it: it handles "POST /support" in a server span of its own, and it continues a trace whose
 * {@code traceparent} came in with a request. It makes one chat call in each, and one outside any
 * trace, and prints the ids it had current ({@code APP ...} lines) so a test can compare them
 * with the spans the agent exported. Argument: the OpenAI base URL, then the incoming {@code
 * traceparent}.
 */
public final class TraceJoiningApp {

  private TraceJoiningApp() {}

  private static final TextMapGetter<Map<String, String>> HEADERS =
      new TextMapGetter<Map<String, String>>() {
        @Override
        public Iterable<String> keys(Map<String, String> carrier) {
          return carrier.keySet();
        }

        @Override
        public String get(Map<String, String> carrier, String key) {
          return carrier == null ? null : carrier.get(key);
        }
      };

  public static void main(String[] args) {
    OpenTelemetrySdk own =
        OpenTelemetrySdk.builder().setTracerProvider(SdkTracerProvider.builder().build()).buildAndRegisterGlobal();
    Tracer tracer = own.getTracer("support-bot");
    OpenAIClient client = OpenAIOkHttpClient.builder().baseUrl(args[0]).apiKey("sk-test").maxRetries(0).build();
    try {
      Span server = tracer.spanBuilder("POST /support").setSpanKind(SpanKind.SERVER).startSpan();
      try (Scope scope = server.makeCurrent()) {
        call(client, "in-own-span");
        System.out.println("APP in-own-span " + server.getSpanContext().getTraceId() + " " + server.getSpanContext().getSpanId());
      } finally {
        server.end();
      }

      Context incoming =
          W3CTraceContextPropagator.getInstance()
              .extract(Context.root(), Collections.singletonMap("traceparent", args[1]), HEADERS);
      try (Scope scope = incoming.makeCurrent()) {
        call(client, "in-propagated-context");
        System.out.println("APP in-propagated-context " + Span.current().getSpanContext().getTraceId() + " "
            + Span.current().getSpanContext().getSpanId());
      }

      call(client, "outside");
    } finally {
      client.close();
    }
    System.out.println("SCENARIO DONE");
  }

  /** A chat call whose user message names the case, so the test can tell the spans apart. */
  private static void call(OpenAIClient client, String name) {
    client.chat().completions().create(
        ChatCompletionCreateParams.builder().model("gpt-4o").addUserMessage(name).build());
  }
}
