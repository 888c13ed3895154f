package com.acme.support.report;

import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URL;
import java.nio.charset.StandardCharsets;

/**
 * Where the llmlens agent serves its metrics when started with {@code
 * -Dotel.metrics.exporter=prometheus}: the OpenTelemetry Prometheus exporter's port, from the same
 * setting the agent reads.
 */
public final class PrometheusEndpoint {
  static final int DEFAULT_PORT = 9464;

  private PrometheusEndpoint() {}

  /** {@code otel.exporter.prometheus.port}, else {@code OTEL_EXPORTER_PROMETHEUS_PORT}, else 9464. */
  public static int configuredPort() {
    String value = System.getProperty("otel.exporter.prometheus.port");
    if (value == null || value.isBlank()) {
      value = System.getenv("OTEL_EXPORTER_PROMETHEUS_PORT");
    }
    if (value == null || value.isBlank()) {
      return DEFAULT_PORT;
    }
    try {
      return Integer.parseInt(value.trim());
    } catch (NumberFormatException e) {
      return DEFAULT_PORT;
    }
  }

  public static String url(int port) {
    return "http://127.0.0.1:" + port + "/metrics";
  }

  /** The exposition text, in the classic text format (the parser's), not OpenMetrics. */
  public static String fetch(String url) throws IOException {
    HttpURLConnection connection = (HttpURLConnection) new URL(url).openConnection();
    connection.setConnectTimeout(1000);
    connection.setReadTimeout(3000);
    connection.setRequestProperty("Accept", "text/plain; version=0.0.4");
    try {
      int status = connection.getResponseCode();
      if (status != 200) {
        throw new IOException("HTTP " + status);
      }
      try (InputStream in = connection.getInputStream()) {
        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
      }
    } finally {
      connection.disconnect();
    }
  }
}
