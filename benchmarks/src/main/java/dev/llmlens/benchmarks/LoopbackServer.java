package dev.llmlens.benchmarks;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One loopback server for a benchmark process: the OpenAI chat completions endpoint (a fixed
 * JSON answer, or server-sent events when the request streams) and an OTLP http/protobuf sink
 * ({@code /v1/metrics}, {@code /v1/traces}, {@code /v1/logs}) that both agents export to, so
 * export really happens and is paid for in the same process.
 *
 * <p>The JDK server waits ~44 ms per response on Nagle's algorithm unless the JVM runs with
 * {@code -Dsun.net.httpserver.nodelay=true}; {@link #start} refuses to run without it.
 */
final class LoopbackServer implements AutoCloseable {

  /** Set by the harness: the port the server listens on and the agents export to. */
  static final String PORT_PROPERTY = "bench.port";

  private final HttpServer server;
  private final ExecutorService executor;
  private final AtomicLong exportRequests = new AtomicLong();
  private final AtomicLong exportBytes = new AtomicLong();
  private final AtomicLong observedExports = new AtomicLong();
  private volatile boolean printObserved;
  private volatile String watchedModel;

  private LoopbackServer(HttpServer server, ExecutorService executor) {
    this.server = server;
    this.executor = executor;
  }

  /** On the port named by {@code -Dbench.port}, or any free port. */
  static LoopbackServer start() throws IOException {
    if (!Boolean.getBoolean("sun.net.httpserver.nodelay")) {
      throw new IllegalStateException("run with -Dsun.net.httpserver.nodelay=true, or each call waits ~44 ms on Nagle");
    }
    HttpServer server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), Integer.getInteger(PORT_PROPERTY, 0)), 64);
    ExecutorService executor = Executors.newFixedThreadPool(4, runnable -> {
      Thread thread = new Thread(runnable, "loopback-server");
      thread.setDaemon(true);
      return thread;
    });
    LoopbackServer loopback = new LoopbackServer(server, executor);
    server.createContext("/v1/chat/completions", loopback::chat);
    server.createContext("/v1/metrics", loopback::otlp);
    server.createContext("/v1/traces", loopback::otlp);
    server.createContext("/v1/logs", loopback::otlp);
    server.setExecutor(executor);
    server.start();
    return loopback;
  }

  String baseUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
  }

  /**
   * From now on, exports that name {@code model} (the span's or a metric's model attribute) are
   * counted, and with {@code print} each prints {@link #OBSERVED} and its path on stdout: a run can
   * show that its agent observed the calls rather than failed quietly and been cheap for it.
   */
  void watchExportsNaming(String model, boolean print) {
    printObserved = print;
    watchedModel = model;
  }

  /** What {@link #watchExportsNaming} prints, before the path. */
  static final String OBSERVED = "export naming the call's model:";

  /** Exports that named the watched model so far. */
  long observedExports() {
    return observedExports.get();
  }

  long exportRequests() {
    return exportRequests.get();
  }

  long exportBytes() {
    return exportBytes.get();
  }

  private void chat(HttpExchange exchange) throws IOException {
    boolean streamed = OpenAiAnswers.streamed(readAll(exchange.getRequestBody()));
    exchange.getResponseHeaders().set("Content-Type", OpenAiAnswers.contentType(streamed));
    exchange.getResponseHeaders().set(OpenAiAnswers.RATE_LIMIT_HEADER, OpenAiAnswers.RATE_LIMIT_REMAINING);
    respond(exchange, OpenAiAnswers.body(streamed));
  }

  private void otlp(HttpExchange exchange) throws IOException {
    exportRequests.incrementAndGet();
    byte[] body = readAll(exchange.getRequestBody());
    exportBytes.addAndGet(body.length);
    String model = watchedModel;
    if (model != null && new String(body, StandardCharsets.ISO_8859_1).contains(model)) {
      observedExports.incrementAndGet();
      if (printObserved) {
        System.out.println(OBSERVED + " " + exchange.getRequestURI().getPath());
      }
    }
    exchange.getResponseHeaders().set("Content-Type", "application/x-protobuf");
    respond(exchange, new byte[0]);
  }

  private static void respond(HttpExchange exchange, byte[] body) throws IOException {
    exchange.sendResponseHeaders(200, body.length == 0 ? -1 : body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }

  private static byte[] readAll(InputStream in) throws IOException {
    try (InputStream body = in) {
      return body.readAllBytes();
    }
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
