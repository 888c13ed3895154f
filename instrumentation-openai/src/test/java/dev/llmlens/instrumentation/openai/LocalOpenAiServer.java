package dev.llmlens.instrumentation.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * An HTTP server on 127.0.0.1 that answers every request with one status and body: a recorded
 * real OpenAI response (the repository's {@code recordings/openai}) or a hand-written error.
 */
final class LocalOpenAiServer implements AutoCloseable {

  static final Path RECORDINGS = Paths.get("..", "recordings", "openai");

  private final HttpServer server;

  private LocalOpenAiServer(int status, String body, Map<String, String> headers, long delayMillis)
      throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/",
        exchange -> {
          try (InputStream request = exchange.getRequestBody()) {
            while (request.read() >= 0) {
              // drain
            }
          }
          if (delayMillis > 0) {
            try {
              TimeUnit.MILLISECONDS.sleep(delayMillis);
            } catch (InterruptedException interrupted) {
              Thread.currentThread().interrupt();
            }
          }
          byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().set("Content-Type", "application/json");
          for (Map.Entry<String, String> header : headers.entrySet()) {
            exchange.getResponseHeaders().set(header.getKey(), header.getValue());
          }
          try {
            exchange.sendResponseHeaders(status, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
              out.write(bytes);
            }
          } catch (IOException clientGone) {
            // the client timed out first
          }
        });
    server.start();
  }

  static LocalOpenAiServer answering(int status, String body) throws IOException {
    return new LocalOpenAiServer(status, body, java.util.Collections.emptyMap(), 0);
  }

  static LocalOpenAiServer answeringAfter(long delayMillis, int status, String body)
      throws IOException {
    return new LocalOpenAiServer(status, body, java.util.Collections.emptyMap(), delayMillis);
  }

  /** Serves the response of the first mapping in a recording file. */
  static LocalOpenAiServer replaying(String recording) throws IOException {
    JsonNode mapping = firstMapping(RECORDINGS.resolve(recording));
    JsonNode response = mapping.get("response");
    return answering(response.get("status").asInt(), response.get("body").asText());
  }

  /** The response body of the first mapping of a recording. */
  static String firstMappingBody(String recording) {
    try {
      return firstMapping(RECORDINGS.resolve(recording)).get("response").get("body").asText();
    } catch (IOException unreadable) {
      throw new java.io.UncheckedIOException(unreadable);
    }
  }

  /** The first mapping of a WireMock YAML file (documents are separated by {@code ---}). */
  static JsonNode firstMapping(Path file) throws IOException {
    ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
    try (YAMLParser parser =
        new YAMLFactory().createParser(Files.newBufferedReader(file, StandardCharsets.UTF_8))) {
      Iterator<JsonNode> documents = yaml.readValues(parser, JsonNode.class);
      return documents.next();
    }
  }

  String baseUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  int port() {
    return server.getAddress().getPort();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
