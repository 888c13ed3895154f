package dev.llmlens.agent.recorder;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.metrics.LongCounter;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class AttributionLimitsTest {

  private final SdkMeterProvider meters = SdkMeterProvider.builder().build();
  private final LongCounter overflow = meters.get("test").counterBuilder("llmlens.cardinality.overflow").build();

  @AfterEach
  void close() {
    meters.close();
  }

  @Test
  void anAttributionWithinTheLimitsIsTheCallsOwnNotACopy() {
    AttributionLimits limits = new AttributionLimits(10, overflow);
    Attribution featureOnly = Attribution.of("support");
    Attribution withLabels = new Attribution("support", new String[] {"user_tier", "experiment"}, new String[] {"gold", null});

    assertThat(limits.limited(featureOnly)).isSameAs(featureOnly);
    assertThat(limits.limited(withLabels)).isSameAs(withLabels);
    // The second time, from the limiters' memory of admitted values.
    assertThat(limits.limited(withLabels)).isSameAs(withLabels);
  }

  @Test
  void aValuePastItsLabelsLimitBecomesOtherInACopyAndTheCallsOwnIsLeftAlone() {
    AttributionLimits limits = new AttributionLimits(1, overflow);
    limits.limited(new Attribution("support", new String[] {"user_tier"}, new String[] {"gold"}));
    String[] values = {"silver"};
    Attribution raw = new Attribution("search", new String[] {"user_tier"}, values);

    Attribution limited = limits.limited(raw);

    assertThat(limited).isNotSameAs(raw);
    assertThat(limited.feature()).isEqualTo("other");
    assertThat(limited.value(0)).isEqualTo("other");
    assertThat(raw.feature()).isEqualTo("search");
    assertThat(values).containsExactly("silver");
  }

  @Test
  void aValueWithControlCharactersIsCleanedInACopy() {
    AttributionLimits limits = new AttributionLimits(10, overflow);
    String[] values = {"gold\nsilver", "b"};
    Attribution raw = new Attribution("support", new String[] {"user_tier", "experiment"}, values);

    Attribution limited = limits.limited(raw);

    assertThat(limited.feature()).isSameAs(raw.feature());
    assertThat(limited.value(0)).isEqualTo("gold_silver");
    assertThat(limited.value(1)).isEqualTo("b");
    assertThat(values).containsExactly("gold\nsilver", "b");
    assertThat(limited).isEqualTo(new Attribution("support", new String[] {"user_tier", "experiment"}, new String[] {"gold_silver", "b"}));
  }
}
