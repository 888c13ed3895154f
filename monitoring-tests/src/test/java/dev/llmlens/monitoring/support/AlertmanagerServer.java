package dev.llmlens.monitoring.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** A real Alertmanager on a free 127.0.0.1 port, clustering off, its own data directory. */
public final class AlertmanagerServer extends Daemon {
  private final String url;

  private AlertmanagerServer(List<String> command, Path dir, Path log, String url) throws IOException {
    super("alertmanager", command, dir, log, Map.of());
    this.url = url;
  }

  public static AlertmanagerServer start(Path config, Path dataDir) throws IOException, InterruptedException {
    Files.createDirectories(dataDir);
    int port = freePort();
    List<String> command =
        List.of(
            Tool.ALERTMANAGER.path(),
            "--config.file=" + config,
            "--storage.path=" + dataDir,
            "--web.listen-address=127.0.0.1:" + port,
            // No gossip port: a second Alertmanager on the machine must not join this one.
            "--cluster.listen-address=");
    AlertmanagerServer server =
        new AlertmanagerServer(command, config.getParent(), dataDir.resolveSibling("alertmanager.log"), "http://127.0.0.1:" + port);
    server.awaitReady(server.url + "/-/ready", Duration.ofSeconds(60));
    return server;
  }

  public String address() {
    return url.substring("http://".length());
  }

}
