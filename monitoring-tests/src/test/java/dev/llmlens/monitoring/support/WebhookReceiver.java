package dev.llmlens.monitoring.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Stands in for the team's webhook: records what Alertmanager posts, with the arrival time. */
public final class WebhookReceiver implements AutoCloseable {
  static {
    System.setProperty("sun.net.httpserver.nodelay", "true");
  }

  /** One alert of one notification. */
  public record Received(Instant at, String status, JsonNode labels, JsonNode annotations) {
    public String label(String name) {
      return labels.path(name).asText();
    }
  }

  private final HttpServer server;
  private final List<Received> received = new ArrayList<>();

  private WebhookReceiver(HttpServer server) {
    this.server = server;
  }

  public static WebhookReceiver start() throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
    WebhookReceiver receiver = new WebhookReceiver(server);
    server.createContext("/hook", exchange -> {
      Instant at = Instant.now();
      try (InputStream in = exchange.getRequestBody()) {
        JsonNode body = Http.JSON.readTree(in);
        synchronized (receiver.received) {
          for (JsonNode alert : body.path("alerts")) {
            receiver.received.add(new Received(at, alert.path("status").asText(), alert.path("labels"), alert.path("annotations")));
          }
          receiver.received.notifyAll();
        }
      }
      exchange.sendResponseHeaders(200, -1);
      exchange.close();
    });
    server.start();
    return receiver;
  }

  public String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/hook";
  }

  public List<Received> received() {
    synchronized (received) {
      return new ArrayList<>(received);
    }
  }

  /** The first firing notification of {@code alertname} with {@code severity}, waiting up to {@code timeout}. */
  public Optional<Received> awaitFiring(String alertname, String severity, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (received) {
      while (true) {
        for (Received alert : received) {
          if (alert.status().equals("firing") && alert.label("alertname").equals(alertname) && alert.label("severity").equals(severity)) {
            return Optional.of(alert);
          }
        }
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return Optional.empty();
        }
        received.wait(Math.max(1, left / 1_000_000));
      }
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
