package com.acme.support.report;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A parsed Prometheus text exposition (format 0.0.4, and the OpenMetrics lines it shares), small
 * enough to read without a client library: {@code # HELP} and {@code # TYPE} lines, samples with
 * escaped label values, and the special values {@code +Inf}, {@code -Inf} and {@code NaN}.
 * Timestamps after a value are read past; other comments are skipped.
 */
public final class PrometheusText {
  private final List<Sample> samples;
  private final Map<String, String> types;
  private final Map<String, String> help;

  private PrometheusText(List<Sample> samples, Map<String, String> types, Map<String, String> help) {
    this.samples = Collections.unmodifiableList(samples);
    this.types = Collections.unmodifiableMap(types);
    this.help = Collections.unmodifiableMap(help);
  }

  /**
   * @throws IllegalArgumentException on a line that is not a comment, a blank or a sample, naming
   *     the line number
   */
  public static PrometheusText parse(String text) {
    List<Sample> samples = new ArrayList<>();
    Map<String, String> types = new LinkedHashMap<>();
    Map<String, String> help = new LinkedHashMap<>();
    String[] lines = text.split("\r?\n");
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i].strip();
      if (line.isEmpty()) {
        continue;
      }
      try {
        if (line.startsWith("#")) {
          readComment(line, types, help);
        } else {
          samples.add(new LineReader(line).sample());
        }
      } catch (RuntimeException e) {
        throw new IllegalArgumentException("line " + (i + 1) + ": " + e.getMessage() + ": " + line, e);
      }
    }
    return new PrometheusText(samples, types, help);
  }

  public List<Sample> samples() {
    return samples;
  }

  /** The samples named exactly {@code name}. */
  public List<Sample> samples(String name) {
    List<Sample> named = new ArrayList<>();
    for (Sample sample : samples) {
      if (sample.name().equals(name)) {
        named.add(sample);
      }
    }
    return named;
  }

  /** The {@code # TYPE} of a metric family (counter, gauge, histogram...), or null. */
  public String type(String family) {
    return types.get(family);
  }

  /** The {@code # HELP} text of a metric family, unescaped, or null. */
  public String help(String family) {
    return help.get(family);
  }

  private static void readComment(String line, Map<String, String> types, Map<String, String> help) {
    String[] parts = line.substring(1).strip().split("\\s+", 3);
    if (parts.length >= 3 && parts[0].equals("TYPE")) {
      types.put(parts[1], parts[2].strip());
    } else if (parts.length >= 2 && parts[0].equals("HELP")) {
      help.put(parts[1], parts.length == 3 ? unescapeHelp(parts[2]) : "");
    }
  }

  private static String unescapeHelp(String text) {
    return text.replace("\\n", "\n").replace("\\\\", "\\");
  }

  /** Reads one sample line: {@code name{label="value",...} value [timestamp]}. */
  private static final class LineReader {
    private final String line;
    private int pos;

    LineReader(String line) {
      this.line = line;
    }

    Sample sample() {
      String name = name();
      Map<String, String> labels = new HashMap<>();
      skipSpaces();
      if (peek() == '{') {
        pos++;
        readLabels(labels);
      }
      skipSpaces();
      int start = pos;
      while (pos < line.length() && !Character.isWhitespace(line.charAt(pos))) {
        pos++;
      }
      if (start == pos) {
        throw new IllegalArgumentException("missing value");
      }
      return new Sample(name, labels, value(line.substring(start, pos)));
    }

    private void readLabels(Map<String, String> labels) {
      while (true) {
        skipSpaces();
        if (peek() == '}') {
          pos++;
          return;
        }
        String labelName = name();
        skipSpaces();
        expect('=');
        skipSpaces();
        expect('"');
        labels.put(labelName, quoted());
        skipSpaces();
        if (peek() == ',') {
          pos++;
        } else if (peek() != '}') {
          throw new IllegalArgumentException("expected ',' or '}' at column " + (pos + 1));
        }
      }
    }

    /** The rest of a quoted label value, unescaping \\, \" and \n. */
    private String quoted() {
      StringBuilder value = new StringBuilder();
      while (pos < line.length()) {
        char c = line.charAt(pos++);
        if (c == '"') {
          return value.toString();
        }
        if (c == '\\' && pos < line.length()) {
          char escaped = line.charAt(pos++);
          value.append(escaped == 'n' ? '\n' : escaped);
        } else {
          value.append(c);
        }
      }
      throw new IllegalArgumentException("unterminated label value");
    }

    private String name() {
      int start = pos;
      while (pos < line.length()) {
        char c = line.charAt(pos);
        if (Character.isLetterOrDigit(c) || c == '_' || c == ':') {
          pos++;
        } else {
          break;
        }
      }
      if (start == pos) {
        throw new IllegalArgumentException("expected a name at column " + (pos + 1));
      }
      return line.substring(start, pos);
    }

    private void expect(char expected) {
      if (peek() != expected) {
        throw new IllegalArgumentException("expected '" + expected + "' at column " + (pos + 1));
      }
      pos++;
    }

    private char peek() {
      return pos < line.length() ? line.charAt(pos) : '\0';
    }

    private void skipSpaces() {
      while (pos < line.length() && Character.isWhitespace(line.charAt(pos))) {
        pos++;
      }
    }
  }

  /** Go's ParseFloat spellings Prometheus writes, which Java's parser partly does not know. */
  static double value(String text) {
    switch (text) {
      case "+Inf", "Inf", "+inf", "inf" -> {
        return Double.POSITIVE_INFINITY;
      }
      case "-Inf", "-inf" -> {
        return Double.NEGATIVE_INFINITY;
      }
      case "NaN", "nan" -> {
        return Double.NaN;
      }
      default -> {
        return Double.parseDouble(text);
      }
    }
  }
}
