package dev.llmlens.agent.pricing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The catalog format beyond simple lines: cached-input prices, prefix patterns (Bedrock model
 * ids), effective dates, the version, and the user's file on top, with its bad lines reported
 * one by one while everything else keeps working.
 */
class PriceFileOverrideTest {

  @TempDir Path dir;

  @Test
  void theBuiltInCatalogParsesWithoutAProblemAndHasAVersion() {
    List<String> problems = new ArrayList<>();
    PriceCatalog catalog = PriceCatalog.load(null, problems);
    assertThat(problems).isEmpty();
    assertThat(catalog.version()).isEqualTo("2026-11-01");
  }

  @Test
  void cachedInputIsPricedAtTheCachedRate() {
    PriceCatalog catalog = PriceCatalog.builtIn();
    // claude-sonnet-4-5: $3 input, $0.30 cached read, $15 output; 10,000 in of which 8,000 cached, 1,000 out.
    assertThat(catalog.priceOf("claude-sonnet-4-5-20250929").cost(10_000, 8_000, 1_000))
        .isCloseTo((2_000 * 3.00 + 8_000 * 0.30 + 1_000 * 15.00) / 1e6, within(1e-12));
    // gpt-4o: $2.50, cached $1.25, output $10.
    assertThat(catalog.priceOf("gpt-4o").cost(1_000, 1_000, 0)).isCloseTo(0.00125, within(1e-12));
    // More cached than input (a provider quirk) never goes negative or above the input.
    assertThat(catalog.priceOf("gpt-4o").cost(100, 500, 0)).isCloseTo(100 * 1.25 / 1e6, within(1e-12));
  }

  @Test
  void bedrockModelIdsPriceByTheLongestPrefixPattern() {
    PriceCatalog catalog = PriceCatalog.builtIn();
    assertThat(catalog.priceOf("anthropic.claude-3-5-sonnet-20240620-v1:0").cost(1_000_000, 1_000_000)).isEqualTo(18.0);
    assertThat(catalog.priceOf("amazon.nova-lite-v1:0").cost(1_000_000, 1_000_000)).isCloseTo(0.30, within(1e-12));
    assertThat(catalog.priceOf("amazon.nova-premier-v1:0")).isNull();
  }

  @Test
  void aUserFileOverridesAndExtendsAndItsBadLinesAreReportedOneByOne() throws IOException {
    Path file = dir.resolve("prices.csv");
    Files.write(
        file,
        List.of(
            "version,acme-2026-11",
            "model,input,cached_input,output,cache_write,effective",
            "gpt-4o,2.00,1.00,8.00,,2026-01-01",
            "acme-support-ft,4.00,,16.00,,2025-01-01",
            "acme-*,1.00,,1.00,,2025-01-01",
            "gpt-4o-mini,abc,,0.60,,2025-01-01",
            "broken line",
            "gpt-4.1,2.00,,8.00,,next-week",
            "future-model,9.00,,9.00,,2999-01-01"),
        StandardCharsets.UTF_8);
    List<String> problems = new ArrayList<>();
    PriceCatalog catalog = PriceCatalog.load(file.toString(), problems);

    String prefix = "llmlens.pricing.file=" + file + " line ";
    String accepted =
        "; accepted: model,input,cached_input,output,cache_write,effective with USD per 1M tokens "
            + "(cached_input and cache_write may be empty) and effective as YYYY-MM-DD. The line is ignored.";
    assertThat(problems)
        .containsExactly(
            prefix + "6 \"gpt-4o-mini,abc,,0.60,,2025-01-01\": the input price \"abc\" is not a number" + accepted,
            prefix + "7 \"broken line\": it has 1 fields, not 6" + accepted,
            prefix + "8 \"gpt-4.1,2.00,,8.00,,next-week\": the effective date \"next-week\" is not YYYY-MM-DD" + accepted);
    assertThat(catalog.version()).isEqualTo("2026-11-01+acme-2026-11");
    // Overridden: the user's line is newer than the built-in one.
    assertThat(catalog.priceOf("gpt-4o").cost(1_000_000, 0, 1_000_000)).isEqualTo(10.0);
    assertThat(catalog.priceOf("gpt-4o-2024-08-06").cost(1_000_000, 1_000_000, 0)).isEqualTo(1.0);
    // Extended: an exact name, and a prefix pattern for the rest of the family.
    assertThat(catalog.priceOf("acme-support-ft").cost(1_000_000, 1_000_000)).isEqualTo(20.0);
    assertThat(catalog.priceOf("acme-triage-ft").cost(1_000_000, 1_000_000)).isEqualTo(2.0);
    // The bad lines changed nothing: built-in prices stay.
    assertThat(catalog.priceOf("gpt-4o-mini").cost(1_000_000, 0)).isEqualTo(0.15);
    assertThat(catalog.priceOf("gpt-4.1").cost(1_000_000, 0)).isEqualTo(2.0);
    // A line not yet effective does not apply.
    assertThat(catalog.priceOf("future-model")).isNull();
  }

  @Test
  void anUnreadableFileIsReportedAndTheBuiltInCatalogApplies() {
    List<String> problems = new ArrayList<>();
    String missing = dir.resolve("nope.csv").toString();
    PriceCatalog catalog = PriceCatalog.load(missing, problems);
    assertThat(problems).hasSize(1);
    assertThat(problems.get(0))
        .startsWith("llmlens.pricing.file=" + missing + " cannot be read (")
        .endsWith("The built-in prices apply.");
    assertThat(catalog.version()).isEqualTo("2026-11-01");
    assertThat(catalog.priceOf("gpt-4o").cost(1_000_000, 0)).isEqualTo(2.5);
  }

  @Test
  void aWrongFileGivesAFewLinesNotOnePerLine() throws IOException {
    List<String> junk = new ArrayList<>();
    junk.add(String.join("", java.util.Collections.nCopies(1000, "\u00ff")));
    for (int i = 0; i < 19; i++) {
      junk.add("junk " + i);
    }
    Path file = Files.write(dir.resolve("photo.jpg"), junk, StandardCharsets.UTF_8);
    List<String> problems = new ArrayList<>();

    PriceCatalog catalog = PriceCatalog.load(file.toString(), problems);

    assertThat(problems).hasSize(PriceCatalog.MAX_REPORTED_LINES + 1);
    assertThat(problems.get(0))
        .startsWith("llmlens.pricing.file=" + file + " line 1 \"" + junk.get(0).substring(0, 200) + "\"... (1000 characters): ");
    assertThat(problems.get(1)).startsWith("llmlens.pricing.file=" + file + " line 2 \"junk 0\": ");
    assertThat(problems.get(PriceCatalog.MAX_REPORTED_LINES))
        .isEqualTo(
            "llmlens.pricing.file=" + file + ": 15 more lines are not valid and are ignored; accepted: "
                + "model,input,cached_input,output,cache_write,effective with USD per 1M tokens "
                + "(cached_input and cache_write may be empty) and effective as YYYY-MM-DD.");
    assertThat(catalog.priceOf("gpt-4o").cost(1_000_000, 0)).isEqualTo(2.5);
  }
}
