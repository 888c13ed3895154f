package dev.llmlens.benchmarks;

import com.openai.core.RequestOptions;
import com.openai.core.http.Headers;
import com.openai.core.http.HttpClient;
import com.openai.core.http.HttpRequest;
import com.openai.core.http.HttpResponse;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.util.concurrent.CompletableFuture;

/**
 * An openai-java transport that answers in the calling thread, without a socket: the request
 * body is still serialised (as OkHttp would), the answer still parsed by the client. Per-call
 * figures through it have no network or scheduler in them, so an agent's few microseconds show
 * instead of drowning in the loopback's tens.
 */
final class InProcessTransport implements HttpClient {

  private static final Headers JSON = headers(false);
  private static final Headers EVENT_STREAM = headers(true);

  @Override
  public HttpResponse execute(HttpRequest request, RequestOptions requestOptions) {
    ByteArrayOutputStream body = new ByteArrayOutputStream(256);
    if (request.body() != null) {
      request.body().writeTo(body);
    }
    boolean streamed = OpenAiAnswers.streamed(body.toByteArray());
    return new Answer(streamed ? EVENT_STREAM : JSON, OpenAiAnswers.body(streamed));
  }

  @Override
  public CompletableFuture<HttpResponse> executeAsync(HttpRequest request, RequestOptions requestOptions) {
    return CompletableFuture.completedFuture(execute(request, requestOptions));
  }

  @Override
  public void close() {}

  private static Headers headers(boolean streamed) {
    return Headers.builder()
        .put("content-type", OpenAiAnswers.contentType(streamed))
        .put(OpenAiAnswers.RATE_LIMIT_HEADER, OpenAiAnswers.RATE_LIMIT_REMAINING)
        .build();
  }

  private static final class Answer implements HttpResponse {

    private final Headers headers;
    private final InputStream body;

    Answer(Headers headers, byte[] body) {
      this.headers = headers;
      this.body = new ByteArrayInputStream(body);
    }

    @Override
    public int statusCode() {
      return 200;
    }

    @Override
    public Headers headers() {
      return headers;
    }

    @Override
    public InputStream body() {
      return body;
    }

    @Override
    public void close() {}
  }
}
