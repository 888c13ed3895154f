package dev.llmlens.agent.pricing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Model prices shipped with the agent ({@code prices.csv}: {@code model,input,output} in USD per
 * million tokens). A dated snapshot prices as its family: {@code gpt-4o-mini-2024-07-18} as
 * {@code gpt-4o-mini}. A model with no price is reported, never priced at $0.
 */
public final class PriceCatalog {

  private static final ModelPrice UNPRICED = new ModelPrice(0, 0);
  /**
   * {@code family-2024-07-18}, {@code family-20241022}, {@code family-0125}: a dated snapshot of a
   * family. Other suffixes ({@code o3-pro}, {@code o3-mini}) are different models with their own
   * prices, never priced as their prefix.
   */
  private static final Pattern DATED_SNAPSHOT = Pattern.compile("(.+)-(\\d{4}-\\d{2}-\\d{2}|\\d{8}|\\d{4})");
  private static final int MAX_CACHED = 1024;

  private final Map<String, ModelPrice> entries;
  private final ConcurrentMap<String, ModelPrice> resolved = new ConcurrentHashMap<String, ModelPrice>();

  PriceCatalog(Map<String, ModelPrice> entries) {
    this.entries = entries;
  }

  public static PriceCatalog builtIn() {
    try (InputStream in = PriceCatalog.class.getResourceAsStream("prices.csv")) {
      return new PriceCatalog(parse(in));
    } catch (IOException | RuntimeException broken) {
      throw new IllegalStateException("the built-in price catalog cannot be read", broken);
    }
  }

  /** The price of {@code model}, or {@code null} if the catalog does not know it. */
  public ModelPrice priceOf(String model) {
    if (model == null) {
      return null;
    }
    ModelPrice price = resolved.get(model);
    if (price == null) {
      price = lookUp(model);
      if (resolved.size() < MAX_CACHED) {
        resolved.put(model, price);
      }
    }
    return price == UNPRICED ? null : price;
  }

  private ModelPrice lookUp(String model) {
    ModelPrice exact = entries.get(model);
    if (exact != null) {
      return exact;
    }
    Matcher snapshot = DATED_SNAPSHOT.matcher(model);
    if (snapshot.matches()) {
      ModelPrice family = entries.get(snapshot.group(1));
      if (family != null) {
        return family;
      }
    }
    return UNPRICED;
  }

  private static Map<String, ModelPrice> parse(InputStream in) throws IOException {
    Map<String, ModelPrice> entries = new HashMap<String, ModelPrice>();
    BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
    for (String line = reader.readLine(); line != null; line = reader.readLine()) {
      String trimmed = line.trim();
      if (trimmed.isEmpty() || trimmed.startsWith("#") || trimmed.startsWith("model,")) {
        continue;
      }
      String[] fields = trimmed.split(",");
      entries.put(fields[0].trim(), new ModelPrice(Double.parseDouble(fields[1].trim()), Double.parseDouble(fields[2].trim())));
    }
    return entries;
  }
}
