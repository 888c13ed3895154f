package dev.llmlens.agent.recorder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import dev.llmlens.instrumentation.api.ErrorType;
import dev.llmlens.instrumentation.api.LlmCall;
import static dev.llmlens.agent.MetricsContract.*;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.metrics.data.HistogramPointData;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class LlmCallRecorderTest {


  private static final List<Double> GEN_AI_DURATION_BUCKETS =
      Arrays.asList(
          0.01, 0.02, 0.04, 0.08, 0.16, 0.32, 0.64, 1.28, 2.56, 5.12, 10.24, 20.48, 40.96, 81.92);
  private static final List<Double> GEN_AI_TOKEN_BUCKETS =
      Arrays.asList(
          1d, 4d, 16d, 64d, 256d, 1024d, 4096d, 16384d, 65536d, 262144d, 1048576d, 4194304d,
          16777216d, 67108864d);

  private TestTelemetry telemetry = new TestTelemetry(100);

  @AfterEach
  void close() {
    telemetry.close();
  }



  private static Attributes priced(String model) {
    return Attributes.of(PROVIDER, "openai", MODEL, model, FEATURE, "support");
  }

  private static Attributes tokens(String model, String direction) {
    return priced(model).toBuilder().put(DIRECTION, direction).build();
  }

  private static Attributes active() {
    return Attributes.of(PROVIDER, "openai", OPERATION, "chat", FEATURE, "support");
  }

  private static Attributes semconv(String requestModel, String responseModel) {
    io.opentelemetry.api.common.AttributesBuilder builder =
        Attributes.builder()
            .put(GEN_AI_OPERATION_NAME, "chat")
            .put(GEN_AI_PROVIDER_NAME, "openai")
            .put(GEN_AI_REQUEST_MODEL, requestModel)
            .put(FEATURE, "support")
            .put(SERVER_ADDRESS, "api.openai.com")
            .put(SERVER_PORT, 443L);
    if (responseModel != null) {
      builder.put(GEN_AI_RESPONSE_MODEL, responseModel);
    }
    return builder.build();
  }

  private void record(LlmCall call, String responseModel, long input, long output, ErrorType error) {
    InFlight inFlight = telemetry.recorder().begin(call, "support");
    call.responseModel(responseModel);
    call.tokens(input, output);
    call.errorType(error);
    telemetry.recorder().end(inFlight, call);
  }

  @Test
  void spansCarryTheFinishReasonsInOrderAndShareTheListOfASingleOne() {
    LlmCall stopped = chat("gpt-4o");
    stopped.addFinishReason("stop");
    LlmCall alsoStopped = chat("gpt-4o");
    alsoStopped.addFinishReason("stop");
    LlmCall two = chat("gpt-4o");
    two.addFinishReason("stop");
    two.addFinishReason("length");
    for (LlmCall call : Arrays.asList(stopped, alsoStopped, two)) {
      telemetry.recorder().end(telemetry.recorder().begin(call, "support"), call);
    }

    telemetry.collect();
    assertThat(telemetry.spans())
        .extracting(span -> span.getAttributes().get(GEN_AI_RESPONSE_FINISH_REASONS))
        .containsExactly(List.of("stop"), List.of("stop"), List.of("stop", "length"));
    // Nearly every call ends with one reason: its list is made once, not per call.
    List<String> shared = telemetry.recorder().finishReasons(stopped);
    assertThat(telemetry.recorder().finishReasons(alsoStopped)).isSameAs(shared);
    assertThat(telemetry.recorder().finishReasons(two)).isNotSameAs(telemetry.recorder().finishReasons(two));
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> shared.add("length"))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void finishReasonListsAreSharedForABoundedNumberOfReasonsOnly() {
    for (int i = 0; i < LlmCallRecorder.MAX_SHARED_FINISH_REASONS + 10; i++) {
      LlmCall call = chat("gpt-4o");
      call.addFinishReason("reason-" + i);
      List<String> reasons = telemetry.recorder().finishReasons(call);
      assertThat(reasons).containsExactly("reason-" + i);
      boolean shared = telemetry.recorder().finishReasons(call) == reasons;
      assertThat(shared).as("reason %d shared", i).isEqualTo(i < LlmCallRecorder.MAX_SHARED_FINISH_REASONS);
    }
  }

  @Test
  void successWithTokens() throws InterruptedException {
    LlmCall call = chat("gpt-4o");
    InFlight inFlight = telemetry.recorder().begin(call, "support");
    Thread.sleep(15);
    call.responseModel("gpt-4o-2024-08-06");
    call.tokens(1000, 500);
    telemetry.recorder().end(inFlight, call);

    telemetry.collect();
    assertThat(telemetry.metricNames())
        .containsExactly(
            "ai.active_requests",
            "ai.cost",
            "ai.pricing.catalog",
            "ai.request.duration",
            "ai.requests",
            "ai.tokens",
            "gen_ai.client.operation.duration",
            "gen_ai.client.token.usage");
    assertThat(telemetry.longSums("ai.requests"))
        .containsExactly(entry(requests("gpt-4o", "success"), 1L));
    assertThat(telemetry.longSums("ai.tokens"))
        .containsOnly(
            entry(tokens("gpt-4o", "input"), 1000L), entry(tokens("gpt-4o", "output"), 500L));
    assertThat(telemetry.doubleSums("ai.cost")).containsExactly(entry(priced("gpt-4o"), 0.0075));
    assertThat(telemetry.longSums("ai.active_requests")).containsExactly(entry(active(), 0L));

    Map<Attributes, HistogramPointData> duration = telemetry.histogram("ai.request.duration");
    assertThat(duration).containsOnlyKeys(requests("gpt-4o", "success"));
    HistogramPointData seconds = duration.get(requests("gpt-4o", "success"));
    assertThat(seconds.getCount()).isEqualTo(1);
    assertThat(seconds.getSum()).isBetween(0.015, 10.0);
    assertThat(seconds.getBoundaries()).isEqualTo(GEN_AI_DURATION_BUCKETS);
    assertThat(telemetry.metric("ai.request.duration").getUnit()).isEqualTo("s");

    Map<Attributes, HistogramPointData> semconvDuration =
        telemetry.histogram("gen_ai.client.operation.duration");
    assertThat(semconvDuration).containsOnlyKeys(semconv("gpt-4o", "gpt-4o-2024-08-06"));
    HistogramPointData semconvSeconds = semconvDuration.get(semconv("gpt-4o", "gpt-4o-2024-08-06"));
    assertThat(semconvSeconds.getCount()).isEqualTo(1);
    assertThat(semconvSeconds.getSum()).isEqualTo(seconds.getSum());
    assertThat(semconvSeconds.getBoundaries()).isEqualTo(GEN_AI_DURATION_BUCKETS);
    assertThat(telemetry.metric("gen_ai.client.operation.duration").getUnit()).isEqualTo("s");

    Attributes inputType =
        semconv("gpt-4o", "gpt-4o-2024-08-06").toBuilder().put(GEN_AI_TOKEN_TYPE, "input").build();
    Attributes outputType =
        semconv("gpt-4o", "gpt-4o-2024-08-06").toBuilder().put(GEN_AI_TOKEN_TYPE, "output").build();
    Map<Attributes, HistogramPointData> tokenUsage =
        telemetry.histogram("gen_ai.client.token.usage");
    assertThat(tokenUsage).containsOnlyKeys(inputType, outputType);
    assertThat(tokenUsage.get(inputType).getCount()).isEqualTo(1);
    assertThat(tokenUsage.get(inputType).getSum()).isEqualTo(1000.0);
    assertThat(tokenUsage.get(outputType).getCount()).isEqualTo(1);
    assertThat(tokenUsage.get(outputType).getSum()).isEqualTo(500.0);
    assertThat(tokenUsage.get(inputType).getBoundaries()).isEqualTo(GEN_AI_TOKEN_BUCKETS);
    assertThat(telemetry.metric("gen_ai.client.token.usage").getUnit()).isEqualTo("{token}");

    assertThat(telemetry.spans()).hasSize(1);
    SpanData span = telemetry.spans().get(0);
    assertThat(span.getName()).isEqualTo("chat gpt-4o");
    assertThat(span.getKind()).isEqualTo(SpanKind.CLIENT);
    assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);
    assertThat(span.getAttributes().asMap())
        .isEqualTo(
            semconv("gpt-4o", "gpt-4o-2024-08-06").toBuilder()
                .put(INPUT_TOKENS, 1000L)
                .put(OUTPUT_TOKENS, 500L)
                .build()
                .asMap());
    assertThat(span.hasEnded()).isTrue();
  }

  @Test
  void errorWithItsType() {
    record(chat("gpt-4o"), null, LlmCall.UNKNOWN, LlmCall.UNKNOWN, ErrorType.RATE_LIMIT);

    telemetry.collect();
    assertThat(telemetry.metricNames())
        .containsExactly(
            "ai.active_requests",
            "ai.errors",
            "ai.pricing.catalog",
            "ai.request.duration",
            "ai.requests",
            "gen_ai.client.operation.duration");
    assertThat(telemetry.longSums("ai.requests"))
        .containsExactly(entry(requests("gpt-4o", "error"), 1L));
    assertThat(telemetry.longSums("ai.errors"))
        .containsExactly(
            entry(
                Attributes.builder()
                    .put(PROVIDER, "openai")
                    .put(OPERATION, "chat")
                    .put(MODEL, "gpt-4o")
                    .put(FEATURE, "support")
                    .put(ERROR_TYPE, "rate_limit")
                    .build(),
                1L));
    assertThat(telemetry.histogram("ai.request.duration"))
        .containsOnlyKeys(requests("gpt-4o", "error"));
    Attributes semconvError =
        semconv("gpt-4o", null).toBuilder().put(ERROR_TYPE_SEMCONV, "rate_limit").build();
    assertThat(telemetry.histogram("gen_ai.client.operation.duration")).containsOnlyKeys(semconvError);
    assertThat(telemetry.longSums("ai.active_requests")).containsExactly(entry(active(), 0L));

    SpanData span = telemetry.spans().get(0);
    assertThat(span.getName()).isEqualTo("chat gpt-4o");
    assertThat(span.getKind()).isEqualTo(SpanKind.CLIENT);
    assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
    assertThat(span.getAttributes().asMap()).isEqualTo(semconvError.asMap());
  }

  @Test
  void errorsOfDifferentTypesAreSeparateSeries() {
    record(chat("gpt-4o"), null, LlmCall.UNKNOWN, LlmCall.UNKNOWN, ErrorType.TIMEOUT);
    record(chat("gpt-4o"), null, LlmCall.UNKNOWN, LlmCall.UNKNOWN, ErrorType.TIMEOUT);
    record(chat("gpt-4o"), null, LlmCall.UNKNOWN, LlmCall.UNKNOWN, ErrorType.SERVER_ERROR);
    record(chat("gpt-4o"), "gpt-4o-2024-08-06", 10, 2, null);

    Attributes base =
        Attributes.builder()
            .put(PROVIDER, "openai")
            .put(OPERATION, "chat")
            .put(MODEL, "gpt-4o")
            .put(FEATURE, "support")
            .build();
    assertThat(telemetry.collect().longSums("ai.errors"))
        .containsOnly(
            entry(base.toBuilder().put(ERROR_TYPE, "timeout").build(), 2L),
            entry(base.toBuilder().put(ERROR_TYPE, "server_error").build(), 1L));
    assertThat(telemetry.longSums("ai.requests"))
        .containsOnly(
            entry(requests("gpt-4o", "error"), 3L), entry(requests("gpt-4o", "success"), 1L));
  }

  @Test
  void unknownTokensGiveNoTokenSeriesAndNoCost() {
    record(chat("gpt-4o"), "gpt-4o-2024-08-06", LlmCall.UNKNOWN, LlmCall.UNKNOWN, null);

    telemetry.collect();
    assertThat(telemetry.metricNames())
        .containsExactly(
            "ai.active_requests",
            "ai.pricing.catalog",
            "ai.request.duration",
            "ai.requests",
            "gen_ai.client.operation.duration");
    assertThat(telemetry.longSums("ai.requests"))
        .containsExactly(entry(requests("gpt-4o", "success"), 1L));
    SpanData span = telemetry.spans().get(0);
    assertThat(span.getAttributes().get(INPUT_TOKENS)).isNull();
    assertThat(span.getAttributes().get(OUTPUT_TOKENS)).isNull();
    assertThat(span.getAttributes().get(GEN_AI_RESPONSE_MODEL)).isEqualTo("gpt-4o-2024-08-06");
  }

  @Test
  void zeroTokensAreRecordedAsZero() {
    record(chat("gpt-4o"), null, 0, 0, null);

    assertThat(telemetry.collect().longSums("ai.tokens"))
        .containsOnly(entry(tokens("gpt-4o", "input"), 0L), entry(tokens("gpt-4o", "output"), 0L));
    assertThat(telemetry.doubleSums("ai.cost")).containsExactly(entry(priced("gpt-4o"), 0.0));
  }

  @Test
  void unpricedModelIsCountedAndHasNoCost() {
    record(chat("my-finetune"), "my-finetune", 10, 5, null);

    telemetry.collect();
    assertThat(telemetry.metricNames()).doesNotContain("ai.cost");
    assertThat(telemetry.longSums("ai.unpriced_requests"))
        .containsExactly(entry(priced("my-finetune"), 1L));
    assertThat(telemetry.longSums("ai.tokens"))
        .containsOnly(
            entry(tokens("my-finetune", "input"), 10L), entry(tokens("my-finetune", "output"), 5L));
  }

  @Test
  void costUsesTheResponseModelSnapshotPrice() {
    // Requested as gpt-4o-mini; priced from the reported snapshot, which is the same family.
    record(chat("gpt-4o-mini"), "gpt-4o-mini-2024-07-18", 1000, 500, null);

    assertThat(telemetry.collect().doubleSums("ai.cost"))
        .containsExactly(entry(priced("gpt-4o-mini"), 0.00045));
  }

  @Test
  void costIsSummedOverCalls() {
    record(chat("gpt-4o"), "gpt-4o-2024-08-06", 1000, 500, null);
    record(chat("gpt-4o"), "gpt-4o-2024-08-06", 1000, 500, null);

    assertThat(telemetry.collect().doubleSums("ai.cost"))
        .containsExactly(entry(priced("gpt-4o"), 0.015));
    assertThat(telemetry.longSums("ai.tokens"))
        .containsOnly(
            entry(tokens("gpt-4o", "input"), 2000L), entry(tokens("gpt-4o", "output"), 1000L));
  }

  @Test
  void withoutARequestModelTheModelLabelIsTheResponseModel() {
    record(chat(null), "gpt-4o-mini-2024-07-18", 1000, 500, null);

    telemetry.collect();
    assertThat(telemetry.longSums("ai.requests"))
        .containsExactly(entry(requests("gpt-4o-mini-2024-07-18", "success"), 1L));
    assertThat(telemetry.histogram("ai.request.duration"))
        .containsOnlyKeys(requests("gpt-4o-mini-2024-07-18", "success"));
    assertThat(telemetry.longSums("ai.tokens"))
        .containsOnly(
            entry(tokens("gpt-4o-mini-2024-07-18", "input"), 1000L),
            entry(tokens("gpt-4o-mini-2024-07-18", "output"), 500L));
    assertThat(telemetry.doubleSums("ai.cost"))
        .containsExactly(entry(priced("gpt-4o-mini-2024-07-18"), 0.00045));
    assertThat(telemetry.longSums("ai.active_requests")).containsExactly(entry(active(), 0L));
    assertThat(telemetry.spans().get(0).getAttributes().get(GEN_AI_RESPONSE_MODEL))
        .isEqualTo("gpt-4o-mini-2024-07-18");
  }

  @Test
  void withoutARequestModelTheSpanIsNamedAfterTheResponseModel() {
    record(chat(null), "gpt-4o-mini-2024-07-18", 1000, 500, null);

    assertThat(telemetry.spans()).extracting(SpanData::getName)
        .containsExactly("chat gpt-4o-mini-2024-07-18");
  }

  @Test
  void modelPastTheCardinalityLimitIsStillPriced() {
    telemetry.close();
    telemetry = new TestTelemetry(1);

    record(chat("gpt-4o-mini"), null, 1, 1, null);
    record(chat("gpt-4o"), null, 1000, 500, null);

    telemetry.collect();
    assertThat(telemetry.metricNames()).doesNotContain("ai.unpriced_requests");
    assertThat(telemetry.doubleSums("ai.cost")).containsEntry(priced("other"), 0.0075);
  }

  @Test
  void withoutAnyModelTheModelLabelIsUnknown() {
    record(chat(null), null, LlmCall.UNKNOWN, LlmCall.UNKNOWN, ErrorType.CONNECTION);

    assertThat(telemetry.collect().longSums("ai.requests"))
        .containsExactly(entry(requests("unknown", "error"), 1L));
  }

  @Test
  void activeRequestsCountCallsInFlight() {
    LlmCall first = chat("gpt-4o");
    LlmCall second = chat("gpt-4o-mini");
    InFlight firstInFlight = telemetry.recorder().begin(first, "support");
    InFlight secondInFlight = telemetry.recorder().begin(second, "support");

    assertThat(telemetry.collect().longSums("ai.active_requests"))
        .containsExactly(entry(active(), 2L));
    assertThat(telemetry.metricNames()).containsExactly("ai.active_requests", "ai.pricing.catalog");

    telemetry.recorder().end(firstInFlight, first);
    assertThat(telemetry.collect().longSums("ai.active_requests"))
        .containsExactly(entry(active(), 1L));

    second.errorType(ErrorType.CANCELLED);
    telemetry.recorder().end(secondInFlight, second);
    assertThat(telemetry.collect().longSums("ai.active_requests"))
        .containsExactly(entry(active(), 0L));
  }

  @Test
  void withoutAServerThereAreNoServerAttributes() {
    LlmCall call = new LlmCall("openai", "chat");
    call.requestModel("gpt-4o");
    record(call, null, 1, 1, null);

    Attributes withoutServer =
        Attributes.builder()
            .put(GEN_AI_OPERATION_NAME, "chat")
            .put(GEN_AI_PROVIDER_NAME, "openai")
            .put(GEN_AI_REQUEST_MODEL, "gpt-4o")
            .put(FEATURE, "support")
            .build();
    assertThat(telemetry.collect().histogram("gen_ai.client.operation.duration"))
        .containsOnlyKeys(withoutServer);
    assertThat(telemetry.spans().get(0).getAttributes().asMap())
        .isEqualTo(
            withoutServer.toBuilder().put(INPUT_TOKENS, 1L).put(OUTPUT_TOKENS, 1L).build().asMap());
  }

  @Test
  void serverWithoutAPortHasOnlyItsAddress() {
    LlmCall call = new LlmCall("openai", "chat");
    call.requestModel("gpt-4o");
    call.server("llm.internal", -1);
    record(call, null, LlmCall.UNKNOWN, LlmCall.UNKNOWN, null);

    Attributes attributes =
        telemetry.collect().histogram("gen_ai.client.operation.duration").keySet().iterator().next();
    assertThat(attributes.get(SERVER_ADDRESS)).isEqualTo("llm.internal");
    assertThat(attributes.get(SERVER_PORT)).isNull();
  }

  @Test
  void modelsBeyondTheCardinalityLimitBecomeOther() {
    telemetry.close();
    telemetry = new TestTelemetry(2);

    record(chat("gpt-4o"), null, LlmCall.UNKNOWN, LlmCall.UNKNOWN, null);
    record(chat("gpt-4o-mini"), null, LlmCall.UNKNOWN, LlmCall.UNKNOWN, null);
    record(chat("gpt-4.1"), null, LlmCall.UNKNOWN, LlmCall.UNKNOWN, null);
    record(chat("gpt-4o"), null, LlmCall.UNKNOWN, LlmCall.UNKNOWN, null);

    telemetry.collect();
    assertThat(telemetry.longSums("ai.requests"))
        .containsOnly(
            entry(requests("gpt-4o", "success"), 2L),
            entry(requests("gpt-4o-mini", "success"), 1L),
            entry(requests("other", "success"), 1L));
    assertThat(telemetry.longSums("ai.label_overflow"))
        .containsExactly(entry(Attributes.of(LABEL, "model"), 1L));
    // Spans have no cardinality limit: they keep the exact model.
    assertThat(telemetry.spans()).extracting(SpanData::getName)
        .containsExactly("chat gpt-4o", "chat gpt-4o-mini", "chat gpt-4.1", "chat gpt-4o");
  }

  @Test
  void responseModelsBeyondTheCardinalityLimitBecomeOther() {
    telemetry.close();
    telemetry = new TestTelemetry(2);

    record(chat("gpt-4o"), "gpt-4o-2024-05-13", LlmCall.UNKNOWN, LlmCall.UNKNOWN, null);
    record(chat("gpt-4o"), "gpt-4o-2024-08-06", LlmCall.UNKNOWN, LlmCall.UNKNOWN, null);
    record(chat("gpt-4o"), "gpt-4o-2024-11-20", LlmCall.UNKNOWN, LlmCall.UNKNOWN, null);

    telemetry.collect();
    assertThat(telemetry.longSums("ai.requests"))
        .containsExactly(entry(requests("gpt-4o", "success"), 3L));
    assertThat(telemetry.longSums("ai.label_overflow"))
        .containsExactly(entry(Attributes.of(LABEL, "response_model"), 1L));
    assertThat(telemetry.histogram("gen_ai.client.operation.duration"))
        .containsOnlyKeys(
            semconv("gpt-4o", "gpt-4o-2024-05-13"),
            semconv("gpt-4o", "gpt-4o-2024-08-06"),
            semconv("gpt-4o", "other"));
  }

  @Test
  void featuresBeyondTheCardinalityLimitBecomeOther() {
    telemetry.close();
    telemetry = new TestTelemetry(1);
    LlmCall first = chat("gpt-4o");
    telemetry.recorder().end(telemetry.recorder().begin(first, "support"), first);
    LlmCall second = chat("gpt-4o");
    telemetry.recorder().end(telemetry.recorder().begin(second, "search"), second);

    telemetry.collect();
    assertThat(telemetry.longSums("ai.active_requests"))
        .containsOnly(
            entry(active(), 0L),
            entry(Attributes.of(PROVIDER, "openai", OPERATION, "chat", FEATURE, "other"), 0L));
    assertThat(telemetry.longSums("ai.label_overflow"))
        .containsExactly(entry(Attributes.of(LABEL, "feature"), 1L));
  }

  @Test
  void instrumentDescriptionsAndUnits() {
    record(chat("my-finetune"), null, 1, 1, ErrorType.OTHER);
    telemetry.collect();

    assertThat(telemetry.metric("ai.requests").getUnit()).isEqualTo("{request}");
    assertThat(telemetry.metric("ai.tokens").getUnit()).isEqualTo("{token}");
    assertThat(telemetry.metric("ai.errors").getUnit()).isEqualTo("{error}");
    assertThat(telemetry.metric("ai.active_requests").getUnit()).isEqualTo("{request}");
    assertThat(telemetry.metric("ai.unpriced_requests").getUnit()).isEqualTo("{request}");
    assertThat(telemetry.metric("ai.requests").getLongSumData().isMonotonic()).isTrue();
    assertThat(telemetry.metric("ai.active_requests").getLongSumData().isMonotonic()).isFalse();
  }
}
