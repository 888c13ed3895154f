package dev.llmlens.agent.pricing;

import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.text.SimpleDateFormat;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TimeZone;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Model prices: the catalog shipped with the agent ({@code prices.csv}), extended or overridden
 * by the user's file ({@code llmlens.pricing.file}, same format). A model is priced by its exact
 * line, else as the family of a dated snapshot ({@code gpt-4o-mini-2024-07-18} as {@code
 * gpt-4o-mini}, never {@code o3-pro} as {@code o3}), else by the longest matching prefix
 * pattern. Of several lines for one name, the latest effective one not in the future applies.
 * A model with no price is reported by the recorder, never priced at $0.
 */
public final class PriceCatalog {

  private static final ModelPrice UNPRICED = new ModelPrice(0, 0, 0, 0);
  private static final int MAX_CACHED = 1024;
  private static final Pattern DATED_SNAPSHOT = Pattern.compile("(.+)-(\\d{4}-\\d{2}-\\d{2}|\\d{8}|\\d{4})");

  private final String version;
  private final Map<String, ModelPrice> exact;
  private final List<PriceLine> prefixes;
  private final ConcurrentMap<String, ModelPrice> resolved = new ConcurrentHashMap<String, ModelPrice>();

  private PriceCatalog(String version, List<PriceLine> lines, String today) {
    this.version = version;
    Map<String, PriceLine> latestExact = new HashMap<String, PriceLine>();
    Map<String, PriceLine> latestPrefix = new HashMap<String, PriceLine>();
    for (PriceLine line : lines) {
      if (line.effective.compareTo(today) > 0) {
        continue;
      }
      Map<String, PriceLine> latest = line.prefix ? latestPrefix : latestExact;
      PriceLine known = latest.get(line.model);
      // Later lines win over earlier ones with the same date: the user's file comes last.
      if (known == null || line.effective.compareTo(known.effective) >= 0) {
        latest.put(line.model, line);
      }
    }
    this.exact = new HashMap<String, ModelPrice>();
    for (Map.Entry<String, PriceLine> entry : latestExact.entrySet()) {
      exact.put(entry.getKey(), entry.getValue().price);
    }
    this.prefixes = new ArrayList<PriceLine>(latestPrefix.values());
  }

  /** The built-in catalog only. */
  public static PriceCatalog builtIn() {
    return load(null, new ArrayList<String>());
  }

  /**
   * The built-in catalog with {@code file}'s lines on top ({@code null}: none). Problems with the
   * file are added to {@code problems}, one line each; the built-in prices stay in use.
   */
  static final int MAX_REPORTED_LINES = 5;

  public static PriceCatalog load(String file, List<String> problems) {
    PriceFile builtIn = read(PriceCatalog.class.getResourceAsStream("prices.csv"), "the built-in catalog");
    List<PriceLine> lines = new ArrayList<PriceLine>(builtIn.lines);
    String version = builtIn.version;
    if (file != null) {
      try {
        PriceFile user = read(new FileInputStream(file), file);
        // A wrong file (a binary, another CSV) would give a warning per line: say the first few.
        for (String problem : user.problems.subList(0, Math.min(user.problems.size(), MAX_REPORTED_LINES))) {
          problems.add("llmlens.pricing.file=" + file + " " + problem);
        }
        if (user.problems.size() > MAX_REPORTED_LINES) {
          problems.add("llmlens.pricing.file=" + file + ": " + (user.problems.size() - MAX_REPORTED_LINES)
              + " more lines are not valid and are ignored; accepted: " + PriceFile.FORMAT + ".");
        }
        lines.addAll(user.lines);
        version = builtIn.version + "+" + user.version;
      } catch (RuntimeException | IOException unreadable) {
        problems.add("llmlens.pricing.file=" + file + " cannot be read (" + unreadable.getMessage()
            + "); accepted: a readable file with lines " + PriceFile.FORMAT + ". The built-in prices apply.");
      }
    }
    return new PriceCatalog(version, lines, today());
  }

  /** The catalog's version, exported as {@code ai_pricing_info{version}}. */
  public String version() {
    return version;
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
    ModelPrice price = exact.get(model);
    if (price != null) {
      return price;
    }
    Matcher snapshot = DATED_SNAPSHOT.matcher(model);
    if (snapshot.matches() && exact.containsKey(snapshot.group(1))) {
      return exact.get(snapshot.group(1));
    }
    PriceLine longest = null;
    for (PriceLine line : prefixes) {
      if (model.startsWith(line.model) && (longest == null || line.model.length() > longest.model.length())) {
        longest = line;
      }
    }
    return longest == null ? UNPRICED : longest.price;
  }

  private static PriceFile read(InputStream in, String name) {
    if (in == null) {
      throw new IllegalStateException(name + " is missing");
    }
    try (InputStreamReader reader = new InputStreamReader(in, StandardCharsets.UTF_8)) {
      return PriceFile.parse(reader);
    } catch (IOException unreadable) {
      throw new IllegalStateException(name + " cannot be read: " + unreadable.getMessage(), unreadable);
    }
  }

  private static String today() {
    SimpleDateFormat format = new SimpleDateFormat("yyyy-MM-dd");
    format.setTimeZone(TimeZone.getTimeZone("UTC"));
    return format.format(new Date());
  }
}
