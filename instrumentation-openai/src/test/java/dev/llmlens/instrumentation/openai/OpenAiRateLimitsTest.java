package dev.llmlens.instrumentation.openai;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmlens.instrumentation.api.RateLimits;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OpenAiRateLimitsTest {

  /** The shape openai-java's raw response and its {@code Headers} have. */
  public static final class Response {
    private final Headers headers;

    Response(Map<String, String> headers) {
      this.headers = new Headers(headers);
    }

    public Headers headers() {
      return headers;
    }
  }

  public static final class Headers {
    private final Map<String, String> values;

    Headers(Map<String, String> values) {
      this.values = values;
    }

    public List<String> values(String name) {
      String value = values.get(name);
      return value == null ? Collections.<String>emptyList() : Collections.singletonList(value);
    }
  }

  @Test
  void readsTheFourHeaders() {
    RateLimits limits =
        OpenAiRateLimits.read(
            new Response(
                Map.of(
                    "x-ratelimit-remaining-requests", "499",
                    "x-ratelimit-limit-requests", "500",
                    "x-ratelimit-remaining-tokens", " 29000 ",
                    "x-ratelimit-limit-tokens", "30000")));

    assertThat(limits.remainingRequests()).isEqualTo(499);
    assertThat(limits.limitRequests()).isEqualTo(500);
    assertThat(limits.remainingTokens()).isEqualTo(29000);
    assertThat(limits.limitTokens()).isEqualTo(30000);
  }

  @Test
  void oneHeaderIsEnoughAndTheOthersAreUnknown() {
    RateLimits limits = OpenAiRateLimits.read(new Response(Map.of("x-ratelimit-remaining-tokens", "12")));

    assertThat(limits.remainingTokens()).isEqualTo(12);
    assertThat(limits.remainingRequests()).isNegative();
    assertThat(limits.limitRequests()).isNegative();
    assertThat(limits.limitTokens()).isNegative();
  }

  @Test
  void noneOfThemOrNoneReadableIsNoRateLimits() {
    assertThat(OpenAiRateLimits.read(new Response(Map.of("content-type", "application/json")))).isNull();
    assertThat(OpenAiRateLimits.read(new Response(Map.of("x-ratelimit-limit-tokens", "lots")))).isNull();
    assertThat(OpenAiRateLimits.read("not a response")).isNull();
  }
}
