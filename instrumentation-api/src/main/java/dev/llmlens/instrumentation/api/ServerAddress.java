package dev.llmlens.instrumentation.api;

import java.net.URI;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/** {@code server.address} and {@code server.port} of a client's base URL. */
public final class ServerAddress {

  private final String host;
  private final int port;

  private ServerAddress(String host, int port) {
    this.host = host;
    this.port = port;
  }

  public String host() {
    return host;
  }

  /** The explicit port, or the scheme's default; -1 when unknown. */
  public int port() {
    return port;
  }

  /** Parses {@code baseUrl}; an unparsable URL gives an address with a null host. */
  public static ServerAddress parse(String baseUrl) {
    try {
      URI uri = new URI(baseUrl);
      String host = uri.getHost();
      int port = uri.getPort();
      if (host == null && uri.getRawAuthority() != null) {
        // Not a valid DNS name for java.net.URI (an underscore, as in a Docker Compose service
        // name such as fake_llm): read host and port from the authority.
        String authority = uri.getRawAuthority();
        authority = authority.substring(authority.lastIndexOf('@') + 1);
        int colon = authority.lastIndexOf(':');
        host = colon > 0 ? authority.substring(0, colon) : authority;
        port = colon > 0 ? parsePort(authority.substring(colon + 1)) : -1;
      }
      if (port < 0) {
        port = "https".equalsIgnoreCase(uri.getScheme()) ? 443 : "http".equalsIgnoreCase(uri.getScheme()) ? 80 : -1;
      }
      return new ServerAddress(host, port);
    } catch (Exception unparsable) {
      return new ServerAddress(null, -1);
    }
  }

  private static int parsePort(String text) {
    try {
      return Integer.parseInt(text);
    } catch (NumberFormatException notAPort) {
      return -1;
    }
  }

  /**
   * Parsed addresses by base URL. A process talks to a handful of servers, so parsing happens
   * once per URL; the bound only guards against a caller that builds a URL per request.
   */
  public static final class Cache {
    private static final int MAX_ENTRIES = 256;
    private final ConcurrentMap<String, ServerAddress> byUrl =
        new ConcurrentHashMap<String, ServerAddress>();

    public ServerAddress of(String baseUrl) {
      ServerAddress known = byUrl.get(baseUrl);
      if (known != null) {
        return known;
      }
      ServerAddress parsed = parse(baseUrl);
      if (byUrl.size() < MAX_ENTRIES) {
        byUrl.putIfAbsent(baseUrl, parsed);
      }
      return parsed;
    }
  }
}
