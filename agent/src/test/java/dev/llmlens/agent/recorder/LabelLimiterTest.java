package dev.llmlens.agent.recorder;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.data.LongPointData;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;
import java.util.Collections;
import org.junit.jupiter.api.Test;

/** Label values from outside (models from responses, Baggage values) are capped, cleaned and bounded. */
class LabelLimiterTest {

  private final InMemoryMetricReader reader = InMemoryMetricReader.create();
  private final SdkMeterProvider meters = SdkMeterProvider.builder().registerMetricReader(reader).build();

  private LabelLimiter limiter(int limit) {
    return new LabelLimiter("model", limit, meters.get("test").counterBuilder("ai.label_overflow").build());
  }

  private long overflows() {
    return reader.collectAllMetrics().stream()
        .flatMap(metric -> metric.getLongSumData().getPoints().stream())
        .mapToLong(LongPointData::getValue)
        .sum();
  }

  @Test
  void ordinaryValuesPassUnchanged() {
    LabelLimiter limiter = limiter(10);

    assertThat(limiter.admit("gpt-4o-2024-08-06")).isEqualTo("gpt-4o-2024-08-06");
    assertThat(limiter.admit("modèle/ünïcode 模型 🚀")).isEqualTo("modèle/ünïcode 模型 🚀");
    assertThat(limiter.admit(null)).isNull();
  }

  @Test
  void longValuesAreCutAt128Characters() {
    String x128 = String.join("", Collections.nCopies(128, "x"));

    assertThat(limiter(10).admit(x128 + "yyyy")).isEqualTo(x128);
    assertThat(limiter(10).admit(x128)).isEqualTo(x128);
  }

  @Test
  void theCutNeverSplitsASurrogatePair() {
    String x127 = String.join("", Collections.nCopies(127, "x"));

    assertThat(limiter(10).admit(x127 + "🚀🚀")).isEqualTo(x127);
  }

  @Test
  void controlCharactersAndLoneSurrogatesBecomeUnderscores() {
    LabelLimiter limiter = limiter(10);

    assertThat(limiter.admit("gpt-4o\n[llmlens] WARN forged")).isEqualTo("gpt-4o_[llmlens] WARN forged");
    assertThat(limiter.admit("a\u0000b\tc\u007fd\u009be")).isEqualTo("a_b_c_d_e");
    assertThat(limiter.admit("half \ud83d pair")).isEqualTo("half _ pair");
    assertThat(limiter.admit("end \udc00")).isEqualTo("end _");
  }

  @Test
  void valuesThatCleanToTheSameLabelCountOnce() {
    LabelLimiter limiter = limiter(2);
    String x128 = String.join("", Collections.nCopies(128, "x"));

    for (int i = 0; i < 1000; i++) {
      assertThat(limiter.admit(x128 + i)).isEqualTo(x128);
    }
    assertThat(limiter.admit("a\nb")).isEqualTo("a_b");
    assertThat(limiter.admit("a\rb")).isEqualTo("a_b");
    assertThat(limiter.admit("third")).isEqualTo(LabelLimiter.OTHER);
    assertThat(overflows()).isEqualTo(1);
  }

  @Test
  void beyondTheLimitNewValuesAreOtherAndCounted() {
    LabelLimiter limiter = limiter(3);

    assertThat(limiter.admit("a")).isEqualTo("a");
    assertThat(limiter.admit("b")).isEqualTo("b");
    assertThat(limiter.admit("c")).isEqualTo("c");
    assertThat(limiter.admit("d")).isEqualTo(LabelLimiter.OTHER);
    assertThat(limiter.admit("e")).isEqualTo(LabelLimiter.OTHER);
    assertThat(limiter.admit("a")).isEqualTo("a");
    assertThat(overflows()).isEqualTo(2);
  }
}
