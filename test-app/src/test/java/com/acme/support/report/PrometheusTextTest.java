package com.acme.support.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class PrometheusTextTest {

  @Test
  void readsHelpTypeAndSamples() {
    PrometheusText text = PrometheusText.parse(Exposition.TEXT);

    assertThat(text.type("ai_requests_total")).isEqualTo("counter");
    assertThat(text.type("ai_request_duration_seconds")).isEqualTo("histogram");
    assertThat(text.help("ai_requests_total")).isEqualTo("Number of LLM requests\nby model");
    assertThat(text.samples("ai_requests_total")).hasSize(3);
    assertThat(text.samples("ai_request_duration_seconds_bucket")).hasSize(10);

    Sample first = text.samples("ai_requests_total").get(0);
    assertThat(first.labels())
        .containsEntry("provider", "openai")
        .containsEntry("operation", "chat")
        .containsEntry("model", "gpt-4o-2024-08-06")
        .containsEntry("feature", "support-chat")
        .containsEntry("status", "ok")
        .containsEntry("otel_scope_name", "llmlens");
    assertThat(first.value()).isEqualTo(140.0);
    assertThat(first.label("no_such_label")).isEmpty();
  }

  @Test
  void unescapesLabelValues() {
    Sample sample =
        PrometheusText.parse("odd{path=\"C:\\\\dir\\\\\\\"q\\\"\\nnext\",b=\"}, {\"} 1\n").samples().get(0);

    assertThat(sample.labels())
        .containsExactlyInAnyOrderEntriesOf(Map.of("path", "C:\\dir\\\"q\"\nnext", "b", "}, {"));
  }

  @Test
  void readsSpecialValuesAndSkipsTimestamps() {
    PrometheusText text =
        PrometheusText.parse(
            """
            a 1.0E-4
            b{x="1"} +Inf
            c -Inf
            d NaN
            e 3 1700000000000
            f{} -2.5e3
            # EOF
            """);

    assertThat(text.samples()).extracting(Sample::name).containsExactly("a", "b", "c", "d", "e", "f");
    assertThat(text.samples("a").get(0).value()).isEqualTo(0.0001);
    assertThat(text.samples("b").get(0).value()).isEqualTo(Double.POSITIVE_INFINITY);
    assertThat(text.samples("c").get(0).value()).isEqualTo(Double.NEGATIVE_INFINITY);
    assertThat(text.samples("d").get(0).value()).isNaN();
    assertThat(text.samples("e").get(0).value()).isEqualTo(3.0);
    assertThat(text.samples("f").get(0).value()).isEqualTo(-2500.0);
  }

  @Test
  void namesTheLineItCannotRead() {
    assertThatThrownBy(() -> PrometheusText.parse("ok 1\nbroken{le=\"1\" 2\n"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("line 2: ");
  }
}
