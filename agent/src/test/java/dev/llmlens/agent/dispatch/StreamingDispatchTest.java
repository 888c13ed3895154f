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
import dev.llmlens.instrumentation.api.RateLimits;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.sdk.metrics.data.HistogramPointData;
import io.opentelemetry.sdk.metrics.data.LongPointData;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.metrics.data.MetricDataType;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Streaming calls through the dispatcher: a call starts with {@code onStart}, returns its stream
 * object through {@code onEndStreaming}, hands its chunks out through {@code onElements}, and ends
 * exactly once, whichever comes first: the chunks running out, the source failing, the stream
 * object or the returned {@code java.util.stream.Stream} being closed, or the stream object being
 * dropped unfinished. A fake reader over plain test chunks, the real recorder and SDK.
 */
class StreamingDispatchTest {

  private static final String CALL_KIND = "test.chat";
  private static final Object CLIENT = new Object();
  private static final String MODEL_ASKED = "gpt-4o";

  /** One streamed chunk as a library would hand it out. */
  static final class Chunk {
    final String content;
    final String finishReason;
    final long inputTokens;
    final long outputTokens;

    Chunk(String content, String finishReason) {
      this(content, finishReason, LlmCall.UNKNOWN, LlmCall.UNKNOWN);
    }

    Chunk(String content, String finishReason, long inputTokens, long outputTokens) {
      this.content = content;
      this.finishReason = finishReason;
      this.inputTokens = inputTokens;
      this.outputTokens = outputTokens;
    }

    static Chunk role() {
      return new Chunk(null, null);
    }

    static Chunk text(String content) {
      return new Chunk(content, null);
    }

    static Chunk finish(String reason) {
      return new Chunk(null, reason);
    }

    /** The last chunk when the request asked for usage: no choices, the call's token counts. */
    static Chunk usage(long input, long output) {
      return new Chunk(null, null, input, output);
    }

    @Override
    public String toString() {
      return "Chunk(" + content + ", " + finishReason + ")";
    }
  }

  /** The library's stream object (what {@code createStreaming} returns). */
  static final class StreamObject {}

  /** A failure of the provider's stream, which the reader classifies. */
  static final class ProviderStreamFailure extends RuntimeException {
    final ErrorType type;

    ProviderStreamFailure(ErrorType type) {
      super("stream broke: " + type);
      this.type = type;
    }
  }

  /** The application's own failure while handling a chunk. */
  static final class ApplicationFailure extends RuntimeException {
    ApplicationFailure() {
      super("the application's own failure");
    }
  }

  /** Rate-limit headers of a raw response. */
  static final class Headers {
    final long remainingRequests;
    final long limitRequests;
    final long remainingTokens;
    final long limitTokens;

    Headers(long remainingRequests, long limitRequests, long remainingTokens, long limitTokens) {
      this.remainingRequests = remainingRequests;
      this.limitRequests = limitRequests;
      this.remainingTokens = remainingTokens;
      this.limitTokens = limitTokens;
    }
  }

  /** Plain implementation of the reader interface; keeps no reference to what it reads. */
  static final class FakeReader implements LlmCallReader {
    final AtomicInteger chunksRead = new AtomicInteger();
    final List<String> chunksReadOn = new CopyOnWriteArrayList<>();
    final AtomicInteger rateLimitReads = new AtomicInteger();
    final List<Throwable> classified = new CopyOnWriteArrayList<>();

    @Override
    public LlmCall start(Object client, Object request) {
      LlmCall call = new LlmCall("openai", "chat");
      call.requestModel((String) request);
      call.server("api.openai.com", 443);
      return call;
    }

    @Override
    public void readResponse(Object response, LlmCall call) {}

    @Override
    public ErrorType classify(Throwable error) {
      classified.add(error);
      if (error instanceof ProviderStreamFailure) {
        return ((ProviderStreamFailure) error).type;
      }
      ErrorType transport = ErrorType.fromTransportFailure(error);
      return transport == null ? ErrorType.OTHER : transport;
    }

    @Override
    public boolean isContent(Object chunk) {
      Chunk c = (Chunk) chunk;
      return c.content != null && !c.content.isEmpty();
    }

    @Override
    public void readChunk(Object chunk, LlmCall call) {
      chunksRead.incrementAndGet();
      chunksReadOn.add(Thread.currentThread().getName());
      Chunk c = (Chunk) chunk;
      call.responseModel("gpt-4o-2024-08-06");
      call.addFinishReason(c.finishReason);
      if (c.inputTokens >= 0 || c.outputTokens >= 0) {
        call.tokens(c.inputTokens, c.outputTokens);
      }
    }

    @Override
    public RateLimits readRateLimits(Object headers) {
      rateLimitReads.incrementAndGet();
      if (!(headers instanceof Headers)) {
        return null;
      }
      Headers h = (Headers) headers;
      return new RateLimits(h.remainingRequests, h.limitRequests, h.remainingTokens, h.limitTokens);
    }
  }

  private TestTelemetry telemetry = new TestTelemetry(100);
  private final FakeReader reader = new FakeReader();
  private LlmCallDispatcher dispatcher = dispatcherOver(telemetry, reader);

  private static LlmCallDispatcher dispatcherOver(TestTelemetry telemetry, FakeReader reader) {
    return new LlmCallDispatcher(
        Collections.<String, LlmCallReader>singletonMap(CALL_KIND, reader),
        Collections.<String, dev.llmlens.instrumentation.api.OperationReader>emptyMap(),
        telemetry::recorder,
        new AttributionResolver("support", Collections.<AttributionRule>emptyList(), Collections.<String>emptyList()));
  }

  @AfterEach
  void close() {
    telemetry.close();
  }

  // ---------------------------------------------------------------------------------------------
  // Helpers


  private static Attributes requests(String status) {
    return dev.llmlens.agent.MetricsContract.requests(MODEL_ASKED, status);
  }

  private static Attributes errors(String errorType) {
    return Attributes.builder()
        .put(PROVIDER, "openai")
        .put(OPERATION, "chat")
        .put(MODEL, MODEL_ASKED)
        .put(FEATURE, "support")
        .put(ERROR_TYPE, errorType)
        .build();
  }

  private static Attributes perModel(String model) {
    return Attributes.of(PROVIDER, "openai", MODEL, model, FEATURE, "support");
  }

  private static Attributes active() {
    return Attributes.of(PROVIDER, "openai", OPERATION, "chat", FEATURE, "support");
  }

  private static Attributes rateLimit(String kind) {
    return Attributes.builder()
        .put(PROVIDER, "openai")
        .put(MODEL, MODEL_ASKED)
        .put(SERVER_ADDRESS_LABEL, "api.openai.com")
        .put(KIND, kind)
        .build();
  }

  private Map<Attributes, Long> sums(String metric) {
    telemetry.collect();
    return telemetry.metricNames().contains(metric)
        ? telemetry.longSums(metric)
        : Collections.<Attributes, Long>emptyMap();
  }

  private long requestTotal() {
    return sums("ai.requests").values().stream().mapToLong(Long::longValue).sum();
  }

  private long activeTotal() {
    return sums("ai.active_requests").values().stream().mapToLong(Long::longValue).sum();
  }

  /** Histogram count over all attribute sets; 0 when the histogram was never recorded. */
  private long histogramCount(String metric) {
    telemetry.collect();
    if (!telemetry.metricNames().contains(metric)) {
      return 0;
    }
    return telemetry.histogram(metric).values().stream().mapToLong(HistogramPointData::getCount).sum();
  }

  private Map<Attributes, Long> gauges(String metric) {
    telemetry.collect();
    if (!telemetry.metricNames().contains(metric)) {
      return Collections.emptyMap();
    }
    MetricData data = telemetry.metric(metric);
    assertThat(data.getType()).isEqualTo(MetricDataType.LONG_GAUGE);
    Map<Attributes, Long> values = new HashMap<>();
    for (LongPointData point : data.getLongGaugeData().getPoints()) {
      values.put(point.getAttributes(), point.getValue());
    }
    return values;
  }

  /** Starts a streaming call and returns its (tracked) stream object. */
  private StreamObject startStream(String model) {
    Object handle = dispatcher.onStart(CALL_KIND, CLIENT, model);
    StreamObject streamObject = new StreamObject();
    dispatcher.onEndStreaming(handle, streamObject, null);
    return streamObject;
  }

  private StreamObject startStream() {
    return startStream(MODEL_ASKED);
  }

  @SuppressWarnings("unchecked")
  private Stream<Chunk> elements(StreamObject streamObject, Stream<Chunk> source) {
    return (Stream<Chunk>) dispatcher.onElements(streamObject, source);
  }

  /** A role chunk, two content chunks, a finish chunk: what a short answer streams. */
  private static List<Chunk> answer() {
    return Arrays.asList(Chunk.role(), Chunk.text("Your"), Chunk.text(" parcel"), Chunk.finish("stop"));
  }

  /** A source that hands out {@code chunks}, then throws {@code failure} instead of ending. */
  private static Spliterator<Chunk> failingAfter(List<Chunk> chunks, RuntimeException failure) {
    Iterator<Chunk> iterator = chunks.iterator();
    return new Spliterators.AbstractSpliterator<Chunk>(Long.MAX_VALUE, Spliterator.ORDERED) {
      @Override
      public boolean tryAdvance(Consumer<? super Chunk> action) {
        if (!iterator.hasNext()) {
          throw failure;
        }
        action.accept(iterator.next());
        return true;
      }
    };
  }

  // ---------------------------------------------------------------------------------------------
  // Outcomes

  @Test
  void streamReadToItsEndIsOneSuccessWithFirstTokenAndFirstChunkOnce() {
    StreamObject streamObject = startStream();
    assertThat(activeTotal()).as("active while its chunks are being read").isEqualTo(1);
    assertThat(dispatcher.streamsInProgress()).isEqualTo(1);

    List<Chunk> read = elements(streamObject, answer().stream()).collect(Collectors.toList());

    assertThat(read).hasSize(4);
    telemetry.flush(); // the chunks are read on the recorder thread
    assertThat(reader.chunksRead).hasValue(4);
    assertThat(sums("ai.requests")).containsExactly(entry(requests("success"), 1L));
    assertThat(sums("ai.active_requests")).containsExactly(entry(active(), 0L));
    assertThat(dispatcher.streamsInProgress()).isZero();
    assertThat(telemetry.histogram("ai.time_to_first_token")).containsOnlyKeys(perModel(MODEL_ASKED));
    assertThat(histogramCount("ai.time_to_first_token")).isEqualTo(1);
    assertThat(histogramCount("gen_ai.client.operation.time_to_first_chunk")).isEqualTo(1);
    assertThat(sums("ai.finish_reasons"))
        .containsExactly(entry(perModel(MODEL_ASKED).toBuilder().put(FINISH_REASON, "stop").build(), 1L));
    telemetry.flush(); // the outcome is read on the recorder thread
    assertThat(reader.classified).isEmpty();
    assertThat(telemetry.spans()).hasSize(1);
  }

  @Test
  void streamWithoutContentHasAFirstChunkButNoFirstToken() {
    StreamObject streamObject = startStream();

    elements(streamObject, Stream.of(Chunk.role(), Chunk.finish("content_filter"))).forEach(chunk -> {});

    assertThat(sums("ai.requests")).containsExactly(entry(requests("success"), 1L));
    telemetry.collect();
    assertThat(telemetry.metricNames()).doesNotContain("ai.time_to_first_token");
    assertThat(histogramCount("gen_ai.client.operation.time_to_first_chunk")).isEqualTo(1);
  }

  @Test
  void firstTokenIsTheFirstContentChunkNotTheFirstChunk() {
    StreamObject streamObject = startStream();
    Stream<Chunk> slowFirstWord =
        Stream.of(Chunk.role(), Chunk.text("Your"), Chunk.finish("stop"))
            .peek(
                chunk -> {
                  if ("Your".equals(chunk.content)) {
                    sleep(60);
                  }
                });

    elements(streamObject, slowFirstWord).forEach(chunk -> {});

    double firstChunk =
        telemetry.collect().histogram("gen_ai.client.operation.time_to_first_chunk").values().iterator().next().getSum();
    double firstToken = telemetry.histogram("ai.time_to_first_token").values().iterator().next().getSum();
    assertThat(firstToken).isGreaterThanOrEqualTo(firstChunk + 0.05);
  }

  @Test
  void streamClosedAfterOneChunkIsOneRequestAndLaterEndsRecordNothing() {
    StreamObject streamObject = startStream();
    Iterator<Chunk> chunks = elements(streamObject, answer().stream()).iterator();
    assertThat(chunks.next().content).isNull();

    dispatcher.onStreamClosed(streamObject);

    assertThat(sums("ai.requests")).containsExactly(entry(requests("success"), 1L));
    assertThat(sums("ai.active_requests")).containsExactly(entry(active(), 0L));
    assertThat(dispatcher.streamsInProgress()).isZero();
    assertThat(sums("ai.streams_without_usage")).containsExactly(entry(perModel(MODEL_ASKED), 1L));

    // The application goes on reading after close (the library allows it), closes again.
    List<Chunk> rest = new ArrayList<>();
    chunks.forEachRemaining(rest::add);
    dispatcher.onStreamClosed(streamObject);

    assertThat(rest).hasSize(3);
    assertThat(reader.chunksRead).as("chunks after the end are not read").hasValue(1);
    assertThat(sums("ai.requests")).containsExactly(entry(requests("success"), 1L));
    assertThat(sums("ai.active_requests")).containsExactly(entry(active(), 0L));
    assertThat(telemetry.spans()).hasSize(1);
  }

  @Test
  void closingTheReturnedStreamEndsTheCallAndClosesTheOriginal() {
    StreamObject streamObject = startStream();
    AtomicBoolean originalClosed = new AtomicBoolean();
    Stream<Chunk> observed = elements(streamObject, answer().stream().onClose(() -> originalClosed.set(true)));
    Iterator<Chunk> chunks = observed.iterator();
    chunks.next();
    chunks.next();

    observed.close();

    assertThat(originalClosed).isTrue();
    assertThat(sums("ai.requests")).containsExactly(entry(requests("success"), 1L));
    assertThat(sums("ai.active_requests")).containsExactly(entry(active(), 0L));
    assertThat(dispatcher.streamsInProgress()).isZero();
    // The first content chunk came before close.
    assertThat(histogramCount("ai.time_to_first_token")).isEqualTo(1);

    dispatcher.onStreamClosed(streamObject);
    assertThat(requestTotal()).isEqualTo(1);
  }

  @Test
  void streamReadToItsEndThenClosedTwiceIsStillOneRequest() {
    StreamObject streamObject = startStream();
    try (Stream<Chunk> observed = elements(streamObject, answer().stream())) {
      assertThat(observed.count()).isEqualTo(4);
    }
    dispatcher.onStreamClosed(streamObject);

    assertThat(sums("ai.requests")).containsExactly(entry(requests("success"), 1L));
    assertThat(telemetry.spans()).hasSize(1);
  }

  @Test
  void failureOfTheApplicationsOwnCodeReachesItUnchangedAndTheCallSucceeds() {
    StreamObject streamObject = startStream();
    ApplicationFailure own = new ApplicationFailure();
    Stream<Chunk> observed = elements(streamObject, answer().stream());

    assertThatThrownBy(
            () ->
                observed.forEach(
                    chunk -> {
                      if (chunk.content != null) {
                        throw own;
                      }
                    }))
        .isSameAs(own);

    telemetry.flush(); // the outcome is read on the recorder thread
    assertThat(reader.classified).as("not the provider's failure").isEmpty();
    assertThat(sums("ai.requests")).containsExactly(entry(requests("success"), 1L));
    assertThat(sums("ai.active_requests")).containsExactly(entry(active(), 0L));
    assertThat(dispatcher.streamsInProgress()).isZero();
    telemetry.collect();
    assertThat(telemetry.metricNames()).doesNotContain("ai.errors");
  }

  @Test
  void failureOfTheApplicationsOwnCodeThroughAnIteratorReachesItUnchanged() {
    StreamObject streamObject = startStream();
    ApplicationFailure own = new ApplicationFailure();
    Iterator<Chunk> chunks =
        elements(streamObject, answer().stream())
            .map(
                chunk -> {
                  if (chunk.content != null) {
                    throw own;
                  }
                  return chunk;
                })
            .iterator();
    chunks.next();

    assertThatThrownBy(chunks::next).isSameAs(own);
    assertThat(sums("ai.requests")).containsExactly(entry(requests("success"), 1L));
    telemetry.flush(); // the outcome is read on the recorder thread
    assertThat(reader.classified).isEmpty();
  }

  @Test
  void failureOfTheSourceEndsTheCallWithItsErrorTypeAndIsRethrownUnchanged() {
    StreamObject streamObject = startStream();
    ProviderStreamFailure broken = new ProviderStreamFailure(ErrorType.SERVER_ERROR);
    Stream<Chunk> source =
        java.util.stream.StreamSupport.stream(
            failingAfter(Arrays.asList(Chunk.role(), Chunk.text("Your")), broken), false);
    List<Chunk> seen = new ArrayList<>();

    assertThatThrownBy(() -> elements(streamObject, source).forEach(seen::add)).isSameAs(broken);

    assertThat(seen).hasSize(2);
    telemetry.flush(); // the outcome is read on the recorder thread
    assertThat(reader.classified).containsExactly(broken);
    assertThat(sums("ai.requests")).containsExactly(entry(requests("error"), 1L));
    assertThat(sums("ai.errors")).containsExactly(entry(errors("server_error"), 1L));
    assertThat(sums("ai.active_requests")).containsExactly(entry(active(), 0L));
    assertThat(dispatcher.streamsInProgress()).isZero();
    telemetry.collect();
    assertThat(telemetry.metricNames())
        .as("an error is not a stream without usage")
        .doesNotContain("ai.streams_without_usage");

    // Closing after the failure changes nothing.
    dispatcher.onStreamClosed(streamObject);
    assertThat(requestTotal()).isEqualTo(1);
  }

  @Test
  void elementsComeInTheSameOrderAndNumberAsFromTheSource() {
    List<Chunk> source = new ArrayList<>();
    source.add(Chunk.role());
    for (int i = 0; i < 998; i++) {
      source.add(Chunk.text("w" + i));
    }
    source.add(Chunk.finish("stop"));
    assertThat(source).hasSize(1000);

    StreamObject byCollect = startStream();
    List<Chunk> collected = elements(byCollect, source.stream()).collect(Collectors.toList());
    StreamObject byIterator = startStream();
    List<Chunk> iterated = new ArrayList<>();
    elements(byIterator, source.stream()).iterator().forEachRemaining(iterated::add);

    assertThat(collected).containsExactlyElementsOf(source);
    assertThat(iterated).containsExactlyElementsOf(source);
    for (int i = 0; i < source.size(); i++) {
      assertThat(collected.get(i)).isSameAs(source.get(i));
    }
    telemetry.flush(); // the chunks are read on the recorder thread
    assertThat(reader.chunksRead).hasValue(2000);
    assertThat(sums("ai.requests")).containsExactly(entry(requests("success"), 2L));
  }

  @Test
  void elementsOfAnUntrackedObjectAreReturnedAsTheyAre() {
    Stream<Chunk> untracked = answer().stream();
    assertThat(dispatcher.onElements(new StreamObject(), untracked)).isSameAs(untracked);

    // A tracked object whose call has ended: also untouched.
    StreamObject ended = startStream();
    dispatcher.onStreamClosed(ended);
    Stream<Chunk> afterEnd = answer().stream();
    assertThat(dispatcher.onElements(ended, afterEnd)).isSameAs(afterEnd);

    // Not a java.util.stream.Stream: untouched.
    StreamObject tracked = startStream();
    Object notAStream = answer();
    assertThat(dispatcher.onElements(tracked, notAStream)).isSameAs(notAStream);
    telemetry.flush(); // chunks, had any been kept, would be read on the recorder thread
    assertThat(reader.chunksRead).hasValue(0);
  }

  @Test
  void streamingMethodThatThrowsEndsTheCallAtOnceWithItsError() {
    Object handle = dispatcher.onStart(CALL_KIND, CLIENT, MODEL_ASKED);
    ProviderStreamFailure refused = new ProviderStreamFailure(ErrorType.RATE_LIMIT);

    dispatcher.onEndStreaming(handle, null, refused);

    telemetry.flush(); // the outcome is read on the recorder thread
    assertThat(reader.classified).containsExactly(refused);
    assertThat(sums("ai.requests")).containsExactly(entry(requests("error"), 1L));
    assertThat(sums("ai.errors")).containsExactly(entry(errors("rate_limit"), 1L));
    assertThat(sums("ai.active_requests")).containsExactly(entry(active(), 0L));
    assertThat(dispatcher.streamsInProgress()).isZero();

    // The thread's depth is released: the next call is a call of its own.
    StreamObject next = startStream();
    elements(next, answer().stream()).forEach(chunk -> {});
    assertThat(sums("ai.requests"))
        .containsOnly(entry(requests("error"), 1L), entry(requests("success"), 1L));
  }

  // ---------------------------------------------------------------------------------------------
  // Dropped streams

  /** A stream object the application reads one chunk of and then forgets: nothing refers to it. */
  private void startAndDropStream(String model) {
    StreamObject streamObject = startStream(model);
    Iterator<Chunk> chunks = elements(streamObject, answer().stream()).iterator();
    chunks.next();
    chunks.next();
  }

  @Test
  void droppedStreamIsEndedOnceAsSuccessAtALaterRegistration() {
    startAndDropStream("gpt-dropped");
    assertThat(sums("ai.active_requests")).containsExactly(entry(active(), 1L));

    Attributes dropped = dev.llmlens.agent.MetricsContract.requests("gpt-dropped", "success");
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    int rounds = 0;
    while (!sums("ai.requests").containsKey(dropped) && System.nanoTime() < deadline) {
      System.gc();
      sleep(10);
      // A fresh registration is when the tracker notices what was collected.
      dispatcher.onStreamClosed(startStream());
      rounds++;
    }

    assertThat(sums("ai.requests"))
        .as("after %d rounds", rounds)
        .containsEntry(dropped, 1L)
        .containsEntry(requests("success"), (long) rounds)
        .hasSize(2);
    assertThat(sums("ai.active_requests")).containsExactly(entry(active(), 0L));
    assertThat(dispatcher.streamsInProgress()).isZero();
    assertThat(sums("ai.streams_without_usage")).containsEntry(perModel("gpt-dropped"), 1L);
    // Its first content chunk was seen before it was dropped.
    assertThat(telemetry.histogram("ai.time_to_first_token").get(perModel("gpt-dropped")).getCount()).isEqualTo(1);

    // Never again.
    for (int i = 0; i < 3; i++) {
      System.gc();
      dispatcher.onStreamClosed(startStream());
    }
    assertThat(sums("ai.requests")).containsEntry(dropped, 1L);
    assertThat(dispatcher.streamsInProgress()).isZero();
  }

  /**
   * What {@code client.chat().completions().createStreaming(params).stream().forEach(...)} leaves
   * behind: the application holds only the elements, not the stream object they came from.
   */
  private Stream<Chunk> elementsWithoutTheirStreamObject(
      String model, List<Chunk> chunks, List<java.lang.ref.WeakReference<Object>> probe) {
    StreamObject streamObject = startStream(model);
    probe.add(new java.lang.ref.WeakReference<Object>(streamObject));
    return elements(streamObject, chunks.stream());
  }

  @Test
  void streamStillBeingReadIsNotEndedAsDroppedWhenOnlyItsElementsAreHeld() {
    List<java.lang.ref.WeakReference<Object>> probe = new ArrayList<>();
    Iterator<Chunk> chunks =
        elementsWithoutTheirStreamObject(
                "gpt-chained",
                Arrays.asList(Chunk.role(), Chunk.text("Your"), Chunk.text(" parcel"), Chunk.finish("stop"), Chunk.usage(30, 4)),
                probe)
            .iterator();
    chunks.next();
    chunks.next();

    // Other streaming calls come and go while the application is still reading this one.
    Attributes chained = dev.llmlens.agent.MetricsContract.requests("gpt-chained", "success");
    for (int round = 0; round < 20 && !sums("ai.requests").containsKey(chained); round++) {
      System.gc();
      sleep(10);
      dispatcher.onStreamClosed(startStream());
    }
    assertThat(sums("ai.requests"))
        .as("ended while its chunks were still being read (stream object collected: %s)", probe.get(0).get() == null)
        .doesNotContainKey(chained);
    List<Chunk> rest = new ArrayList<>();
    chunks.forEachRemaining(rest::add);

    assertThat(rest).hasSize(3);
    assertThat(sums("ai.requests")).containsEntry(chained, 1L);
    assertThat(sums("ai.finish_reasons"))
        .containsEntry(perModel("gpt-chained").toBuilder().put(FINISH_REASON, "stop").build(), 1L);
    assertThat(sums("ai.tokens"))
        .containsEntry(perModel("gpt-chained").toBuilder().put(DIRECTION, "input").build(), 30L);
    assertThat(sums("ai.streams_without_usage")).doesNotContainKey(perModel("gpt-chained"));
    assertThat(dispatcher.streamsInProgress()).isZero();
  }

  // ---------------------------------------------------------------------------------------------
  // Concurrency

  @Test
  void concurrentStreamsAreEachCountedOnce() throws Exception {
    int threads = 8;
    int callsPerThread = 500;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    CountDownLatch go = new CountDownLatch(1);
    AtomicInteger chunksHandedOut = new AtomicInteger();
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        done.add(
            pool.submit(
                () -> {
                  go.await();
                  for (int i = 0; i < callsPerThread; i++) {
                    StreamObject streamObject = startStream();
                    elements(streamObject, answer().stream()).forEach(chunk -> chunksHandedOut.incrementAndGet());
                  }
                  return null;
                }));
      }
      go.countDown();
      for (Future<?> future : done) {
        future.get(60, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }

    long calls = (long) threads * callsPerThread;
    assertThat(chunksHandedOut).hasValue((int) calls * 4);
    telemetry.flush(); // the chunks are read on the recorder thread
    assertThat(reader.chunksRead).hasValue((int) calls * 4);
    assertThat(sums("ai.requests")).containsExactly(entry(requests("success"), calls));
    assertThat(sums("ai.active_requests")).containsExactly(entry(active(), 0L));
    assertThat(dispatcher.streamsInProgress()).isZero();
    assertThat(histogramCount("ai.time_to_first_token")).isEqualTo(calls);
    assertThat(histogramCount("gen_ai.client.operation.time_to_first_chunk")).isEqualTo(calls);
    assertThat(sums("ai.finish_reasons"))
        .containsExactly(entry(perModel(MODEL_ASKED).toBuilder().put(FINISH_REASON, "stop").build(), calls));
    assertThat(sums("ai.streams_without_usage")).containsExactly(entry(perModel(MODEL_ASKED), calls));
  }

  // ---------------------------------------------------------------------------------------------
  // Chunks read off the application's thread

  /** {@code count} chunks: a role chunk, text, a finish chunk and the usage chunk last. */
  private static List<Chunk> longAnswer(int count) {
    List<Chunk> chunks = new ArrayList<>();
    chunks.add(Chunk.role());
    while (chunks.size() < count - 2) {
      chunks.add(Chunk.text("word "));
    }
    chunks.add(Chunk.finish("length"));
    chunks.add(Chunk.usage(120, 400));
    return chunks;
  }

  /** A new recorder whose queue holds {@code capacity} events, its thread held until released. */
  private CountDownLatch withHeldRecorderAndQueueOf(int capacity) throws InterruptedException {
    telemetry.close();
    telemetry = new TestTelemetry(100, Sampler.parentBased(Sampler.alwaysOn()), capacity);
    dispatcher = dispatcherOver(telemetry, reader);
    return telemetry.holdRecorder();
  }

  /** {@link #longAnswer}'s chunks all read, on the recorder thread, up to the usage in the last. */
  private void assertEveryChunkReadOnTheRecorderThread(int count) {
    assertThat(reader.chunksReadOn).hasSize(count).containsOnly("llmlens-recorder");
    assertThat(sums("ai.tokens"))
        .containsOnly(
            entry(perModel(MODEL_ASKED).toBuilder().put(DIRECTION, "input").build(), 120L),
            entry(perModel(MODEL_ASKED).toBuilder().put(DIRECTION, "output").build(), 400L));
  }

  @Test
  void aLongStreamsChunksAreReadOnTheRecorderThreadInOrder() {
    StreamObject streamObject = startStream();
    long count = elements(streamObject, longAnswer(40).stream()).count();
    telemetry.flush();

    assertThat(count).isEqualTo(40);
    // Five batches of 8 went to the recorder thread while the stream was read.
    assertEveryChunkReadOnTheRecorderThread(40);
    assertThat(sums("ai.finish_reasons"))
        .containsExactly(entry(perModel(MODEL_ASKED).toBuilder().put(FINISH_REASON, "length").build(), 1L));
    assertThat(histogramCount("ai.time_to_first_token")).isEqualTo(1);
  }

  @Test
  void chunksThatFindTheQueueFullGoWithTheEndAndAreAllRead() throws Exception {
    // Room for the start and one batch while the recorder thread is held: the other batches find
    // the queue full and wait on the call, and the end, which is never lost, takes them along.
    CountDownLatch release = withHeldRecorderAndQueueOf(2);
    StreamObject streamObject = startStream();
    long count = elements(streamObject, longAnswer(40).stream()).count();
    assertThat(reader.chunksRead).as("nothing read on the application's thread").hasValue(0);
    release.countDown();
    telemetry.flush();

    assertThat(count).isEqualTo(40);
    assertEveryChunkReadOnTheRecorderThread(40);
    assertThat(requestTotal()).isEqualTo(1);
  }

  // ---------------------------------------------------------------------------------------------
  // Rate limits

  @Test
  void rateLimitsOfAResponseDuringACallAreItsGauges() {
    Object handle = dispatcher.onStart(CALL_KIND, CLIENT, MODEL_ASKED);
    dispatcher.onResponse(CALL_KIND, new Headers(499, 500, 149_000, 150_000));
    dispatcher.onEnd(handle, null, null);

    assertThat(gauges("ai.ratelimit.remaining"))
        .containsOnly(entry(rateLimit("requests"), 499L), entry(rateLimit("tokens"), 149_000L));
    assertThat(gauges("ai.ratelimit.limit"))
        .containsOnly(entry(rateLimit("requests"), 500L), entry(rateLimit("tokens"), 150_000L));
  }

  @Test
  void aBlockingCallsHeadersGoWithItsEndAndTakeNoPlaceInTheQueue() throws Exception {
    // A queue of one: the call's start takes it while the recorder thread is held. Headers in an
    // event of their own would find it full and be lost; they go with the end, which is never lost.
    CountDownLatch release = withHeldRecorderAndQueueOf(1);
    Object handle = dispatcher.onStart(CALL_KIND, CLIENT, MODEL_ASKED);
    dispatcher.onResponse(CALL_KIND, new Headers(499, 500, 149_000, 150_000));
    dispatcher.onEnd(handle, null, null);
    assertThat(reader.rateLimitReads).as("read on the recorder thread, not before").hasValue(0);
    release.countDown();

    assertThat(gauges("ai.ratelimit.remaining"))
        .containsOnly(entry(rateLimit("requests"), 499L), entry(rateLimit("tokens"), 149_000L));
    assertThat(reader.rateLimitReads).hasValue(1);
    assertThat(requestTotal()).isEqualTo(1);
  }

  @Test
  void eachOfTwoResponsesInOneCallIsReadInTheOrderTheyCame() {
    Object handle = dispatcher.onStart(CALL_KIND, CLIENT, MODEL_ASKED);
    dispatcher.onResponse(CALL_KIND, new Headers(499, 500, 149_000, 150_000));
    dispatcher.onResponse(CALL_KIND, new Headers(LlmCall.UNKNOWN, LlmCall.UNKNOWN, 148_000, 150_000));
    dispatcher.onEnd(handle, null, null);

    // The second response knows nothing of requests: the first one's values stay.
    assertThat(gauges("ai.ratelimit.remaining"))
        .containsOnly(entry(rateLimit("requests"), 499L), entry(rateLimit("tokens"), 148_000L));
    assertThat(reader.rateLimitReads).hasValue(2);
  }

  @Test
  void rateLimitsOfALaterResponseReplaceTheEarlierOnes() {
    Object first = dispatcher.onStart(CALL_KIND, CLIENT, MODEL_ASKED);
    dispatcher.onResponse(CALL_KIND, new Headers(499, 500, 149_000, 150_000));
    dispatcher.onEnd(first, null, null);
    Object second = dispatcher.onStart(CALL_KIND, CLIENT, MODEL_ASKED);
    dispatcher.onResponse(CALL_KIND, new Headers(498, 500, 148_500, 150_000));
    StreamObject streamObject = new StreamObject();
    dispatcher.onEndStreaming(second, streamObject, null);
    dispatcher.onStreamClosed(streamObject);

    assertThat(gauges("ai.ratelimit.remaining"))
        .containsOnly(entry(rateLimit("requests"), 498L), entry(rateLimit("tokens"), 148_500L));
    assertThat(gauges("ai.ratelimit.limit"))
        .containsOnly(entry(rateLimit("requests"), 500L), entry(rateLimit("tokens"), 150_000L));
  }

  @Test
  void rateLimitsOfAStreamingCallAreRecordedBeforeItsStreamEnds() {
    Object handle = dispatcher.onStart(CALL_KIND, CLIENT, MODEL_ASKED);
    dispatcher.onResponse(CALL_KIND, new Headers(7, 10, 900, 1000));
    StreamObject streamObject = new StreamObject();
    dispatcher.onEndStreaming(handle, streamObject, null);

    assertThat(gauges("ai.ratelimit.remaining"))
        .containsOnly(entry(rateLimit("requests"), 7L), entry(rateLimit("tokens"), 900L));
    dispatcher.onStreamClosed(streamObject);
  }

  @Test
  void unknownRateLimitValuesAreNotSet() {
    Object handle = dispatcher.onStart(CALL_KIND, CLIENT, MODEL_ASKED);
    dispatcher.onResponse(CALL_KIND, new Headers(LlmCall.UNKNOWN, 500, 149_000, LlmCall.UNKNOWN));
    dispatcher.onEnd(handle, null, null);

    assertThat(gauges("ai.ratelimit.remaining")).containsExactly(entry(rateLimit("tokens"), 149_000L));
    assertThat(gauges("ai.ratelimit.limit")).containsExactly(entry(rateLimit("requests"), 500L));
  }

  @Test
  void noRateLimitsAtAllRecordNothing() {
    Object handle = dispatcher.onStart(CALL_KIND, CLIENT, MODEL_ASKED);
    dispatcher.onResponse(CALL_KIND, new Headers(-1, -1, -1, -1));
    dispatcher.onResponse(CALL_KIND, "not headers the reader knows");
    dispatcher.onEnd(handle, null, null);

    telemetry.collect();
    assertThat(telemetry.metricNames()).doesNotContain("ai.ratelimit.remaining", "ai.ratelimit.limit");
  }

  @Test
  void responseWithoutACallInProgressOnThisThreadRecordsNothing() throws Exception {
    // Nothing in progress at all.
    dispatcher.onResponse(CALL_KIND, new Headers(499, 500, 149_000, 150_000));
    // A call that has ended on this thread.
    Object ended = dispatcher.onStart(CALL_KIND, CLIENT, MODEL_ASKED);
    dispatcher.onEnd(ended, null, null);
    dispatcher.onResponse(CALL_KIND, new Headers(499, 500, 149_000, 150_000));
    // A streaming call whose method has returned: its stream is read on, but the call is no
    // longer "on this thread".
    StreamObject streaming = startStream();
    dispatcher.onResponse(CALL_KIND, new Headers(499, 500, 149_000, 150_000));
    // A call in progress on another thread.
    Object elsewhere = dispatcher.onStart(CALL_KIND, CLIENT, MODEL_ASKED);
    Thread other =
        new Thread(() -> dispatcher.onResponse(CALL_KIND, new Headers(499, 500, 149_000, 150_000)));
    other.start();
    other.join(5_000);
    dispatcher.onEnd(elsewhere, null, null);
    dispatcher.onStreamClosed(streaming);

    assertThat(reader.rateLimitReads).hasValue(0);
    telemetry.collect();
    assertThat(telemetry.metricNames()).doesNotContain("ai.ratelimit.remaining", "ai.ratelimit.limit");
    assertThat(requestTotal()).isEqualTo(3);
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }
}
