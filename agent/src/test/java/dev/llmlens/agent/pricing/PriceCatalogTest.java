package dev.llmlens.agent.pricing;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PriceCatalogTest {

  private final PriceCatalog catalog = PriceCatalog.builtIn();

  @Test
  void gpt4oThousandInFiveHundredOut() {
    // 1000 * $2.50/M + 500 * $10.00/M
    assertThat(catalog.priceOf("gpt-4o").cost(1000, 500)).isEqualTo(0.0075);
  }

  @Test
  void gpt4oMini() {
    // 1000 * $0.15/M + 500 * $0.60/M
    assertThat(catalog.priceOf("gpt-4o-mini").cost(1000, 500)).isEqualTo(0.00045);
  }

  @Test
  void datedSnapshotPricesAsItsOwnFamilyNotAShorterOne() {
    ModelPrice snapshot = catalog.priceOf("gpt-4o-mini-2024-07-18");

    assertThat(snapshot).isNotNull();
    assertThat(snapshot.cost(1000, 500)).isEqualTo(0.00045);
    assertThat(snapshot.cost(1_000_000, 0)).isEqualTo(0.15);
    assertThat(snapshot.cost(0, 1_000_000)).isEqualTo(0.60);
  }

  @Test
  void datedSnapshotOfGpt4o() {
    assertThat(catalog.priceOf("gpt-4o-2024-08-06").cost(1000, 500)).isEqualTo(0.0075);
    assertThat(catalog.priceOf("gpt-4.1-mini-2025-04-14").cost(1_000_000, 1_000_000))
        .isEqualTo(2.0);
  }

  @Test
  void resolvedPriceIsStable() {
    assertThat(catalog.priceOf("gpt-4o-mini-2024-07-18"))
        .isSameAs(catalog.priceOf("gpt-4o-mini-2024-07-18"))
        .isSameAs(catalog.priceOf("gpt-4o-mini"));
  }

  @Test
  void unknownModelHasNoPrice() {
    assertThat(catalog.priceOf("my-finetune")).isNull();
    assertThat(catalog.priceOf("claude-sonnet-3")).isNull();
    assertThat(catalog.priceOf("gpt-4omni")).as("a prefix without a dash is no family").isNull();
    assertThat(catalog.priceOf("")).isNull();
    assertThat(catalog.priceOf("-")).isNull();
    assertThat(catalog.priceOf(null)).isNull();
    assertThat(catalog.priceOf("my-finetune")).as("cached as unknown").isNull();
  }

  @Test
  void embeddingsHaveNoOutputPrice() {
    assertThat(catalog.priceOf("text-embedding-3-small").cost(1_000_000, 1_000_000))
        .isEqualTo(0.02);
  }

  @Test
  void unknownTokenCountsCostNothing() {
    ModelPrice gpt4o = catalog.priceOf("gpt-4o");

    assertThat(gpt4o.cost(-1, -1)).isEqualTo(0.0);
    assertThat(gpt4o.cost(-1, 500)).isEqualTo(0.005);
    assertThat(gpt4o.cost(1000, -1)).isEqualTo(0.0025);
  }

  @Test
  void variantsThatAreNotDatedSnapshotsAreNotPricedAsTheirPrefix() {
    assertThat(catalog.priceOf("gpt-4o-audio-preview")).isNull();
    assertThat(catalog.priceOf("o3-deep-research")).isNull();
    assertThat(catalog.priceOf("gpt-5-codex")).isNull();
  }

  @Test
  void variantsWithTheirOwnLinesHaveTheirOwnPrices() {
    assertThat(catalog.priceOf("o3-pro").cost(1_000_000, 1_000_000)).isEqualTo(100.0);
    assertThat(catalog.priceOf("o3-mini").cost(1_000_000, 1_000_000)).isEqualTo(5.5);
    assertThat(catalog.priceOf("gpt-5-pro").cost(1_000_000, 1_000_000)).isEqualTo(135.0);
    assertThat(catalog.priceOf("o3-pro-2025-06-10").cost(1_000_000, 0)).isEqualTo(20.0);
  }
}
