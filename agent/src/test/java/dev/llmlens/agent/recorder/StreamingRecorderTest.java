package dev.llmlens.agent.recorder;

import static dev.llmlens.agent.MetricsContract.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import dev.llmlens.instrumentation.api.ErrorType;
import dev.llmlens.instrumentation.api.LlmCall;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.sdk.metrics.data.HistogramPointData;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The series a streamed or detailed response adds to a call: finish reasons per choice, token
 * details (parts of ai.tokens, never added to it), streams whose provider reported no usage,
 * time to first chunk and token, and their span attributes.
 */
class StreamingRecorderTest {

  private TestTelemetry telemetry = new TestTelemetry(100);

  @AfterEach
  void close() {
    telemetry.close();
  }


  private static LlmCall streamingChat(String requestModel) {
    LlmCall call = chat(requestModel);
    call.markStreaming();
    return call;
  }

  private static Attributes perModel(String model) {
    return Attributes.of(PROVIDER, "openai", MODEL, model, FEATURE, "support");
  }

  private static Attributes finishReason(String model, String reason) {
    return Attributes.of(PROVIDER, "openai", MODEL, model, FEATURE, "support", FINISH_REASON, reason);
  }

  private static Attributes tokenDetail(String model, String type) {
    return perModel(model).toBuilder().put(TYPE, type).build();
  }

  private static Attributes tokens(String model, String direction) {
    return perModel(model).toBuilder().put(DIRECTION, direction).build();
  }

  private InFlight begin(LlmCall call) {
    return telemetry.recorder().begin(call, "support");
  }

  private void end(InFlight inFlight, LlmCall call) {
    telemetry.recorder().end(inFlight, call);
  }

  private void record(LlmCall call) {
    end(begin(call), call);
  }

  // ---------------------------------------------------------------------------------------------
  // Finish reasons

  @Test
  void finishReasonsAreCountedPerChoice() {
    LlmCall threeChoices = chat("gpt-4o");
    threeChoices.addFinishReason("stop");
    threeChoices.addFinishReason("length");
    threeChoices.addFinishReason("stop");
    record(threeChoices);
    LlmCall filtered = streamingChat("gpt-4o");
    filtered.addFinishReason("content_filter");
    record(filtered);
    LlmCall otherModel = chat("gpt-4o-mini");
    otherModel.addFinishReason("tool_calls");
    record(otherModel);

    assertThat(telemetry.collect().longSums("ai.finish_reasons"))
        .containsOnly(
            entry(finishReason("gpt-4o", "stop"), 2L),
            entry(finishReason("gpt-4o", "length"), 1L),
            entry(finishReason("gpt-4o", "content_filter"), 1L),
            entry(finishReason("gpt-4o-mini", "tool_calls"), 1L));
    assertThat(telemetry.metric("ai.finish_reasons").getUnit()).isEqualTo("{choice}");
  }

  @Test
  void withoutARequestModelFinishReasonsCarryTheResponseModel() {
    LlmCall call = chat(null);
    call.responseModel("gpt-4o-mini-2024-07-18");
    call.addFinishReason("stop");
    record(call);

    assertThat(telemetry.collect().longSums("ai.finish_reasons"))
        .containsExactly(entry(finishReason("gpt-4o-mini-2024-07-18", "stop"), 1L));
  }

  @Test
  void noFinishReasonGivesNoSeries() {
    LlmCall call = chat("gpt-4o");
    call.addFinishReason(null);
    record(call);

    telemetry.collect();
    assertThat(telemetry.metricNames()).doesNotContain("ai.finish_reasons");
    assertThat(telemetry.spans().get(0).getAttributes().get(GEN_AI_RESPONSE_FINISH_REASONS)).isNull();
  }

  @Test
  void finishReasonsBeyondTheCardinalityLimitBecomeOther() {
    telemetry.close();
    telemetry = new TestTelemetry(2);
    LlmCall call = chat("gpt-4o");
    call.addFinishReason("stop");
    call.addFinishReason("length");
    call.addFinishReason("made_up_by_a_proxy");
    record(call);

    assertThat(telemetry.collect().longSums("ai.finish_reasons"))
        .containsOnly(
            entry(finishReason("gpt-4o", "stop"), 1L),
            entry(finishReason("gpt-4o", "length"), 1L),
            entry(finishReason("gpt-4o", "other"), 1L));
    assertThat(telemetry.longSums("ai.label_overflow"))
        .containsExactly(entry(Attributes.of(LABEL, "finish_reason"), 1L));
    // The span keeps the exact values.
    assertThat(telemetry.spans().get(0).getAttributes().get(GEN_AI_RESPONSE_FINISH_REASONS))
        .containsExactly("stop", "length", "made_up_by_a_proxy");
  }

  // ---------------------------------------------------------------------------------------------
  // Token details

  @Test
  void tokenDetailsAreTheirOwnSeriesAndNotAddedToTokens() {
    LlmCall call = chat("gpt-4o");
    call.responseModel("gpt-4o-2024-08-06");
    call.tokens(1000, 500);
    call.tokenDetails(400, 120);
    record(call);

    LlmCall plain = chat("gpt-4o");
    plain.responseModel("gpt-4o-2024-08-06");
    plain.tokens(1000, 500);
    TestTelemetry withoutDetails = new TestTelemetry(100);
    try {
      InFlight inFlight = withoutDetails.recorder().begin(plain, "support");
      withoutDetails.recorder().end(inFlight, plain);
      withoutDetails.collect();

      telemetry.collect();
      assertThat(telemetry.longSums("ai.token_details"))
          .containsOnly(
              entry(tokenDetail("gpt-4o", "cached_input"), 400L),
              entry(tokenDetail("gpt-4o", "reasoning"), 120L));
      assertThat(telemetry.longSums("ai.tokens"))
          .containsOnly(entry(tokens("gpt-4o", "input"), 1000L), entry(tokens("gpt-4o", "output"), 500L));
      // Cached input is priced at the cached rate: gpt-4o $2.50 input, $1.25 cached, $10 output.
      assertThat(withoutDetails.doubleSums("ai.cost").values()).containsExactly((1000 * 2.50 + 500 * 10.0) / 1e6);
      assertThat(telemetry.doubleSums("ai.cost").values())
          .singleElement()
          .satisfies(cost -> assertThat(cost).isCloseTo((600 * 2.50 + 400 * 1.25 + 500 * 10.0) / 1e6, org.assertj.core.api.Assertions.within(1e-12)));
      Map<Attributes, HistogramPointData> usage = telemetry.histogram("gen_ai.client.token.usage");
      assertThat(usage.values().stream().mapToDouble(HistogramPointData::getSum).sum()).isEqualTo(1500.0);
      assertThat(telemetry.metric("ai.token_details").getUnit()).isEqualTo("{token}");
    } finally {
      withoutDetails.close();
    }
  }

  @Test
  void zeroOrUnknownTokenDetailsGiveNoSeries() {
    LlmCall zero = chat("gpt-4o");
    zero.tokens(10, 5);
    zero.tokenDetails(0, 0);
    record(zero);
    LlmCall unknown = chat("gpt-4o");
    unknown.tokens(10, 5);
    unknown.tokenDetails(LlmCall.UNKNOWN, LlmCall.UNKNOWN);
    record(unknown);
    LlmCall onlyCached = chat("gpt-4o");
    onlyCached.tokens(10, 5);
    onlyCached.tokenDetails(8, LlmCall.UNKNOWN);
    record(onlyCached);

    assertThat(telemetry.collect().longSums("ai.token_details"))
        .containsExactly(entry(tokenDetail("gpt-4o", "cached_input"), 8L));
  }

  // ---------------------------------------------------------------------------------------------
  // Streams without usage

  @Test
  void onlyStreamsWithoutUsageAndWithoutErrorAreStreamsWithoutUsage() {
    LlmCall withoutUsage = streamingChat("gpt-4o");
    record(withoutUsage);
    LlmCall withUsage = streamingChat("gpt-4o");
    withUsage.tokens(30, 4);
    record(withUsage);
    LlmCall onlyOutput = streamingChat("gpt-4o");
    onlyOutput.tokens(LlmCall.UNKNOWN, 4);
    record(onlyOutput);
    LlmCall failed = streamingChat("gpt-4o");
    failed.errorType(ErrorType.CONNECTION);
    record(failed);
    LlmCall notStreamed = chat("gpt-4o");
    record(notStreamed);
    LlmCall otherModel = streamingChat("gpt-4o-mini");
    record(otherModel);

    assertThat(telemetry.collect().longSums("ai.streams_without_usage"))
        .containsOnly(entry(perModel("gpt-4o"), 1L), entry(perModel("gpt-4o-mini"), 1L));
    assertThat(telemetry.longSums("ai.requests").values().stream().mapToLong(Long::longValue).sum())
        .isEqualTo(6);
  }

  @Test
  void streamsWithUsageOnlyGiveNoSeries() {
    LlmCall call = streamingChat("gpt-4o");
    call.tokens(30, 4);
    record(call);

    telemetry.collect();
    assertThat(telemetry.metricNames()).doesNotContain("ai.streams_without_usage");
  }

  // ---------------------------------------------------------------------------------------------
  // Time to first chunk and token, span attributes

  @Test
  void firstChunkAndFirstTokenAreMeasuredFromTheStartAndSetOnTheSpan() throws InterruptedException {
    LlmCall call = streamingChat("gpt-4o");
    InFlight inFlight = begin(call);
    Thread.sleep(20);
    call.chunkArrived(System.nanoTime(), false);
    Thread.sleep(30);
    call.chunkArrived(System.nanoTime(), true);
    call.chunkArrived(System.nanoTime(), true);
    call.responseModel("gpt-4o-2024-08-06");
    call.addFinishReason("stop");
    call.addFinishReason("length");
    end(inFlight, call);

    telemetry.collect();
    Map<Attributes, HistogramPointData> firstChunk =
        telemetry.histogram("gen_ai.client.operation.time_to_first_chunk");
    assertThat(firstChunk).hasSize(1);
    Attributes semconv = firstChunk.keySet().iterator().next();
    assertThat(semconv.get(GEN_AI_REQUEST_MODEL)).isEqualTo("gpt-4o");
    assertThat(semconv.get(GEN_AI_RESPONSE_MODEL)).isEqualTo("gpt-4o-2024-08-06");
    assertThat(semconv.get(GEN_AI_OPERATION_NAME)).isEqualTo("chat");
    assertThat(semconv.get(GEN_AI_PROVIDER_NAME)).isEqualTo("openai");
    HistogramPointData chunkSeconds = firstChunk.get(semconv);
    assertThat(chunkSeconds.getCount()).isEqualTo(1);
    assertThat(chunkSeconds.getSum()).isBetween(0.02, 10.0);
    assertThat(telemetry.metric("gen_ai.client.operation.time_to_first_chunk").getUnit()).isEqualTo("s");

    Map<Attributes, HistogramPointData> firstToken = telemetry.histogram("ai.time_to_first_token");
    assertThat(firstToken).containsOnlyKeys(perModel("gpt-4o"));
    assertThat(firstToken.get(perModel("gpt-4o")).getCount()).isEqualTo(1);
    assertThat(firstToken.get(perModel("gpt-4o")).getSum()).isGreaterThanOrEqualTo(chunkSeconds.getSum() + 0.03);

    SpanData span = telemetry.spans().get(0);
    assertThat(span.getAttributes().get(GEN_AI_RESPONSE_TIME_TO_FIRST_CHUNK)).isEqualTo(chunkSeconds.getSum());
    assertThat(span.getAttributes().get(GEN_AI_RESPONSE_FINISH_REASONS))
        .isEqualTo(Arrays.asList("stop", "length"));
  }

  @Test
  void streamWithoutChunksHasNoFirstChunkOrToken() {
    LlmCall call = streamingChat("gpt-4o");
    record(call);

    telemetry.collect();
    assertThat(telemetry.metricNames())
        .doesNotContain("gen_ai.client.operation.time_to_first_chunk", "ai.time_to_first_token");
    SpanData span = telemetry.spans().get(0);
    assertThat(span.getAttributes().get(GEN_AI_RESPONSE_TIME_TO_FIRST_CHUNK)).isNull();
    assertThat(span.getAttributes().get(GEN_AI_RESPONSE_FINISH_REASONS)).isNull();
  }

  @Test
  void failedStreamKeepsItsFirstChunkWithTheErrorType() {
    LlmCall call = streamingChat("gpt-4o");
    InFlight inFlight = begin(call);
    call.chunkArrived(System.nanoTime(), true);
    call.errorType(ErrorType.SERVER_ERROR);
    end(inFlight, call);

    Attributes semconv =
        telemetry.collect().histogram("gen_ai.client.operation.time_to_first_chunk").keySet().iterator().next();
    assertThat(semconv.get(ERROR_TYPE_SEMCONV)).isEqualTo("server_error");
    assertThat(telemetry.histogram("ai.time_to_first_token")).containsOnlyKeys(perModel("gpt-4o"));
    assertThat(telemetry.spans().get(0).getAttributes().get(GEN_AI_RESPONSE_TIME_TO_FIRST_CHUNK)).isNotNull();
  }
}
