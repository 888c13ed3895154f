package dev.llmlens.instrumentation.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class ErrorTypeTest {

  @Test
  void labelsAreTheFixedSetOfTheMetricsContract() {
    assertThat(ErrorType.values())
        .extracting(ErrorType::label)
        .containsExactly(
            "rate_limit",
            "timeout",
            "authentication",
            "permission_denied",
            "bad_request",
            "not_found",
            "context_length_exceeded",
            "content_filter",
            "server_error",
            "connection",
            "cancelled",
            "other");
  }

  @ParameterizedTest(name = "HTTP {0} -> {1}")
  @CsvSource({
    "400, BAD_REQUEST",
    "401, AUTHENTICATION",
    "403, PERMISSION_DENIED",
    "404, NOT_FOUND",
    "408, TIMEOUT",
    "409, OTHER",
    "413, CONTEXT_LENGTH_EXCEEDED",
    "418, OTHER",
    "422, BAD_REQUEST",
    "429, RATE_LIMIT",
    "499, OTHER",
    "500, SERVER_ERROR",
    "502, SERVER_ERROR",
    "503, SERVER_ERROR",
    "504, SERVER_ERROR",
    "529, SERVER_ERROR",
    "599, SERVER_ERROR",
    "200, OTHER",
    "302, OTHER",
    "0, OTHER",
    "-1, OTHER"
  })
  void fromHttpStatus(int status, ErrorType expected) {
    assertThat(ErrorType.fromHttpStatus(status)).isEqualTo(expected);
  }

  @Test
  void transportFailureOfNothingIsNull() {
    assertThat(ErrorType.fromTransportFailure(null)).isNull();
  }

  @Test
  void timeoutsAreTimeout() {
    assertThat(ErrorType.fromTransportFailure(new SocketTimeoutException("Read timed out")))
        .isEqualTo(ErrorType.TIMEOUT);
    assertThat(ErrorType.fromTransportFailure(new TimeoutException())).isEqualTo(ErrorType.TIMEOUT);
    assertThat(ErrorType.fromTransportFailure(new HttpTimeoutException("request timed out")))
        .isEqualTo(ErrorType.TIMEOUT);
    assertThat(ErrorType.fromTransportFailure(new HttpConnectTimeoutException("connect timed out")))
        .isEqualTo(ErrorType.TIMEOUT);
  }

  @Test
  void okHttpCallTimeoutIsTimeoutButAnInterruptIsCancelled() {
    assertThat(ErrorType.fromTransportFailure(new InterruptedIOException("timeout")))
        .isEqualTo(ErrorType.TIMEOUT);
    assertThat(ErrorType.fromTransportFailure(new InterruptedIOException("interrupted")))
        .isEqualTo(ErrorType.CANCELLED);
    assertThat(ErrorType.fromTransportFailure(new InterruptedIOException()))
        .isEqualTo(ErrorType.CANCELLED);
  }

  @Test
  void cancellationIsCancelled() {
    assertThat(ErrorType.fromTransportFailure(new CancellationException()))
        .isEqualTo(ErrorType.CANCELLED);
    assertThat(ErrorType.fromTransportFailure(new CompletionException(new CancellationException())))
        .isEqualTo(ErrorType.CANCELLED);
  }

  @Test
  void otherIoFailuresAreConnection() {
    assertThat(ErrorType.fromTransportFailure(new ConnectException("Connection refused")))
        .isEqualTo(ErrorType.CONNECTION);
    assertThat(ErrorType.fromTransportFailure(new UnknownHostException("api.openai.com")))
        .isEqualTo(ErrorType.CONNECTION);
    assertThat(ErrorType.fromTransportFailure(new IOException("unexpected end of stream")))
        .isEqualTo(ErrorType.CONNECTION);
  }

  @Test
  void nonIoFailuresAreNotTransportFailures() {
    assertThat(ErrorType.fromTransportFailure(new IllegalStateException("boom"))).isNull();
    assertThat(ErrorType.fromTransportFailure(new RuntimeException(new IllegalArgumentException())))
        .isNull();
  }

  @Test
  void causeChainIsSearched() {
    assertThat(
            ErrorType.fromTransportFailure(
                new ExecutionException(new RuntimeException(new ConnectException("refused")))))
        .isEqualTo(ErrorType.CONNECTION);
    assertThat(
            ErrorType.fromTransportFailure(
                new UncheckedIOException(new SocketTimeoutException("connect timed out"))))
        .isEqualTo(ErrorType.TIMEOUT);
  }

  @Test
  void timeoutDeepUnderAGenericIoExceptionWinsOverConnection() {
    Throwable chain =
        new RuntimeException(
            "request failed",
            new IOException(
                "stream was reset",
                new IOException("wrapped", new SocketTimeoutException("Read timed out"))));

    assertThat(ErrorType.fromTransportFailure(chain)).isEqualTo(ErrorType.TIMEOUT);
  }

  @Test
  void cancellationUnderAnIoExceptionIsCancelled() {
    Throwable chain = new IOException("aborted", new InterruptedIOException());

    assertThat(ErrorType.fromTransportFailure(chain)).isEqualTo(ErrorType.CANCELLED);
  }

  @Test
  void anInterruptedThreadIsCancelled() {
    assertThat(ErrorType.fromTransportFailure(new InterruptedException("sleep interrupted"))).isEqualTo(ErrorType.CANCELLED);
  }

  @Test
  void chainsDeeperThanSixteenAreCutOff() {
    Throwable chain = new SocketTimeoutException("deep");
    for (int i = 0; i < 15; i++) {
      chain = new RuntimeException(chain);
    }
    assertThat(ErrorType.fromTransportFailure(chain)).as("16 deep").isEqualTo(ErrorType.TIMEOUT);

    chain = new RuntimeException(chain);
    assertThat(ErrorType.fromTransportFailure(chain)).as("17 deep").isNull();
  }

  @Test
  void cyclicCauseChainTerminates() {
    RuntimeException first = new RuntimeException("first");
    RuntimeException second = new RuntimeException("second", first);
    first.initCause(second);

    assertThat(ErrorType.fromTransportFailure(first)).isNull();
  }
}
