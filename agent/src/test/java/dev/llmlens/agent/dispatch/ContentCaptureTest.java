package dev.llmlens.agent.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmlens.agent.config.AttributionRule;
import dev.llmlens.agent.recorder.TestTelemetry;
import dev.llmlens.instrumentation.api.ContentReader;
import dev.llmlens.instrumentation.api.ErrorType;
import dev.llmlens.instrumentation.api.GenAiMessages;
import dev.llmlens.instrumentation.api.LlmCall;
import dev.llmlens.instrumentation.api.LlmCallReader;
import dev.llmlens.instrumentation.api.OperationReader;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.util.Collections;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@code llmlens.capture.content}: off, spans carry no message; on, the request's and the
 * response's messages are on the call's span, in the conventions' attributes, and never on a
 * metric.
 */
class ContentCaptureTest {

  private static final String KIND = "test.chat";
  private static final AttributeKey<String> INPUT = AttributeKey.stringKey("gen_ai.input.messages");
  private static final AttributeKey<String> OUTPUT = AttributeKey.stringKey("gen_ai.output.messages");

  /** The request is the user's text; the response the assistant's. */
  static final class TextReader implements LlmCallReader, ContentReader {
    @Override
    public LlmCall start(Object client, Object request) {
      LlmCall call = new LlmCall("openai", "chat");
      call.requestModel("gpt-4o");
      return call;
    }

    @Override
    public void readResponse(Object response, LlmCall call) {}

    @Override
    public ErrorType classify(Throwable error) {
      return ErrorType.OTHER;
    }

    @Override
    public void readInputMessages(Object request, GenAiMessages messages) {
      messages.add("user", (String) request, null);
    }

    @Override
    public void readOutputMessages(Object response, GenAiMessages messages) {
      messages.add("assistant", (String) response, "stop");
    }
  }

  private final TestTelemetry telemetry = new TestTelemetry(100);

  private LlmCallDispatcher dispatcher(boolean capture) {
    return new LlmCallDispatcher(
            Collections.<String, LlmCallReader>singletonMap(KIND, new TextReader()),
            Collections.<String, OperationReader>emptyMap(),
            telemetry::recorder,
            new AttributionResolver("support", Collections.<AttributionRule>emptyList(), Collections.<String>emptyList()))
        .captureContent(capture);
  }

  @AfterEach
  void close() {
    telemetry.close();
  }

  @Test
  void offByDefaultNoMessageReachesTheSpan() {
    LlmCallDispatcher dispatcher = dispatcher(false);
    dispatcher.onEnd(dispatcher.onStart(KIND, new Object(), "Where is my order?"), "On its way.", null);

    SpanData span = telemetry.spans().get(0);
    assertThat(span.getAttributes().get(INPUT)).isNull();
    assertThat(span.getAttributes().get(OUTPUT)).isNull();
  }

  @Test
  void onTheSpanCarriesTheMessagesAndNoMetricDoes() {
    LlmCallDispatcher dispatcher = dispatcher(true);
    dispatcher.onEnd(dispatcher.onStart(KIND, new Object(), "Where is my order?"), "On its way.", null);

    SpanData span = telemetry.spans().get(0);
    assertThat(span.getAttributes().get(INPUT))
        .isEqualTo("[{\"role\":\"user\",\"parts\":[{\"type\":\"text\",\"content\":\"Where is my order?\"}]}]");
    assertThat(span.getAttributes().get(OUTPUT))
        .isEqualTo(
            "[{\"role\":\"assistant\",\"parts\":[{\"type\":\"text\",\"content\":\"On its way.\"}],\"finish_reason\":\"stop\"}]");
    assertThat(telemetry.collect().longSums("ai.requests").keySet().toString()).doesNotContain("order", "its way");
  }

  @Test
  void aFailedCallHasItsInputButNoOutput() {
    LlmCallDispatcher dispatcher = dispatcher(true);
    dispatcher.onEnd(dispatcher.onStart(KIND, new Object(), "Where is my order?"), null, new RuntimeException("429"));

    SpanData span = telemetry.spans().get(0);
    assertThat(span.getAttributes().get(INPUT)).contains("Where is my order?");
    assertThat(span.getAttributes().get(OUTPUT)).isNull();
  }
}
