package dev.llmlens.instrumentation.langchain4j;

import static org.assertj.core.api.Assertions.assertThat;

import dev.langchain4j.exception.AuthenticationException;
import dev.langchain4j.exception.ContentFilteredException;
import dev.langchain4j.exception.HttpException;
import dev.langchain4j.exception.InternalServerException;
import dev.langchain4j.exception.InvalidRequestException;
import dev.langchain4j.exception.ModelNotFoundException;
import dev.langchain4j.exception.RateLimitException;
import dev.langchain4j.exception.TimeoutException;
import dev.langchain4j.exception.UnresolvedModelServerException;
import dev.llmlens.instrumentation.api.ErrorType;
import java.net.ConnectException;
import java.net.http.HttpTimeoutException;
import org.junit.jupiter.api.Test;

class LangChain4jErrorsTest {

  private static final String CONTEXT_LENGTH_BODY =
      "{\"error\":{\"message\":\"This model's maximum context length is 128000 tokens.\","
          + "\"type\":\"invalid_request_error\",\"code\":\"context_length_exceeded\"}}";

  private static ErrorType classify(Throwable error) {
    return LangChain4jErrors.classify(error);
  }

  @Test
  void rateLimitAroundHttp429() {
    assertThat(classify(new RateLimitException(new HttpException(429, "Rate limit reached"))))
        .isEqualTo(ErrorType.RATE_LIMIT);
  }

  @Test
  void rateLimitWithoutStatus() {
    assertThat(classify(new RateLimitException("Rate limit reached"))).isEqualTo(ErrorType.RATE_LIMIT);
  }

  @Test
  void contextLengthExceededFromTheErrorBody() {
    assertThat(classify(new InvalidRequestException(new HttpException(400, CONTEXT_LENGTH_BODY))))
        .isEqualTo(ErrorType.CONTEXT_LENGTH_EXCEEDED);
  }

  @Test
  void contentFilterFromTheErrorBody() {
    String body = "{\"error\":{\"code\":\"content_policy_violation\"}}";
    assertThat(classify(new InvalidRequestException(new HttpException(400, body))))
        .isEqualTo(ErrorType.CONTENT_FILTER);
  }

  @Test
  void otherBadRequest() {
    String body = "{\"error\":{\"code\":\"invalid_value\"}}";
    assertThat(classify(new InvalidRequestException(new HttpException(400, body))))
        .isEqualTo(ErrorType.BAD_REQUEST);
    assertThat(classify(new InvalidRequestException("temperature must be at most 2")))
        .isEqualTo(ErrorType.BAD_REQUEST);
  }

  @Test
  void permissionDeniedFromHttp403() {
    assertThat(classify(new HttpException(403, "Forbidden"))).isEqualTo(ErrorType.PERMISSION_DENIED);
  }

  @Test
  void theStatusWinsOverTheWrapperType() {
    assertThat(classify(new InternalServerException(new HttpException(429, "Rate limit reached"))))
        .isEqualTo(ErrorType.RATE_LIMIT);
  }

  @Test
  void authentication() {
    assertThat(classify(new AuthenticationException("Incorrect API key provided")))
        .isEqualTo(ErrorType.AUTHENTICATION);
  }

  @Test
  void modelNotFound() {
    assertThat(classify(new ModelNotFoundException("The model 'gpt-5o' does not exist")))
        .isEqualTo(ErrorType.NOT_FOUND);
  }

  @Test
  void serverError() {
    assertThat(classify(new InternalServerException("The server had an error")))
        .isEqualTo(ErrorType.SERVER_ERROR);
    assertThat(classify(new HttpException(503, "Service Unavailable"))).isEqualTo(ErrorType.SERVER_ERROR);
  }

  @Test
  void contentFiltered() {
    assertThat(classify(new ContentFilteredException("filtered"))).isEqualTo(ErrorType.CONTENT_FILTER);
  }

  @Test
  void langChain4jTimeout() {
    assertThat(classify(new TimeoutException("request timed out"))).isEqualTo(ErrorType.TIMEOUT);
  }

  @Test
  void httpClientTimeoutBelowARuntimeException() {
    assertThat(classify(new RuntimeException(new HttpTimeoutException("request timed out"))))
        .isEqualTo(ErrorType.TIMEOUT);
  }

  @Test
  void connectionRefused() {
    assertThat(classify(new RuntimeException(new ConnectException("Connection refused"))))
        .isEqualTo(ErrorType.CONNECTION);
  }

  @Test
  void unresolvedModelServerIsConnection() {
    assertThat(classify(new UnresolvedModelServerException("Unable to resolve host api.example.invalid")))
        .isEqualTo(ErrorType.CONNECTION);
  }

  @Test
  void interruptIsCancelled() {
    assertThat(classify(new RuntimeException(new InterruptedException()))).isEqualTo(ErrorType.CANCELLED);
  }

  @Test
  void anythingElseIsOther() {
    assertThat(classify(new RuntimeException("boom"))).isEqualTo(ErrorType.OTHER);
    assertThat(classify(new IllegalStateException())).isEqualTo(ErrorType.OTHER);
  }

  @Test
  void theReaderDelegates() {
    assertThat(new ChatModelReader().classify(new HttpException(401, "Unauthorized")))
        .isEqualTo(ErrorType.AUTHENTICATION);
    assertThat(new EmbeddingModelReader().classify(new HttpException(404, "Not Found")))
        .isEqualTo(ErrorType.NOT_FOUND);
  }
}
