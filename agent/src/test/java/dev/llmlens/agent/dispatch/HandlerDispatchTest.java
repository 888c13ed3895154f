package dev.llmlens.agent.dispatch;

import static dev.llmlens.agent.MetricsContract.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import dev.llmlens.agent.config.AttributionRule;
import dev.llmlens.agent.recorder.TestTelemetry;
import dev.llmlens.instrumentation.api.ErrorType;
import dev.llmlens.instrumentation.api.LlmCall;
import dev.llmlens.instrumentation.api.LlmCallReader;
import dev.llmlens.instrumentation.api.OperationReader;
import io.opentelemetry.api.common.Attributes;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Streaming calls that report through a callback handler (LangChain4j's {@code
 * StreamingChatResponseHandler}): the dispatcher stands in for the application's handler with a
 * proxy of its interface, hears each callback first, passes it on unchanged, and ends the call
 * exactly once: on completion, on error, or when the starting method throws.
 */
class HandlerDispatchTest {

  private static final String KIND = "test.streaming";

  /** The library's handler interface, as LangChain4j declares its own. */
  public interface Handler {
    void onPartialResponse(String partial);

    void onCompleteResponse(Object response);

    void onError(Throwable error);

    default String describe() {
      return "handler";
    }
  }

  /** What the application's own handler saw. */
  static final class AppHandler implements Handler {
    final List<String> seen = new ArrayList<>();
    RuntimeException throwOnPartial;

    @Override
    public void onPartialResponse(String partial) {
      seen.add("partial " + partial);
      if (throwOnPartial != null) {
        throw throwOnPartial;
      }
    }

    @Override
    public void onCompleteResponse(Object response) {
      seen.add("complete " + response);
    }

    @Override
    public void onError(Throwable error) {
      seen.add("error " + error.getMessage());
    }
  }

  /** A reader for handler calls: the response is "model:input:output". */
  static final class HandlerReader implements LlmCallReader {
    @Override
    public LlmCall start(Object client, Object request) {
      LlmCall call = new LlmCall("openai", "chat");
      call.requestModel((String) request);
      return call;
    }

    @Override
    public void readResponse(Object response, LlmCall call) {
      String[] parts = ((String) response).split(":");
      call.responseModel(parts[0]);
      call.tokens(Long.parseLong(parts[1]), Long.parseLong(parts[2]));
    }

    @Override
    public ErrorType classify(Throwable error) {
      return ErrorType.RATE_LIMIT;
    }

    @Override
    public boolean isContent(Object part) {
      return part instanceof String && !((String) part).isEmpty();
    }

    @Override
    public String handlerInterface() {
      return Handler.class.getName();
    }
  }

  private final TestTelemetry telemetry = new TestTelemetry(100);
  private final LlmCallDispatcher dispatcher =
      new LlmCallDispatcher(
          Collections.<String, LlmCallReader>singletonMap(KIND, new HandlerReader()),
          Collections.<String, OperationReader>emptyMap(),
          telemetry::recorder,
          new AttributionResolver("support", Collections.<AttributionRule>emptyList(), Collections.<String>emptyList()));

  @AfterEach
  void close() {
    telemetry.close();
  }

  private Map<Attributes, Long> requests() {
    telemetry.collect();
    return telemetry.metricNames().contains("ai.requests")
        ? telemetry.longSums("ai.requests")
        : Collections.<Attributes, Long>emptyMap();
  }

  private long active() {
    telemetry.collect();
    return telemetry.longSums("ai.active_requests").values().stream().mapToLong(Long::longValue).sum();
  }

  @Test
  void theApplicationGetsEveryCallbackAndTheCallEndsWhenTheHandlerHearsItsEnd() {
    AppHandler app = new AppHandler();
    Object call = dispatcher.onStart(KIND, new Object(), "gpt-4o-mini");
    Handler observed = (Handler) dispatcher.onHandler(call, app);
    dispatcher.onEndWithHandler(call, null);

    assertThat(observed).isNotSameAs(app);
    assertThat(active()).as("returned, but the stream goes on").isEqualTo(1);

    observed.onPartialResponse("");
    observed.onPartialResponse("Hel");
    observed.onPartialResponse("lo");
    observed.onCompleteResponse("gpt-4o-mini-2024-07-18:11:2");

    assertThat(app.seen)
        .containsExactly("partial ", "partial Hel", "partial lo", "complete gpt-4o-mini-2024-07-18:11:2");
    assertThat(observed.describe()).as("default methods reach the application's handler").isEqualTo("handler");
    assertThat(requests()).containsExactly(entry(requests("gpt-4o-mini", "success"), 1L));
    assertThat(telemetry.longSums("ai.tokens"))
        .containsEntry(tokens("gpt-4o-mini", "input"), 11L)
        .containsEntry(tokens("gpt-4o-mini", "output"), 2L);
    assertThat(telemetry.histogram("ai.time_to_first_token").values().iterator().next().getCount()).isEqualTo(1);
    assertThat(active()).isZero();
  }

  @Test
  void aHandlerThatThrowsGetsItsOwnExceptionBackAndTheCallStillEndsOnce() {
    AppHandler app = new AppHandler();
    RuntimeException own = new IllegalStateException("the application's bug");
    app.throwOnPartial = own;
    Object call = dispatcher.onStart(KIND, new Object(), "gpt-4o");
    Handler observed = (Handler) dispatcher.onHandler(call, app);
    dispatcher.onEndWithHandler(call, null);

    assertThatThrownBy(() -> observed.onPartialResponse("Hel")).isSameAs(own);
    // LangChain4j hands a handler's exception to the same handler's onError, streams on to the
    // completion, and may report errors after it.
    observed.onError(own);
    observed.onCompleteResponse("gpt-4o:5:1");
    observed.onError(new RuntimeException("late"));

    assertThat(app.seen)
        .containsExactly("partial Hel", "error the application's bug", "complete gpt-4o:5:1", "error late");
    assertThat(telemetry.collect().longSums("ai.tokens")).containsEntry(tokens("gpt-4o", "input"), 5L);
    assertThat(requests()).containsExactly(entry(requests("gpt-4o", "success"), 1L));
    assertThat(active()).isZero();
  }

  @Test
  void anErrorEndsTheCallOnceWithItsType() {
    AppHandler app = new AppHandler();
    Object call = dispatcher.onStart(KIND, new Object(), "gpt-4o");
    Handler observed = (Handler) dispatcher.onHandler(call, app);
    dispatcher.onEndWithHandler(call, null);

    observed.onError(new RuntimeException("429"));
    observed.onError(new RuntimeException("again"));

    assertThat(requests()).containsExactly(entry(requests("gpt-4o", "error"), 1L));
    assertThat(telemetry.longSums("ai.errors")).containsExactly(entry(errors("gpt-4o", "rate_limit"), 1L));
    assertThat(app.seen).containsExactly("error 429", "error again");
  }

  @Test
  void aStartThatThrowsEndsTheCallAndLaterCallbacksAreNotCountedAgain() {
    AppHandler app = new AppHandler();
    Object call = dispatcher.onStart(KIND, new Object(), "gpt-4o");
    Handler observed = (Handler) dispatcher.onHandler(call, app);
    dispatcher.onEndWithHandler(call, new RuntimeException("refused"));
    observed.onError(new RuntimeException("refused"));

    assertThat(requests()).containsExactly(entry(requests("gpt-4o", "error"), 1L));
    assertThat(active()).isZero();
  }

  @Test
  void aNestedCallKeepsTheHandlerAndIsNotCounted() {
    AppHandler app = new AppHandler();
    Object outer = dispatcher.onStart(KIND, new Object(), "gpt-4o");
    Handler observed = (Handler) dispatcher.onHandler(outer, app);
    Object inner = dispatcher.onStart(KIND, new Object(), "gpt-4o");

    assertThat(dispatcher.onHandler(inner, observed)).isSameAs(observed);
    dispatcher.onEndWithHandler(inner, null);
    dispatcher.onEndWithHandler(outer, null);
    observed.onCompleteResponse("gpt-4o:3:4");

    assertThat(requests()).containsExactly(entry(requests("gpt-4o", "success"), 1L));
  }

  @Test
  void aHandlerOfAnotherInterfaceIsLeftAloneAndTheCallEndsAtReturn() {
    Runnable unrelated = () -> {};
    Object call = dispatcher.onStart(KIND, new Object(), "gpt-4o");

    assertThat(dispatcher.onHandler(call, unrelated)).isSameAs(unrelated);
    dispatcher.onEndWithHandler(call, null);

    assertThat(requests()).containsExactly(entry(requests("gpt-4o", "success"), 1L));
    assertThat(active()).as("never left active").isZero();
  }

  private static Attributes tokens(String model, String direction) {
    return Attributes.builder()
        .put(PROVIDER, "openai")
        .put(MODEL, model)
        .put(FEATURE, "support")
        .put(DIRECTION, direction)
        .build();
  }

  private static Attributes requests(String model, String status) {
    return Attributes.builder()
        .put(PROVIDER, "openai")
        .put(OPERATION, "chat")
        .put(MODEL, model)
        .put(FEATURE, "support")
        .put(STATUS, status)
        .build();
  }

  private static Attributes errors(String model, String errorType) {
    return Attributes.builder()
        .put(PROVIDER, "openai")
        .put(OPERATION, "chat")
        .put(MODEL, model)
        .put(FEATURE, "support")
        .put(ERROR_TYPE, errorType)
        .build();
  }
}
