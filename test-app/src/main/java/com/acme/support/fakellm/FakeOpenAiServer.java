package com.acme.support.fakellm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An OpenAI-compatible server on 127.0.0.1 for the demo, so that it runs without a network or an
 * API key while the official SDK still does real HTTP: {@code POST /v1/chat/completions} answers
 * the API's chat.completion JSON with its usage block and its {@code x-ratelimit-*}, {@code
 * openai-processing-ms} and {@code x-request-id} headers, after a realistic latency; the {@link
 * ResponsePlan} injects 429s, 500s and hangs.
 *
 * <p>Usage is deterministic: {@code prompt_tokens} is the request body's length divided by four
 * (rounded up), the usual rule of thumb for English text, and {@code completion_tokens} is the
 * number of words in the reply. Every answer is recorded as a {@link ServedRequest}.
 */
public final class FakeOpenAiServer implements AutoCloseable {

  static {
    // The JDK server leaves Nagle's algorithm on unless told otherwise, read once when its first
    // server starts: with it on, every response waits ~40 ms for the client's delayed ACK.
    System.setProperty("sun.net.httpserver.nodelay", "true");
  }

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String COMPLETIONS_PATH = "/v1/chat/completions";
  /** What {@link #servedRequests()} keeps: the latest answers, so a server left running does not grow. */
  static final int SERVED_HISTORY = 10_000;

  private final FakeLlmSettings settings;
  private final ResponsePlan plan;
  private final HttpServer server;
  private final ExecutorService executor;
  private final AtomicInteger requestCount = new AtomicInteger();
  private final ConcurrentLinkedQueue<ServedRequest> served = new ConcurrentLinkedQueue<>();
  private final AtomicInteger servedCount = new AtomicInteger();
  private final Map<String, RateLimitWindow> rateLimits = new ConcurrentHashMap<>();

  /** Binds an ephemeral port on 127.0.0.1 and starts answering. */
  public FakeOpenAiServer(FakeLlmSettings settings, ResponsePlan plan) throws IOException {
    this.settings = settings;
    this.plan = plan;
    this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
    // One thread per in-flight request: the simulated latency is a sleep, and concurrent calls
    // must overlap as they do against the real API. The client's concurrency bounds the count.
    AtomicInteger threadNumber = new AtomicInteger();
    this.executor =
        Executors.newCachedThreadPool(
            task -> {
              Thread thread = new Thread(task, "fake-openai-" + threadNumber.incrementAndGet());
              thread.setDaemon(true);
              return thread;
            });
    server.setExecutor(executor);
    server.createContext("/", this::handle);
    server.start();
  }

  public int port() {
    return server.getAddress().getPort();
  }

  /** The base URL to give the SDK's {@code baseUrl(...)}. */
  public String baseUrl() {
    return "http://127.0.0.1:" + port() + "/v1";
  }

  /** Requests received on the chat completions endpoint, every retry included. */
  public int requestCount() {
    return requestCount.get();
  }

  /** What the server answered, in the order it decided (the latest {@value #SERVED_HISTORY}). */
  public List<ServedRequest> servedRequests() {
    return new ArrayList<>(served);
  }

  @Override
  public void close() {
    server.stop(0);
    // Interrupts requests still hanging for an injected timeout.
    executor.shutdownNow();
    try {
      executor.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      byte[] body = readAll(exchange.getRequestBody());
      String route = exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath();
      if (!route.equals("POST " + COMPLETIONS_PATH)) {
        reject(exchange, 404, "Invalid URL (" + route + ")");
        return;
      }
      requestCount.incrementAndGet();
      JsonNode request;
      try {
        request = JSON.readTree(body);
      } catch (IOException e) {
        reject(exchange, 400, "We could not parse the JSON body of your request.");
        return;
      }
      if (request == null || !request.path("model").isTextual()) {
        reject(exchange, 400, "you must provide a model parameter");
        return;
      }
      if (request.path("stream").asBoolean(false)) {
        reject(exchange, 400, "This fake server does not stream.");
        return;
      }
      answer(exchange, request, body);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (IOException e) {
      // The client went away, as it does when it times out: nothing to answer.
    }
  }

  private void answer(HttpExchange exchange, JsonNode request, byte[] body)
      throws IOException, InterruptedException {
    String model = request.path("model").asText();
    String snapshot = ModelCatalog.snapshotOf(model);
    int attempt = retryCount(exchange);
    long callKey = Mixing.hash(body);
    // Per attempt, so a retry has its own latency and request id.
    Random random = new Random(Mixing.mix(settings.seed(), callKey, attempt));
    long latencyMillis = SimulatedLatency.millis(model, random, settings.latencyScale());
    RateLimitWindow window =
        rateLimits.computeIfAbsent(model, name -> new RateLimitWindow(ModelCatalog.limitsOf(name)));
    String requestId = OpenAiBodies.requestId(random);

    ResponseKind kind = plan.next(callKey);
    switch (kind) {
      case RATE_LIMITED -> {
        record(new ServedRequest(attempt, model, snapshot, kind, 429, 0, 0));
        Thread.sleep(latencyMillis / 10);
        Map<String, String> headers = new LinkedHashMap<>(window.record(0, true));
        // Small, so the SDK's retries come quickly; the SDK honours it over its own backoff.
        headers.put("retry-after", "0");
        long limit = ModelCatalog.limitsOf(model).requestsPerMinute();
        send(exchange, 429, OpenAiBodies.rateLimited(model, limit), headers, requestId);
      }
      case SERVER_ERROR -> {
        record(new ServedRequest(attempt, model, snapshot, kind, 500, 0, 0));
        Thread.sleep(latencyMillis);
        send(exchange, 500, OpenAiBodies.serverError(), Map.of(), requestId);
      }
      case OK, TIMEOUT -> {
        long promptTokens = Math.max(1, (body.length + 3) / 4);
        long maxTokens = maxTokens(request);
        int completionTokens = ReplyText.tokenCount(model, maxTokens, random);
        String content = ReplyText.words(completionTokens, random);
        record(
            new ServedRequest(attempt, model, snapshot, kind, 200, promptTokens, completionTokens));
        long waitMillis = kind == ResponseKind.TIMEOUT ? settings.hang().toMillis() : latencyMillis;
        Thread.sleep(waitMillis);
        Map<String, String> headers =
            new LinkedHashMap<>(window.record(promptTokens + completionTokens, false));
        headers.put("openai-processing-ms", Long.toString(waitMillis));
        send(
            exchange,
            200,
            OpenAiBodies.chatCompletion(snapshot, content, promptTokens, completionTokens, random),
            headers,
            requestId);
      }
    }
  }

  private void record(ServedRequest request) {
    served.add(request);
    if (servedCount.incrementAndGet() > SERVED_HISTORY && served.poll() != null) {
      servedCount.decrementAndGet();
    }
  }

  /** The newer {@code max_completion_tokens}, else the deprecated {@code max_tokens}, else 0. */
  private static long maxTokens(JsonNode request) {
    JsonNode max = request.path("max_completion_tokens");
    if (!max.isNumber()) {
      max = request.path("max_tokens");
    }
    return max.isNumber() ? max.asLong() : 0;
  }

  private static void reject(HttpExchange exchange, int status, String message)
      throws IOException {
    send(exchange, status, OpenAiBodies.invalidRequest(message), Map.of(), null);
  }

  private static int retryCount(HttpExchange exchange) {
    String header = exchange.getRequestHeaders().getFirst("X-Stainless-Retry-Count");
    try {
      return header == null ? 0 : Integer.parseInt(header.trim());
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  private static void send(
      HttpExchange exchange, int status, String json, Map<String, String> headers, String requestId)
      throws IOException {
    byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
    var responseHeaders = exchange.getResponseHeaders();
    responseHeaders.set("content-type", "application/json");
    responseHeaders.set("openai-version", "2020-10-01");
    if (requestId != null) {
      responseHeaders.set("x-request-id", requestId);
    }
    headers.forEach(responseHeaders::set);
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  private static byte[] readAll(InputStream in) throws IOException {
    try (in) {
      return in.readAllBytes();
    }
  }
}
