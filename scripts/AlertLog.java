import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A webhook receiver that prints what Alertmanager sends, for the local stack and docker-compose
 * when no real LLMLENS_ALERT_WEBHOOK_URL is set. Runs from source, no build:
 * {@code java scripts/AlertLog.java 9099 [bind-address]}; then
 * {@code LLMLENS_ALERT_WEBHOOK_URL=http://127.0.0.1:9099/alerts}.
 *
 * <p>One line per alert (status, name, severity, summary), then the raw JSON.
 */
public final class AlertLog {
  private static final Pattern ALERT =
      Pattern.compile(
          "\"status\":\"(firing|resolved)\",\"labels\":\\{([^}]*)\\},\"annotations\":\\{([^}]*)\\}");

  public static void main(String[] args) throws IOException {
    int port = args.length > 0 ? Integer.parseInt(args[0]) : 9099;
    String bind = args.length > 1 ? args[1] : "127.0.0.1";
    HttpServer server = HttpServer.create(new InetSocketAddress(bind, port), 16);
    server.createContext(
        "/",
        exchange -> {
          String body;
          try (InputStream in = exchange.getRequestBody()) {
            body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
          }
          Matcher alert = ALERT.matcher(body);
          while (alert.find()) {
            System.out.printf(
                "%s %-8s %s [%s] %s%n",
                Instant.now(),
                alert.group(1).toUpperCase(),
                field(alert.group(2), "alertname"),
                field(alert.group(2), "severity"),
                field(alert.group(3), "summary"));
          }
          System.out.println(body);
          System.out.flush();
          exchange.sendResponseHeaders(200, -1);
          exchange.close();
        });
    server.start();
    System.out.println("AlertLog: listening on http://" + bind + ":" + port + "/alerts");
  }

  private static String field(String json, String name) {
    Matcher m = Pattern.compile("\"" + name + "\":\"((?:[^\"\\\\]|\\\\.)*)\"").matcher(json);
    return m.find() ? m.group(1) : "-";
  }
}
