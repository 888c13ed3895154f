package dev.llmlens.instrumentation.openai;

import dev.llmlens.instrumentation.api.LlmCall;
import dev.llmlens.instrumentation.api.ObjectAccessor;
import dev.llmlens.instrumentation.api.ServerAddress;

/**
 * The server a service talks to, from its {@code ClientOptions.baseUrl()}: keeps Azure OpenAI,
 * api.openai.com and local OpenAI-compatible servers apart in {@code server.address}.
 */
final class OpenAiServer {

  private static final ObjectAccessor CLIENT_OPTIONS = ObjectAccessor.field("clientOptions");
  private static final ObjectAccessor BASE_URL = ObjectAccessor.method("baseUrl");

  private final ServerAddress.Cache addresses = new ServerAddress.Cache();

  void describe(Object service, LlmCall call) {
    Object baseUrl = BASE_URL.read(CLIENT_OPTIONS.read(service));
    if (baseUrl instanceof String) {
      ServerAddress address = addresses.of((String) baseUrl);
      call.server(address.host(), address.port());
    }
  }
}
