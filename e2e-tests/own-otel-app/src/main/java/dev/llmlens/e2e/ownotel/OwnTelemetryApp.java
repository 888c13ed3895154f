package dev.llmlens.e2e.ownotel;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.baggage.Baggage;
import io.opentelemetry.context.Scope;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import net.bytebuddy.ByteBuddy;
import net.bytebuddy.implementation.FixedValue;
import net.bytebuddy.matcher.ElementMatchers;

/**
 * A service with its own OpenTelemetry SDK (an older line than the agent's) installed as the
 * global one, and its own ByteBuddy. It prints what its own telemetry and code generation saw,
 * around chat calls, so a test can check that the agent changed none of it.
 */
public final class OwnTelemetryApp {

  /** {@code -Downotel.featurePrefix}: what each Baggage feature value starts with. */
  private static final String FEATURE_PREFIX = System.getProperty("ownotel.featurePrefix", "feature-");

  private OwnTelemetryApp() {}

  /**
   * One call per distinct {@code feature} in the request's Baggage, as a service does that puts
   * its endpoint or tenant there: the agent must keep the label's values under its limit.
   */
  private static void callsWithBaggage(String baseUrl, int features) {
    OpenAIClient client = OpenAIOkHttpClient.builder().baseUrl(baseUrl).apiKey("sk-test").maxRetries(0).build();
    try {
      for (int i = 0; i < features; i++) {
        Baggage baggage = Baggage.builder().put("feature", FEATURE_PREFIX + i).put("user.tier", i % 2 == 0 ? "gold" : "free").build();
        try (Scope scope = baggage.makeCurrent()) {
          client.chat().completions().create(
              ChatCompletionCreateParams.builder().model("gpt-4o").addUserMessage("hello").build());
        }
      }
    } finally {
      client.close();
    }
    System.out.println("BAGGAGE CALLS " + features);
  }

  public static void main(String[] args) throws Exception {
    InMemoryMetricReader metrics = InMemoryMetricReader.create();
    InMemorySpanExporter spans = InMemorySpanExporter.create();
    OpenTelemetrySdk own =
        OpenTelemetrySdk.builder()
            .setMeterProvider(SdkMeterProvider.builder().registerMetricReader(metrics).build())
            .setTracerProvider(SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(spans)).build())
            .buildAndRegisterGlobal();

    Class<?> generated =
        new ByteBuddy()
            .subclass(Object.class)
            .method(ElementMatchers.named("toString"))
            .intercept(FixedValue.value("made by the app's ByteBuddy"))
            .make()
            .load(OwnTelemetryApp.class.getClassLoader())
            .getLoaded();
    String jar = ByteBuddy.class.getProtectionDomain().getCodeSource().getLocation().getPath();
    System.out.println("BYTEBUDDY " + jar.substring(jar.lastIndexOf('/') + 1) + " " + generated.getDeclaredConstructor().newInstance());

    OpenAIClient client = OpenAIOkHttpClient.builder().baseUrl(args[0]).apiKey("sk-test").maxRetries(0).build();
    try {
      Span span = GlobalOpenTelemetry.getTracer("support-bot").spanBuilder("handle-ticket").startSpan();
      for (int i = 0; i < 2; i++) {
        client.chat().completions().create(
            ChatCompletionCreateParams.builder().model("gpt-4o").addUserMessage("hello " + i).build());
        GlobalOpenTelemetry.getMeter("support-bot").counterBuilder("tickets.handled").build().add(1);
      }
      span.end();
    } finally {
      client.close();
    }
    int features = args.length > 1 ? Integer.parseInt(args[1]) : 0;
    if (features > 0) {
      callsWithBaggage(args[0], features);
    }
    System.out.println("OWN SPANS " + spans.getFinishedSpanItems().size() + " " + spans.getFinishedSpanItems().get(0).getName());
    System.out.println("OWN METRICS " + metrics.collectAllMetrics().iterator().next().getName() + " "
        + metrics.collectAllMetrics().size());
    // Registering as global succeeded above, so the agent did not take the global slot.
    System.out.println("OWN SDK " + own.getClass().getName());
    System.out.println("SCENARIO DONE");
  }
}
