package dev.llmlens.agent.pricing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Parses the price catalog format (see the built-in {@code prices.csv}). A line that cannot be
 * used is reported with its number, what was wrong and what is accepted, and skipped: the other
 * lines still apply.
 */
final class PriceFile {

  static final String FORMAT =
      "model,input,cached_input,output,cache_write,effective with USD per 1M tokens "
          + "(cached_input and cache_write may be empty) and effective as YYYY-MM-DD";
  private static final Pattern DATE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");

  final String version;
  final List<PriceLine> lines;
  final List<String> problems;

  private PriceFile(String version, List<PriceLine> lines, List<String> problems) {
    this.version = version;
    this.lines = Collections.unmodifiableList(lines);
    this.problems = Collections.unmodifiableList(problems);
  }

  static PriceFile parse(Reader source) throws IOException {
    BufferedReader reader = new BufferedReader(source);
    String version = "unversioned";
    List<PriceLine> lines = new ArrayList<PriceLine>();
    List<String> problems = new ArrayList<String>();
    int number = 0;
    for (String text = reader.readLine(); text != null; text = reader.readLine()) {
      number++;
      String line = text.trim();
      if (line.isEmpty() || line.startsWith("#") || line.startsWith("model,")) {
        continue;
      }
      if (line.startsWith("version,")) {
        version = line.substring("version,".length()).trim();
        continue;
      }
      String problem = parseLine(line, lines);
      if (problem != null) {
        problems.add("line " + number + " " + dev.llmlens.agent.config.AgentConfig.quoted(line) + ": " + problem + "; accepted: " + FORMAT + ". The line is ignored.");
      }
    }
    return new PriceFile(version, lines, problems);
  }

  /** Adds the line's entry, or returns what is wrong with it. */
  private static String parseLine(String line, List<PriceLine> lines) {
    String[] fields = line.split(",", -1);
    if (fields.length != 6) {
      return "it has " + fields.length + " fields, not 6";
    }
    String model = fields[0].trim();
    boolean prefix = model.endsWith("*");
    if (prefix) {
      model = model.substring(0, model.length() - 1);
    }
    if (model.isEmpty() || model.indexOf('*') >= 0) {
      return "the model \"" + fields[0].trim() + "\" is not a name or a prefix ending in *";
    }
    double input;
    double output;
    double cachedInput;
    double cacheWrite;
    try {
      input = price(fields[1], "input", Double.NaN);
      cachedInput = price(fields[2], "cached_input", input);
      output = price(fields[3], "output", Double.NaN);
      cacheWrite = price(fields[4], "cache_write", input);
    } catch (IllegalArgumentException wrong) {
      return wrong.getMessage();
    }
    String effective = fields[5].trim();
    if (!DATE.matcher(effective).matches()) {
      return "the effective date \"" + effective + "\" is not YYYY-MM-DD";
    }
    lines.add(new PriceLine(model, prefix, effective, new ModelPrice(input, cachedInput, output, cacheWrite)));
    return null;
  }

  private static double price(String field, String column, double whenEmpty) {
    String text = field.trim();
    if (text.isEmpty()) {
      if (Double.isNaN(whenEmpty)) {
        throw new IllegalArgumentException("the " + column + " price is missing");
      }
      return whenEmpty;
    }
    double value;
    try {
      value = Double.parseDouble(text);
    } catch (NumberFormatException notANumber) {
      throw new IllegalArgumentException("the " + column + " price \"" + text + "\" is not a number");
    }
    if (value < 0 || Double.isInfinite(value) || Double.isNaN(value)) {
      throw new IllegalArgumentException("the " + column + " price \"" + text + "\" is negative or not finite");
    }
    return value;
  }
}
