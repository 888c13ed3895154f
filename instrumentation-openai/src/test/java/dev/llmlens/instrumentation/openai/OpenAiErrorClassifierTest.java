package dev.llmlens.instrumentation.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.http.Headers;
import com.openai.errors.BadRequestException;
import com.openai.errors.InternalServerException;
import com.openai.errors.NotFoundException;
import com.openai.errors.OpenAIInvalidDataException;
import com.openai.errors.OpenAIIoException;
import com.openai.errors.OpenAIRetryableException;
import com.openai.errors.PermissionDeniedException;
import com.openai.errors.RateLimitException;
import com.openai.errors.SseException;
import com.openai.errors.UnauthorizedException;
import com.openai.errors.UnexpectedStatusCodeException;
import com.openai.errors.UnprocessableEntityException;
import com.openai.models.ChatModel;
import com.openai.models.ErrorObject;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import dev.llmlens.instrumentation.api.ErrorType;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class OpenAiErrorClassifierTest {

  private static final Headers HEADERS = Headers.builder().build();

  private final OpenAiErrorClassifier classifier = new OpenAiErrorClassifier();

  private static ErrorObject apiError(String code) {
    return ErrorObject.builder()
        .message("This model's maximum context length is 128000 tokens.")
        .type("invalid_request_error")
        .param("messages")
        .code(code)
        .build();
  }

  @Test
  void rateLimit() {
    assertThat(classifier.classify(RateLimitException.builder().headers(HEADERS).build()))
        .isEqualTo(ErrorType.RATE_LIMIT);
  }

  @Test
  void authentication() {
    assertThat(classifier.classify(UnauthorizedException.builder().headers(HEADERS).build()))
        .isEqualTo(ErrorType.AUTHENTICATION);
  }

  @Test
  void permissionDenied() {
    assertThat(classifier.classify(PermissionDeniedException.builder().headers(HEADERS).build()))
        .isEqualTo(ErrorType.PERMISSION_DENIED);
  }

  @Test
  void notFound() {
    assertThat(classifier.classify(NotFoundException.builder().headers(HEADERS).build()))
        .isEqualTo(ErrorType.NOT_FOUND);
  }

  @Test
  void badRequest() {
    assertThat(classifier.classify(BadRequestException.builder().headers(HEADERS).build()))
        .isEqualTo(ErrorType.BAD_REQUEST);
    assertThat(
            classifier.classify(
                BadRequestException.builder()
                    .headers(HEADERS)
                    .error(apiError("invalid_value"))
                    .build()))
        .isEqualTo(ErrorType.BAD_REQUEST);
  }

  @Test
  void badRequestWithContextLengthExceededCode() {
    BadRequestException error =
        BadRequestException.builder()
            .headers(HEADERS)
            .error(apiError("context_length_exceeded"))
            .build();

    assertThat(error.code()).hasValue("context_length_exceeded");
    assertThat(classifier.classify(error)).isEqualTo(ErrorType.CONTEXT_LENGTH_EXCEEDED);
  }

  @Test
  void badRequestWithContentFilterCodes() {
    assertThat(
            classifier.classify(
                BadRequestException.builder()
                    .headers(HEADERS)
                    .error(apiError("content_filter"))
                    .build()))
        .isEqualTo(ErrorType.CONTENT_FILTER);
    assertThat(
            classifier.classify(
                BadRequestException.builder()
                    .headers(HEADERS)
                    .error(apiError("content_policy_violation"))
                    .build()))
        .isEqualTo(ErrorType.CONTENT_FILTER);
  }

  @Test
  void unprocessableEntityIsBadRequest() {
    assertThat(classifier.classify(UnprocessableEntityException.builder().headers(HEADERS).build()))
        .isEqualTo(ErrorType.BAD_REQUEST);
  }

  @Test
  void internalServerErrorIsServerErrorWhateverItsStatus() {
    assertThat(
            classifier.classify(
                InternalServerException.builder().statusCode(500).headers(HEADERS).build()))
        .isEqualTo(ErrorType.SERVER_ERROR);
    assertThat(
            classifier.classify(
                InternalServerException.builder().statusCode(504).headers(HEADERS).build()))
        .isEqualTo(ErrorType.SERVER_ERROR);
  }

  @Test
  void unexpectedStatusIsClassifiedByItsStatus() {
    assertThat(classifier.classify(unexpected(503))).isEqualTo(ErrorType.SERVER_ERROR);
    assertThat(classifier.classify(unexpected(408))).isEqualTo(ErrorType.TIMEOUT);
    assertThat(classifier.classify(unexpected(413))).isEqualTo(ErrorType.CONTEXT_LENGTH_EXCEEDED);
    assertThat(classifier.classify(unexpected(409))).isEqualTo(ErrorType.OTHER);
  }

  private static UnexpectedStatusCodeException unexpected(int status) {
    return UnexpectedStatusCodeException.builder().statusCode(status).headers(HEADERS).build();
  }

  @Test
  void streamingErrorIsClassifiedByItsStatus() {
    assertThat(
            classifier.classify(SseException.builder().statusCode(429).headers(HEADERS).build()))
        .isEqualTo(ErrorType.RATE_LIMIT);
  }

  @Test
  void ioFailureCausedByASocketTimeoutIsTimeout() {
    assertThat(
            classifier.classify(
                new OpenAIIoException("Request failed", new SocketTimeoutException("timeout"))))
        .isEqualTo(ErrorType.TIMEOUT);
  }

  @Test
  void ioFailureCausedByOkHttpsCallTimeoutIsTimeout() {
    assertThat(
            classifier.classify(
                new OpenAIIoException("Request failed", new InterruptedIOException("timeout"))))
        .isEqualTo(ErrorType.TIMEOUT);
  }

  @Test
  void ioFailureCausedByAnInterruptIsCancelled() {
    assertThat(
            classifier.classify(
                new OpenAIIoException("Request failed", new InterruptedIOException("interrupted"))))
        .isEqualTo(ErrorType.CANCELLED);
  }

  @Test
  void ioFailureCausedByAConnectFailureIsConnection() {
    assertThat(
            classifier.classify(
                new OpenAIIoException(
                    "Request failed", new ConnectException("Failed to connect to /127.0.0.1:1"))))
        .isEqualTo(ErrorType.CONNECTION);
  }

  @Test
  void ioFailureWithoutCauseIsConnection() {
    assertThat(classifier.classify(new OpenAIIoException("Request failed")))
        .isEqualTo(ErrorType.CONNECTION);
    assertThat(
            classifier.classify(
                new OpenAIIoException("Stream failed", new IllegalStateException("closed"))))
        .isEqualTo(ErrorType.CONNECTION);
  }

  @Test
  void cancellationIsCancelled() {
    assertThat(classifier.classify(new CancellationException())).isEqualTo(ErrorType.CANCELLED);
  }

  @Test
  void unrelatedExceptionsAreOther() {
    assertThat(classifier.classify(new IllegalStateException("boom"))).isEqualTo(ErrorType.OTHER);
    assertThat(classifier.classify(new OpenAIInvalidDataException("bad json")))
        .isEqualTo(ErrorType.OTHER);
    assertThat(classifier.classify(new OpenAIRetryableException("retry")))
        .isEqualTo(ErrorType.OTHER);
  }

  @Test
  void aBodyThatIsNotJsonIsOtherNotConnection() {
    // Jackson's parse exceptions are IOExceptions; the connection itself was fine.
    assertThat(classifier.classify(new OpenAIInvalidDataException("Error reading response",
            new com.fasterxml.jackson.core.JsonParseException(null, "Unexpected character ('<')"))))
        .isEqualTo(ErrorType.OTHER);
  }

  @Test
  void anInterruptedCallIsCancelled() {
    assertThat(classifier.classify(new InterruptedException("sleep interrupted"))).isEqualTo(ErrorType.CANCELLED);
  }

  @Test
  void plainIoExceptionsOutsideTheSdkAreTransportFailures() {
    assertThat(classifier.classify(new SocketTimeoutException("Read timed out")))
        .isEqualTo(ErrorType.TIMEOUT);
    assertThat(classifier.classify(new IOException("reset"))).isEqualTo(ErrorType.CONNECTION);
  }

  @Test
  void classificationIsCachedPerClassButReadPerInstance() {
    BadRequestException plain = BadRequestException.builder().headers(HEADERS).build();
    BadRequestException tooLong =
        BadRequestException.builder()
            .headers(HEADERS)
            .error(apiError("context_length_exceeded"))
            .build();

    assertThat(classifier.classify(plain)).isEqualTo(ErrorType.BAD_REQUEST);
    assertThat(classifier.classify(tooLong)).isEqualTo(ErrorType.CONTEXT_LENGTH_EXCEEDED);
    assertThat(classifier.classify(plain)).isEqualTo(ErrorType.BAD_REQUEST);
    assertThat(classifier.classify(unexpected(408))).isEqualTo(ErrorType.TIMEOUT);
    assertThat(classifier.classify(unexpected(502))).isEqualTo(ErrorType.SERVER_ERROR);
  }

  // ------------------------------------------------ exceptions thrown by the real client

  private static OpenAIClient client(String baseUrl, Duration timeout) {
    return OpenAIOkHttpClient.builder()
        .apiKey("sk-test")
        .baseUrl(baseUrl)
        .maxRetries(0)
        .timeout(timeout)
        .build();
  }

  private static ChatCompletionCreateParams params() {
    return ChatCompletionCreateParams.builder()
        .model(ChatModel.GPT_4O)
        .addUserMessage("Hello")
        .build();
  }

  private static Throwable thrownBy(String baseUrl, Duration timeout) {
    OpenAIClient client = client(baseUrl, timeout);
    try {
      return catchThrowable(() -> client.chat().completions().create(params()));
    } finally {
      client.close();
    }
  }

  @Test
  void realContextLengthResponse() throws IOException {
    String body =
        "{\"error\": {\"message\": \"This model's maximum context length is 128000 tokens."
            + " However, your messages resulted in 130000 tokens.\", \"type\":"
            + " \"invalid_request_error\", \"param\": \"messages\", \"code\":"
            + " \"context_length_exceeded\"}}";
    try (LocalOpenAiServer server = LocalOpenAiServer.answering(400, body)) {
      Throwable thrown = thrownBy(server.baseUrl(), Duration.ofSeconds(10));

      assertThat(thrown).isInstanceOf(BadRequestException.class);
      assertThat(classifier.classify(thrown)).isEqualTo(ErrorType.CONTEXT_LENGTH_EXCEEDED);
    }
  }

  @Test
  void realRateLimitResponse() throws IOException {
    String body =
        "{\"error\": {\"message\": \"Rate limit reached for gpt-4o\", \"type\": \"requests\","
            + " \"param\": null, \"code\": \"rate_limit_exceeded\"}}";
    try (LocalOpenAiServer server = LocalOpenAiServer.answering(429, body)) {
      Throwable thrown = thrownBy(server.baseUrl(), Duration.ofSeconds(10));

      assertThat(thrown).isInstanceOf(RateLimitException.class);
      assertThat(classifier.classify(thrown)).isEqualTo(ErrorType.RATE_LIMIT);
    }
  }

  @Test
  void realServiceUnavailableResponse() throws IOException {
    try (LocalOpenAiServer server = LocalOpenAiServer.answering(503, "{}")) {
      Throwable thrown = thrownBy(server.baseUrl(), Duration.ofSeconds(10));

      assertThat(thrown).isInstanceOf(InternalServerException.class);
      assertThat(classifier.classify(thrown)).isEqualTo(ErrorType.SERVER_ERROR);
    }
  }

  @Test
  void realRequestTimeoutResponse() throws IOException {
    try (LocalOpenAiServer server = LocalOpenAiServer.answering(408, "{}")) {
      Throwable thrown = thrownBy(server.baseUrl(), Duration.ofSeconds(10));

      assertThat(thrown).isInstanceOf(UnexpectedStatusCodeException.class);
      assertThat(classifier.classify(thrown)).isEqualTo(ErrorType.TIMEOUT);
    }
  }

  @Test
  void realClientTimeout() throws IOException {
    try (LocalOpenAiServer server = LocalOpenAiServer.answeringAfter(1_500, 200, "{}")) {
      Throwable thrown = thrownBy(server.baseUrl(), Duration.ofMillis(300));

      assertThat(thrown).isInstanceOf(OpenAIIoException.class);
      assertThat(classifier.classify(thrown)).isEqualTo(ErrorType.TIMEOUT);
    }
  }

  @Test
  void realConnectionRefused() throws IOException {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    Throwable thrown = thrownBy("http://127.0.0.1:" + closedPort + "/v1", Duration.ofSeconds(5));

    assertThat(thrown).isInstanceOf(OpenAIIoException.class);
    assertThat(classifier.classify(thrown)).isEqualTo(ErrorType.CONNECTION);
  }

  @Test
  void realAsyncFailureArrivesWrappedAndIsClassifiedOnceUnwrapped() throws Exception {
    try (LocalOpenAiServer server = LocalOpenAiServer.answering(429, "{}")) {
      OpenAIClient client = client(server.baseUrl(), Duration.ofSeconds(10));
      try {
        Throwable thrown =
            catchThrowable(
                () -> client.async().chat().completions().create(params()).get(10, TimeUnit.SECONDS));

        assertThat(thrown).isInstanceOf(ExecutionException.class);
        assertThat(thrown.getCause()).isInstanceOf(RateLimitException.class);
        assertThat(classifier.classify(thrown.getCause())).isEqualTo(ErrorType.RATE_LIMIT);

        Throwable joined = catchThrowable(() -> client.async().chat().completions().create(params()).join());
        assertThat(joined).isInstanceOf(CompletionException.class);
        assertThat(classifier.classify(joined.getCause())).isEqualTo(ErrorType.RATE_LIMIT);
      } finally {
        client.close();
      }
    }
  }
}
