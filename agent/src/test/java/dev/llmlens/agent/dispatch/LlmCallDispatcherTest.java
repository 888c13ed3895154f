package dev.llmlens.agent.dispatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.entry;

import dev.llmlens.agent.config.AttributionRule;
import dev.llmlens.agent.recorder.LlmCallRecorder;
import dev.llmlens.agent.recorder.TestTelemetry;
import dev.llmlens.instrumentation.api.ErrorType;
import dev.llmlens.instrumentation.api.LlmCall;
import dev.llmlens.instrumentation.api.LlmCallReader;
import static dev.llmlens.agent.MetricsContract.*;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class LlmCallDispatcherTest {

  private static final String KIND = "test.chat";
  private static final Object CLIENT = new Object();


  /** What a library's response carries. */
  static final class Response {
    final String model;
    final long input;
    final long output;

    Response(String model, long input, long output) {
      this.model = model;
      this.input = input;
      this.output = output;
    }
  }

  /** Our own reader interface, implemented plainly; it records what the dispatcher hands it. */
  static final class FakeReader implements LlmCallReader {
    final AtomicInteger starts = new AtomicInteger();
    final List<Throwable> classified = new CopyOnWriteArrayList<>();
    /** The threads the requests were read on. */
    final List<String> requestsReadOn = new CopyOnWriteArrayList<>();
    volatile boolean failOnStart;
    volatile boolean failOnRequest;
    volatile boolean failOnResponse;
    volatile boolean failOnClassify;
    volatile boolean classifyAsNull;

    @Override
    public LlmCall start(Object client, Object request) {
      starts.incrementAndGet();
      if (failOnStart) {
        throw new IllegalStateException("reader cannot read the request");
      }
      return new LlmCall("openai", "chat");
    }

    @Override
    public void readRequest(Object client, Object request, LlmCall call) {
      requestsReadOn.add(Thread.currentThread().getName());
      if (failOnRequest) {
        throw new IllegalStateException("reader cannot read the request");
      }
      call.requestModel((String) request);
    }

    @Override
    public void readResponse(Object response, LlmCall call) {
      if (failOnResponse) {
        throw new IllegalStateException("reader cannot read the response");
      }
      if (response instanceof Response) {
        Response r = (Response) response;
        call.responseModel(r.model);
        call.tokens(r.input, r.output);
      }
    }

    @Override
    public ErrorType classify(Throwable error) {
      classified.add(error);
      if (failOnClassify) {
        throw new IllegalStateException("reader cannot classify");
      }
      if (classifyAsNull) {
        return null;
      }
      ErrorType transport = ErrorType.fromTransportFailure(error);
      return transport == null ? ErrorType.BAD_REQUEST : transport;
    }
  }

  private final TestTelemetry telemetry = new TestTelemetry(100);
  private final FakeReader reader = new FakeReader();
  private final LlmCallDispatcher dispatcher =
      new LlmCallDispatcher(
          Collections.<String, LlmCallReader>singletonMap(KIND, reader),
            Collections.<String, dev.llmlens.instrumentation.api.OperationReader>emptyMap(),
          telemetry::recorder,
          new AttributionResolver("support", Collections.<AttributionRule>emptyList(), Collections.<String>emptyList()));

  @AfterEach
  void close() {
    telemetry.close();
  }

  private static Attributes requests(String status) {
    return Attributes.builder()
        .put(PROVIDER, "openai")
        .put(OPERATION, "chat")
        .put(MODEL, "gpt-4o")
        .put(FEATURE, "support")
        .put(STATUS, status)
        .build();
  }

  private static Attributes errors(String errorType) {
    return Attributes.builder()
        .put(PROVIDER, "openai")
        .put(OPERATION, "chat")
        .put(MODEL, "gpt-4o")
        .put(FEATURE, "support")
        .put(ERROR_TYPE, errorType)
        .build();
  }

  private static Attributes active() {
    return Attributes.of(PROVIDER, "openai", OPERATION, "chat", FEATURE, "support");
  }

  private Map<Attributes, Long> requestCounts() {
    telemetry.collect();
    return telemetry.metricNames().contains("ai.requests")
        ? telemetry.longSums("ai.requests")
        : Collections.<Attributes, Long>emptyMap();
  }

  private Map<Attributes, Long> activeCounts() {
    telemetry.collect();
    return telemetry.metricNames().contains("ai.active_requests")
        ? telemetry.longSums("ai.active_requests")
        : Collections.<Attributes, Long>emptyMap();
  }

  private void blockingCall() {
    Object handle = dispatcher.onStart(KIND, CLIENT, "gpt-4o");
    dispatcher.onEnd(handle, new Response("gpt-4o-2024-08-06", 10, 5), null);
  }

  @Test
  void blockingCallIsRecordedWithItsResponse() {
    blockingCall();

    assertThat(requestCounts()).containsExactly(entry(requests("success"), 1L));
    assertThat(telemetry.longSums("ai.tokens"))
        .containsOnly(
            entry(
                Attributes.of(
                    PROVIDER, "openai", MODEL, "gpt-4o", FEATURE, "support", DIRECTION, "input"),
                10L),
            entry(
                Attributes.of(
                    PROVIDER, "openai", MODEL, "gpt-4o", FEATURE, "support", DIRECTION, "output"),
                5L));
    assertThat(telemetry.longSums("ai.active_requests")).containsExactly(entry(active(), 0L));
  }

  @Test
  void nestedStartOnTheSameThreadCountsOnce() {
    Object outer = dispatcher.onStart(KIND, CLIENT, "gpt-4o");
    Object inner = dispatcher.onStart(KIND, CLIENT, "gpt-4o");

    assertThat(outer).isNotNull();
    assertThat(inner).isNotNull().isNotSameAs(outer);
    assertThat(reader.starts).hasValue(1);
    assertThat(activeCounts()).containsExactly(entry(active(), 1L));

    dispatcher.onEnd(inner, new Response("gpt-4o", 1, 1), null);
    assertThat(requestCounts()).as("the inner end records nothing").isEmpty();

    dispatcher.onEnd(outer, new Response("gpt-4o", 1, 1), null);
    assertThat(requestCounts()).containsExactly(entry(requests("success"), 1L));
    assertThat(activeCounts()).containsExactly(entry(active(), 0L));

    // The depth is back to 0: the next call on this thread is a call of its own.
    blockingCall();
    assertThat(reader.starts).hasValue(2);
    assertThat(requestCounts()).containsExactly(entry(requests("success"), 2L));
  }

  @Test
  void nestedCallThatFailsStillReleasesTheDepth() {
    Object outer = dispatcher.onStart(KIND, CLIENT, "gpt-4o");
    Object inner = dispatcher.onStart(KIND, CLIENT, "gpt-4o");
    dispatcher.onEnd(inner, null, new ConnectException("refused"));
    dispatcher.onEnd(outer, null, new ConnectException("refused"));

    blockingCall();

    assertThat(requestCounts())
        .containsOnly(entry(requests("error"), 1L), entry(requests("success"), 1L));
    assertThat(telemetry.longSums("ai.errors")).containsExactly(entry(errors("connection"), 1L));
    telemetry.flush(); // the outcome is read on the recorder thread
    assertThat(reader.classified).hasSize(1);
  }

  @Test
  void callsOnDifferentThreadsAreNotNested() throws Exception {
    Object onThisThread = dispatcher.onStart(KIND, CLIENT, "gpt-4o");
    Thread other = new Thread(this::blockingCall);
    other.start();
    other.join(5_000);
    dispatcher.onEnd(onThisThread, new Response("gpt-4o", 1, 1), null);

    assertThat(requestCounts()).containsExactly(entry(requests("success"), 2L));
  }

  @Test
  void asyncCallIsRecordedWhenTheFutureCompletes() throws Exception {
    CompletableFuture<Object> future = new CompletableFuture<>();
    Object handle = dispatcher.onStart(KIND, CLIENT, "gpt-4o");
    dispatcher.onEndAsync(handle, future, null);

    assertThat(requestCounts()).isEmpty();
    assertThat(activeCounts()).containsExactly(entry(active(), 1L));

    // The depth was released when the method returned the future.
    blockingCall();
    assertThat(reader.starts).hasValue(2);
    assertThat(requestCounts()).containsExactly(entry(requests("success"), 1L));

    Thread completer =
        new Thread(() -> future.complete(new Response("gpt-4o-2024-08-06", 100, 50)));
    completer.start();
    completer.join(5_000);

    assertThat(requestCounts()).containsExactly(entry(requests("success"), 2L));
    assertThat(activeCounts()).containsExactly(entry(active(), 0L));
    assertThat(telemetry.longSums("ai.tokens"))
        .containsEntry(
            Attributes.of(
                PROVIDER, "openai", MODEL, "gpt-4o", FEATURE, "support", DIRECTION, "input"),
            110L);
  }

  @Test
  void asyncFailureIsUnwrappedFromCompletionExceptionBeforeClassifying() {
    CompletableFuture<Object> future = new CompletableFuture<>();
    Object handle = dispatcher.onStart(KIND, CLIENT, "gpt-4o");
    dispatcher.onEndAsync(handle, future, null);

    SocketTimeoutException timeout = new SocketTimeoutException("Read timed out");
    future.completeExceptionally(new CompletionException(timeout));

    telemetry.flush(); // the outcome is read on the recorder thread
    assertThat(reader.classified).containsExactly(timeout);
    assertThat(requestCounts()).containsExactly(entry(requests("error"), 1L));
    assertThat(telemetry.longSums("ai.errors")).containsExactly(entry(errors("timeout"), 1L));
    assertThat(telemetry.longSums("ai.active_requests")).containsExactly(entry(active(), 0L));
  }

  @Test
  void asyncFailureOfADependentStageIsUnwrapped() {
    // What an SDK returns: a stage derived from the HTTP future, which wraps the failure.
    CompletableFuture<Object> http = new CompletableFuture<>();
    CompletableFuture<Object> returned = http.thenApply(body -> body);
    Object handle = dispatcher.onStart(KIND, CLIENT, "gpt-4o");
    dispatcher.onEndAsync(handle, returned, null);

    IOException failure = new IOException("unexpected end of stream");
    http.completeExceptionally(failure);

    telemetry.flush(); // the outcome is read on the recorder thread
    assertThat(reader.classified).containsExactly(failure);
    assertThat(telemetry.collect().longSums("ai.errors"))
        .containsExactly(entry(errors("connection"), 1L));
  }

  @Test
  void nestedWrappersAreAllUnwrapped() {
    Object handle = dispatcher.onStart(KIND, CLIENT, "gpt-4o");
    IOException failure = new IOException("reset");
    dispatcher.onEnd(
        handle, null, new ExecutionException(new CompletionException(failure)));

    telemetry.flush(); // the outcome is read on the recorder thread
    assertThat(reader.classified).containsExactly(failure);
  }

  @Test
  void completionExceptionWithoutCauseIsClassifiedAsItIs() {
    Object handle = dispatcher.onStart(KIND, CLIENT, "gpt-4o");
    CompletionException bare = new CompletionException("no cause", null);
    dispatcher.onEnd(handle, null, bare);

    telemetry.flush(); // the outcome is read on the recorder thread
    assertThat(reader.classified).containsExactly(bare);
  }

  @Test
  void cancelledFutureIsClassifiedWithTheCancellation() {
    CompletableFuture<Object> future = new CompletableFuture<>();
    Object handle = dispatcher.onStart(KIND, CLIENT, "gpt-4o");
    dispatcher.onEndAsync(handle, future, null);

    future.cancel(true);

    telemetry.flush(); // the outcome is read on the recorder thread
    assertThat(reader.classified).hasSize(1);
    assertThat(reader.classified.get(0)).isInstanceOf(CancellationException.class);
    assertThat(requestCounts()).containsExactly(entry(requests("error"), 1L));
    assertThat(telemetry.longSums("ai.errors")).containsExactly(entry(errors("cancelled"), 1L));
  }

  @Test
  void alreadyCompletedFutureIsRecordedAtOnce() {
    Object handle = dispatcher.onStart(KIND, CLIENT, "gpt-4o");
    dispatcher.onEndAsync(
        handle, CompletableFuture.completedFuture(new Response("gpt-4o", 1, 2)), null);

    assertThat(requestCounts()).containsExactly(entry(requests("success"), 1L));
  }

  @Test
  void asyncMethodThatThrowsSynchronouslyIsAnError() {
    Object handle = dispatcher.onStart(KIND, CLIENT, "gpt-4o");
    IllegalArgumentException thrown = new IllegalArgumentException("messages must not be empty");

    dispatcher.onEndAsync(handle, null, thrown);

    telemetry.flush(); // the outcome is read on the recorder thread
    assertThat(reader.classified).containsExactly(thrown);
    assertThat(requestCounts()).containsExactly(entry(requests("error"), 1L));
    assertThat(telemetry.longSums("ai.errors")).containsExactly(entry(errors("bad_request"), 1L));
    assertThat(telemetry.longSums("ai.active_requests")).containsExactly(entry(active(), 0L));
    blockingCall();
    assertThat(requestCounts()).containsOnly(
        entry(requests("error"), 1L), entry(requests("success"), 1L));
  }

  @Test
  void asyncMethodThatReturnsNoFutureEndsAtOnce() {
    Object handle = dispatcher.onStart(KIND, CLIENT, "gpt-4o");
    dispatcher.onEndAsync(handle, "not a future", null);

    assertThat(requestCounts()).containsExactly(entry(requests("success"), 1L));
    assertThat(telemetry.longSums("ai.active_requests")).containsExactly(entry(active(), 0L));
  }

  @Test
  void nullClassificationIsOther() {
    reader.classifyAsNull = true;
    Object handle = dispatcher.onStart(KIND, CLIENT, "gpt-4o");
    dispatcher.onEnd(handle, null, new IllegalStateException("?"));

    assertThat(telemetry.collect().longSums("ai.errors"))
        .containsExactly(entry(errors("other"), 1L));
  }

  @Test
  void readerThatThrowsOnStartNeverPropagates() {
    reader.failOnStart = true;

    Object handle = dispatcher.onStart(KIND, CLIENT, "gpt-4o");
    assertThat(handle).isNotNull();
    assertThatCode(() -> dispatcher.onEnd(handle, new Response("gpt-4o", 1, 1), null))
        .doesNotThrowAnyException();
    assertThat(requestCounts()).isEmpty();

    reader.failOnStart = false;
    blockingCall();
    assertThat(requestCounts()).containsExactly(entry(requests("success"), 1L));
  }

  @Test
  void theRequestIsReadOnTheRecorderThreadNotTheApplicationsThread() {
    blockingCall();

    assertThat(requestCounts()).containsExactly(entry(requests("success"), 1L));
    assertThat(reader.requestsReadOn).containsExactly("llmlens-recorder");
  }

  @Test
  void onlyReadersThatReadChunksGetTheirChunksKept() {
    assertThat(LlmCallDispatcher.readsChunks(new ModelNameReader())).isFalse();
    assertThat(LlmCallDispatcher.readsChunks(
            new ModelNameReader() {
              @Override
              public void readChunk(Object chunk, LlmCall call) {}
            }))
        .isTrue();
  }

  @Test
  void aRequestThatCannotBeReadLeavesTheModelToTheResponse() {
    reader.failOnRequest = true;

    Object handle = dispatcher.onStart(KIND, CLIENT, "gpt-4o-2024-08-06");
    dispatcher.onEnd(handle, new Response("gpt-4o", 1, 1), null);

    // No requested model: the call counts under the model the response reports.
    assertThat(requestCounts()).containsExactly(entry(requests("success"), 1L));
  }

  @Test
  void readerThatThrowsOnStartOfAnAsyncCallNeverPropagates() {
    reader.failOnStart = true;

    Object handle = dispatcher.onStart(KIND, CLIENT, "gpt-4o");
    CompletableFuture<Object> future = new CompletableFuture<>();
    assertThatCode(() -> dispatcher.onEndAsync(handle, future, null)).doesNotThrowAnyException();
    future.complete(new Response("gpt-4o", 1, 1));

    reader.failOnStart = false;
    blockingCall();
    assertThat(requestCounts()).containsExactly(entry(requests("success"), 1L));
  }

  @Test
  void readerThatThrowsOnResponseNeverPropagates() {
    reader.failOnResponse = true;

    Object handle = dispatcher.onStart(KIND, CLIENT, "gpt-4o");
    assertThatCode(() -> dispatcher.onEnd(handle, new Response("gpt-4o", 1, 1), null))
        .doesNotThrowAnyException();

    reader.failOnResponse = false;
    blockingCall();
    assertThat(reader.starts).hasValue(2);
    // Both calls: a reader failure never loses the call.
    assertThat(requestCounts()).containsExactly(entry(requests("success"), 2L));
  }

  @Test
  void readerThatThrowsOnClassifyNeverPropagates() {
    reader.failOnClassify = true;

    Object handle = dispatcher.onStart(KIND, CLIENT, "gpt-4o");
    assertThatCode(() -> dispatcher.onEnd(handle, null, new IOException("reset")))
        .doesNotThrowAnyException();

    CompletableFuture<Object> future = new CompletableFuture<>();
    Object asyncHandle = dispatcher.onStart(KIND, CLIENT, "gpt-4o");
    assertThatCode(() -> dispatcher.onEndAsync(asyncHandle, future, null))
        .doesNotThrowAnyException();
    assertThatCode(() -> future.completeExceptionally(new IOException("reset")))
        .doesNotThrowAnyException();
    assertThat(future).isCompletedExceptionally();

    reader.failOnClassify = false;
    blockingCall();
    assertThat(requestCounts()).containsEntry(requests("success"), 1L);
  }

  @Test
  void readerThatThrowsOnResponseStillEndsTheCall() {
    reader.failOnResponse = true;

    Object handle = dispatcher.onStart(KIND, CLIENT, "gpt-4o");
    dispatcher.onEnd(handle, new Response("gpt-4o", 1, 1), null);

    assertThat(activeCounts()).containsExactly(entry(active(), 0L));
    assertThat(requestCounts()).containsExactly(entry(requests("success"), 1L));
    assertThat(telemetry.spans()).hasSize(1);
  }

  @Test
  void unknownCallKindIsIgnored() {
    Object handle = dispatcher.onStart("other.kind", CLIENT, "gpt-4o");

    assertThat(handle).isNotNull();
    assertThatCode(() -> dispatcher.onEnd(handle, null, null)).doesNotThrowAnyException();
    assertThat(reader.starts).hasValue(0);
    assertThat(requestCounts()).isEmpty();

    blockingCall();
    assertThat(requestCounts()).containsExactly(entry(requests("success"), 1L));
  }

  @Test
  void recorderThatCannotBeBuiltNeverPropagates() {
    AtomicInteger attempts = new AtomicInteger();
    Supplier<LlmCallRecorder> failingOnce =
        () -> {
          if (attempts.getAndIncrement() == 0) {
            throw new IllegalStateException("the SDK cannot start");
          }
          return telemetry.recorder();
        };
    LlmCallDispatcher withFailingRecorder =
        new LlmCallDispatcher(
            Collections.<String, LlmCallReader>singletonMap(KIND, reader),
            Collections.<String, dev.llmlens.instrumentation.api.OperationReader>emptyMap(),
            failingOnce,
            new AttributionResolver("support", Collections.<AttributionRule>emptyList(), Collections.<String>emptyList()));

    Object first = withFailingRecorder.onStart(KIND, CLIENT, "gpt-4o");
    assertThat(first).isNotNull();
    withFailingRecorder.onEnd(first, new Response("gpt-4o", 1, 1), null);

    Object second = withFailingRecorder.onStart(KIND, CLIENT, "gpt-4o");
    withFailingRecorder.onEnd(second, new Response("gpt-4o", 1, 1), null);
    assertThat(requestCounts()).containsExactly(entry(requests("success"), 1L));
  }

  @Test
  void featureComesFromTheResolverOfTheCallingThread() {
    LlmCallDispatcher attributed =
        new LlmCallDispatcher(
            Collections.<String, LlmCallReader>singletonMap(KIND, reader),
            Collections.<String, dev.llmlens.instrumentation.api.OperationReader>emptyMap(),
            telemetry::recorder,
            new AttributionResolver(
                "support",
                Collections.singletonList(
                    new AttributionRule(LlmCallDispatcherTest.class.getName(), "dispatch-test")),
                Collections.<String>emptyList()));

    Object handle = attributed.onStart(KIND, CLIENT, "gpt-4o");
    attributed.onEnd(handle, null, null);

    assertThat(requestCounts())
        .containsExactly(
            entry(requests("success").toBuilder().put(FEATURE, "dispatch-test").build(), 1L));
  }
}
