package dev.llmlens.instrumentation.api;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ServerAddressTest {

  @ParameterizedTest(name = "{0} -> {1}:{2}")
  @CsvSource({
    "https://api.openai.com/v1, api.openai.com, 443",
    "https://example.openai.azure.com:8443/openai, example.openai.azure.com, 8443",
    "http://localhost:8080/v1, localhost, 8080",
    "http://localhost/v1, localhost, 80",
    "HTTPS://API.OPENAI.COM/v1, API.OPENAI.COM, 443",
    "http://127.0.0.1:11434, 127.0.0.1, 11434",
    "https://api.openai.com, api.openai.com, 443"
  })
  void hostAndPort(String baseUrl, String host, int port) {
    ServerAddress address = ServerAddress.parse(baseUrl);

    assertThat(address.host()).isEqualTo(host);
    assertThat(address.port()).isEqualTo(port);
  }

  @Test
  void unknownSchemeWithoutPortHasNoPort() {
    ServerAddress address = ServerAddress.parse("grpc://llm.internal/v1");

    assertThat(address.host()).isEqualTo("llm.internal");
    assertThat(address.port()).isEqualTo(-1);
  }

  @Test
  void unparsableUrlHasNoHostAndNoPort() {
    ServerAddress address = ServerAddress.parse("http://not a url/v1");

    assertThat(address.host()).isNull();
    assertThat(address.port()).isEqualTo(-1);
  }

  @Test
  void nullUrlHasNoHostAndNoPort() {
    ServerAddress address = ServerAddress.parse(null);

    assertThat(address.host()).isNull();
    assertThat(address.port()).isEqualTo(-1);
  }

  @Test
  void hostWithAnUnderscore() {
    ServerAddress address = ServerAddress.parse("http://fake_llm:8080/v1");

    assertThat(address.host()).isEqualTo("fake_llm");
    assertThat(address.port()).isEqualTo(8080);
  }

  @Test
  void cacheReturnsTheSameAddressForTheSameUrl() {
    ServerAddress.Cache cache = new ServerAddress.Cache();

    ServerAddress first = cache.of("https://api.openai.com/v1");

    assertThat(cache.of("https://api.openai.com/v1")).isSameAs(first);
    assertThat(first.host()).isEqualTo("api.openai.com");
    assertThat(first.port()).isEqualTo(443);
  }

  @Test
  void fullCacheStillParses() {
    ServerAddress.Cache cache = new ServerAddress.Cache();
    for (int i = 0; i < 300; i++) {
      cache.of("http://host-" + i + ":" + (1000 + i));
    }

    ServerAddress late = cache.of("http://late.example:9999/v1");

    assertThat(late.host()).isEqualTo("late.example");
    assertThat(late.port()).isEqualTo(9999);
    assertThat(cache.of("http://host-299:1299").port()).isEqualTo(1299);
  }
}
