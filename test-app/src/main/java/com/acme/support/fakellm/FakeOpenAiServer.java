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
 * ResponsePlan} injects 429s, 500s and hangs. A request that offers {@code tools} may be answered
 * with {@code tool_calls} (see {@link ToolCalls}). {@code POST /v1/embeddings} answers the
 * embeddings API's list of vectors ({@link FakeEmbeddings}), quickly and without injected faults:
 * the demo's RAG store is filled from it at start-up.
 *
 * <p>Usage is deterministic: {@code prompt_tokens} is the request body's length divided by four
 * (rounded up), the usual rule of thumb for English text, and {@code completion_tokens} is the
 * number of words in the reply. Every chat answer is recorded as a {@link ServedRequest}.
 *
 * <p>The server tells its clients apart by their {@code User-Agent}: LangChain4j's OpenAI module
 * sends {@code langchain4j-openai}, the official SDK {@code OpenAI/Java}.
 */
public final class FakeOpenAiServer implements AutoCloseable {

  static {
    // The JDK server leaves Nagle's algorithm on unless told otherwise, read once when its first
    // server starts: with it on, every response waits ~40 ms for the client's delayed ACK.
    System.setProperty("sun.net.httpserver.nodelay", "true");
  }

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String COMPLETIONS_PATH = "/v1/chat/completions";
  private static final String EMBEDDINGS_PATH = "/v1/embeddings";
  /** The client a request came from, by its User-Agent; see {@link #chatRequestsFrom}. */
  public static final String OPENAI_JAVA = "openai-java";
  public static final String LANGCHAIN4J = "langchain4j";
  /** What {@link #servedRequests()} keeps: the latest answers, so a server left running does not grow. */
  static final int SERVED_HISTORY = 10_000;

  private final FakeLlmSettings settings;
  private final ResponsePlan plan;
  private final HttpServer server;
  private final ExecutorService executor;
  private final AtomicInteger requestCount = new AtomicInteger();
  private final AtomicInteger langchain4jRequests = new AtomicInteger();
  private final AtomicInteger embeddingRequests = new AtomicInteger();
  private final AtomicInteger embeddingInputs = new AtomicInteger();
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

  /**
   * Chat completion requests from one client, {@link #OPENAI_JAVA} or {@link #LANGCHAIN4J} (a
   * User-Agent with "langchain4j" in it; every other request counts as openai-java's).
   */
  public int chatRequestsFrom(String client) {
    int langchain4j = langchain4jRequests.get();
    return switch (client) {
      case LANGCHAIN4J -> langchain4j;
      case OPENAI_JAVA -> requestCount.get() - langchain4j;
      default -> throw new IllegalArgumentException("unknown client " + client);
    };
  }

  /** Requests received on the embeddings endpoint, every retry included. */
  public int embeddingRequestCount() {
    return embeddingRequests.get();
  }

  /** Texts embedded, over all embeddings requests. */
  public int embeddingInputCount() {
    return embeddingInputs.get();
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
      boolean embeddings = route.equals("POST " + EMBEDDINGS_PATH);
      if (!embeddings && !route.equals("POST " + COMPLETIONS_PATH)) {
        reject(exchange, 404, "Invalid URL (" + route + ")");
        return;
      }
      if (embeddings) {
        embeddingRequests.incrementAndGet();
      } else {
        requestCount.incrementAndGet();
        String userAgent = exchange.getRequestHeaders().getFirst("User-Agent");
        if (userAgent != null && userAgent.toLowerCase(java.util.Locale.ROOT).contains("langchain4j")) {
          langchain4jRequests.incrementAndGet();
        }
      }
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
      if (embeddings) {
        embed(exchange, request, body);
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
        List<ToolCalls.Call> calls = ToolCalls.choose(request);
        long completionTokens;
        String json;
        if (calls.isEmpty()) {
          long maxTokens = maxTokens(request);
          int words = ReplyText.tokenCount(model, maxTokens, random);
          String content = ReplyText.words(words, random);
          completionTokens = words;
          json = OpenAiBodies.chatCompletion(snapshot, content, promptTokens, completionTokens, random);
        } else {
          completionTokens = ToolCalls.completionTokens(calls);
          json = OpenAiBodies.toolCalls(snapshot, calls, promptTokens, completionTokens, random);
        }
        record(
            new ServedRequest(attempt, model, snapshot, kind, 200, promptTokens, completionTokens));
        long waitMillis = kind == ResponseKind.TIMEOUT ? settings.hang().toMillis() : latencyMillis;
        Thread.sleep(waitMillis);
        Map<String, String> headers =
            new LinkedHashMap<>(window.record(promptTokens + completionTokens, false));
        headers.put("openai-processing-ms", Long.toString(waitMillis));
        send(exchange, 200, json, headers, requestId);
      }
    }
  }

  /**
   * {@code input} is a string or an array of strings; each gets a {@link FakeEmbeddings} vector of
   * {@code dimensions} (default {@value FakeEmbeddings#DEFAULT_DIMENSIONS}) entries. Prompt tokens
   * are the inputs' lengths / 4. 20-60 ms, scaled like the chat latency.
   */
  private void embed(HttpExchange exchange, JsonNode request, byte[] body)
      throws IOException, InterruptedException {
    JsonNode input = request.path("input");
    List<String> texts = new ArrayList<>();
    if (input.isTextual()) {
      texts.add(input.asText());
    } else if (input.isArray()) {
      for (JsonNode text : input) {
        if (!text.isTextual()) {
          reject(exchange, 400, "'$.input' is invalid: this fake server embeds strings only.");
          return;
        }
        texts.add(text.asText());
      }
    }
    if (texts.isEmpty()) {
      reject(exchange, 400, "'$.input' is invalid. Please check the API reference.");
      return;
    }
    int dimensions = request.path("dimensions").asInt(FakeEmbeddings.DEFAULT_DIMENSIONS);
    if (dimensions < 1 || dimensions > 4096) {
      reject(exchange, 400, "Invalid value for 'dimensions': " + dimensions);
      return;
    }
    embeddingInputs.addAndGet(texts.size());
    List<float[]> vectors = new ArrayList<>(texts.size());
    long promptTokens = 0;
    for (String text : texts) {
      vectors.add(FakeEmbeddings.vector(text, dimensions));
      promptTokens += FakeEmbeddings.tokens(text);
    }
    Random random = new Random(Mixing.mix(settings.seed(), Mixing.hash(body), 0xe4b));
    long waitMillis = Math.round((20 + random.nextInt(41)) * settings.latencyScale());
    Thread.sleep(waitMillis);
    String model = request.path("model").asText();
    send(
        exchange,
        200,
        OpenAiBodies.embeddings(model, vectors, promptTokens),
        Map.of("openai-processing-ms", Long.toString(waitMillis)),
        OpenAiBodies.requestId(random));
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
