package dev.llmlens.agent.config;

import java.io.File;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * llmlens' own settings, read once at start-up (DESIGN.md, Configuration). A value that cannot
 * be used gives one warning naming the setting, the value, where it came from and what is
 * accepted, and the default applies; an unknown {@code llmlens.*} key is reported with the
 * closest known one.
 */
public final class AgentConfig {

  static final int MAX_CARDINALITY_LIMIT = 100_000;

  private final boolean enabled;
  private final boolean debug;
  private final String feature;
  private final List<String> baggageKeys;
  private final List<AttributionRule> attributionRules;
  private final String pricingFile;
  private final boolean captureContent;
  private final int cardinalityLimit;
  private final Map<String, Boolean> instrumentations;
  private final Map<String, String> otelSettings;

  private AgentConfig(Reader reader, Collection<String> instrumentationNames) {
    enabled = reader.bool("llmlens.enabled", true);
    debug = reader.bool("llmlens.debug", false);
    feature = reader.label("llmlens.feature", "unknown");
    baggageKeys = reader.baggageKeys("llmlens.attribution.baggage", "feature,user.tier,experiment");
    attributionRules = reader.rules("llmlens.attribution.rules");
    pricingFile = reader.readableFile("llmlens.pricing.file");
    captureContent = reader.bool("llmlens.capture.content", false);
    cardinalityLimit =
        reader.integer("llmlens.cardinality.limit", 100, 1, MAX_CARDINALITY_LIMIT);
    Map<String, Boolean> switches = new HashMap<String, Boolean>();
    for (String name : instrumentationNames) {
      switches.put(name, reader.bool(instrumentationSwitch(name), true));
    }
    instrumentations = Collections.unmodifiableMap(switches);
    otelSettings = reader.sources.otelSettings();
  }

  /** Reads every setting; problems land in {@code warnings}. */
  public static AgentConfig load(
      ConfigSources sources, Collection<String> instrumentationNames, Warnings warnings) {
    Reader reader = new Reader(sources, warnings);
    AgentConfig config = new AgentConfig(reader, instrumentationNames);
    reportUnknownKeys(sources, instrumentationNames, warnings);
    return config;
  }

  public static String instrumentationSwitch(String name) {
    return "llmlens.instrumentation." + name + ".enabled";
  }

  public boolean enabled() {
    return enabled;
  }

  public boolean debug() {
    return debug;
  }

  public String feature() {
    return feature;
  }

  public List<String> baggageKeys() {
    return baggageKeys;
  }

  public List<AttributionRule> attributionRules() {
    return attributionRules;
  }

  /** {@code null}: the built-in catalog only. */
  public String pricingFile() {
    return pricingFile;
  }

  public boolean captureContent() {
    return captureContent;
  }

  public int cardinalityLimit() {
    return cardinalityLimit;
  }

  public boolean instrumentationEnabled(String name) {
    Boolean enabled = instrumentations.get(name);
    return enabled == null || enabled;
  }

  /** {@code otel.*} settings given through agent arguments or the config file. */
  public Map<String, String> otelSettings() {
    return otelSettings;
  }

  private static final List<String> FIXED_KEYS =
      Arrays.asList(
          "llmlens.enabled",
          "llmlens.debug",
          "llmlens.feature",
          "llmlens.attribution.baggage",
          "llmlens.attribution.rules",
          "llmlens.pricing.file",
          "llmlens.capture.content",
          "llmlens.cardinality.limit",
          ConfigSources.CONFIG_FILE);

  private static void reportUnknownKeys(
      ConfigSources sources, Collection<String> instrumentationNames, Warnings warnings) {
    Set<String> known = new LinkedHashSet<String>(FIXED_KEYS);
    for (String name : instrumentationNames) {
      known.add(instrumentationSwitch(name));
    }
    Map<String, String> knownByEnvironmentName = new HashMap<String, String>();
    for (String key : known) {
      knownByEnvironmentName.put(ConfigSources.environmentName(key), key);
    }
    for (Map.Entry<String, String> entry : sources.llmlensKeys().entrySet()) {
      String key = entry.getKey();
      boolean environment = key.startsWith("LLMLENS_");
      if (environment ? knownByEnvironmentName.containsKey(key) : known.contains(key)) {
        continue;
      }
      String closest =
          Suggestions.closest(
              environment ? key.toLowerCase(java.util.Locale.ROOT).replace('_', '.') : key, known);
      String suggestion = closest == null ? null : spelledAs(closest, entry.getValue());
      warnings.add(
          "unknown setting " + spelledAs(key, entry.getValue()) + " (" + entry.getValue() + ") is ignored"
              + (suggestion == null ? "." : "; did you mean " + suggestion + "?")
              + " Known settings are listed in the llmlens README.");
    }
  }

  /** A known key written the way the source in which the unknown one appeared spells keys. */
  private static String spelledAs(String key, String source) {
    if (source.startsWith("environment variable")) {
      return ConfigSources.environmentName(key);
    }
    if (source.startsWith("agent argument") && key.startsWith("llmlens.")) {
      return key.substring("llmlens.".length());
    }
    return key;
  }

  private static final String LABEL_VALUE =
      "a non-empty name of at most 128 characters, without control characters";

  /** Label names of llmlens' own series that a Baggage key must not take over. */
  private static final Set<String> RESERVED_LABELS =
      new HashSet<String>(
          Arrays.asList(
              "provider", "operation", "model", "feature", "status", "error_type", "direction",
              "label", "finish_reason", "type", "kind", "version", "server_address", "server_port",
              "le", "quantile", "job", "instance", "service_name", "otel_scope_name",
              "otel_scope_version"));

  /** Values are echoed in warnings: a long one is cut so the warning stays readable. */
  public static String quoted(String text) {
    int max = 200;
    return text.length() <= max
        ? "\"" + text + "\""
        : "\"" + text.substring(0, max) + "\"... (" + text.length() + " characters)";
  }

  private static boolean isLabelValue(String text) {
    if (text.isEmpty() || text.length() > 128) {
      return false;
    }
    for (int i = 0; i < text.length(); i++) {
      if (Character.isISOControl(text.charAt(i))) {
        return false;
      }
    }
    return true;
  }

  /** {@code com.acme.support}, {@code com.acme.web.OrderController.checkout}, {@code com.acme.}. */
  private static boolean isClassPrefix(String text) {
    String[] parts = text.endsWith(".") ? text.substring(0, text.length() - 1).split("\\.", -1) : text.split("\\.", -1);
    for (String part : parts) {
      if (part.isEmpty() || !Character.isJavaIdentifierStart(part.charAt(0))) {
        return false;
      }
      for (int i = 1; i < part.length(); i++) {
        if (!Character.isJavaIdentifierPart(part.charAt(i)) || Character.isIdentifierIgnorable(part.charAt(i))) {
          return false;
        }
      }
    }
    return true;
  }

  /** Parses values, reporting each unusable one once. */
  private static final class Reader {
    private final ConfigSources sources;
    private final Warnings warnings;

    Reader(ConfigSources sources, Warnings warnings) {
      this.sources = sources;
      this.warnings = warnings;
    }

    boolean bool(String key, boolean fallback) {
      ConfigSources.Value value = sources.get(key);
      if (value == null) {
        return fallback;
      }
      String text = value.text.trim();
      if (text.equalsIgnoreCase("true") || text.equalsIgnoreCase("false")) {
        return Boolean.parseBoolean(text);
      }
      return invalid(key, value, "true or false", fallback);
    }

    int integer(String key, int fallback, int min, int max) {
      ConfigSources.Value value = sources.get(key);
      if (value == null) {
        return fallback;
      }
      try {
        int parsed = Integer.parseInt(value.text.trim());
        if (parsed >= min && parsed <= max) {
          return parsed;
        }
      } catch (NumberFormatException notANumber) {
        // reported below
      }
      return invalid(key, value, "a whole number from " + min + " to " + max, fallback);
    }

    String label(String key, String fallback) {
      ConfigSources.Value value = sources.get(key);
      if (value == null) {
        return fallback;
      }
      String text = value.text.trim();
      if (isLabelValue(text)) {
        return text;
      }
      return invalid(key, value, LABEL_VALUE, fallback);
    }

    /** Baggage keys: each becomes a label of its own, so each must make a usable, new label name. */
    List<String> baggageKeys(String key, String fallback) {
      ConfigSources.Value value = sources.get(key);
      List<String> items = split(value == null ? fallback : value.text, ",");
      if (value != null && items.isEmpty() && !value.text.trim().isEmpty()) {
        return invalid(key, value, "a comma-separated list of names", split(fallback, ","));
      }
      List<String> keys = new ArrayList<String>();
      Set<String> labels = new HashSet<String>();
      for (String item : items) {
        String label = item.replace('.', '_').replace('-', '_');
        String problem =
            !item.equals("feature") && RESERVED_LABELS.contains(label)
                ? "its label " + label + " is one of llmlens' own"
                : !label.matches("[A-Za-z_][A-Za-z0-9_]{0,63}") || label.startsWith("__")
                    ? "accepted: letters, digits, '.', '-' and '_', not starting with a digit, at most 64"
                    : !labels.add(label) ? "it gives the label " + label + " twice" : null;
        if (problem == null) {
          keys.add(item);
        } else {
          warnings.add(
              key + " entry " + quoted(item) + " (" + value.source + ") is not valid: " + problem
                  + ". The other entries apply.");
        }
      }
      return Collections.unmodifiableList(keys);
    }

    List<AttributionRule> rules(String key) {
      ConfigSources.Value value = sources.get(key);
      List<AttributionRule> rules = new ArrayList<AttributionRule>();
      if (value == null) {
        return rules;
      }
      for (String entry : split(value.text, ";")) {
        int equals = entry.indexOf('=');
        String prefix = equals > 0 ? entry.substring(0, equals).trim() : "";
        String name = equals > 0 ? entry.substring(equals + 1).trim() : "";
        if (!isClassPrefix(prefix) || !isLabelValue(name)) {
          warnings.add(
              key + " entry " + quoted(entry) + " (" + value.source + ") is not valid; accepted: "
                  + "classPrefix=feature entries separated by ';', e.g. "
                  + "com.acme.support=support;com.acme.search=search, a class prefix of Java names"
                  + " separated by '.', a feature of at most 128 characters without control"
                  + " characters. The other entries apply.");
        } else {
          rules.add(new AttributionRule(prefix, name));
        }
      }
      return Collections.unmodifiableList(rules);
    }

    String readableFile(String key) {
      ConfigSources.Value value = sources.get(key);
      if (value == null) {
        return null;
      }
      File file = new File(value.text.trim());
      if (file.isFile() && file.canRead()) {
        return file.getPath();
      }
      return invalid(key, value, "the path of a readable file", null);
    }

    private <T> T invalid(String key, ConfigSources.Value value, String accepted, T fallback) {
      warnings.add(
          key + "=" + quoted(value.text) + " (" + value.source + ") is not valid; accepted: "
              + accepted + ". Using the default: " + describe(fallback) + ".");
      return fallback;
    }

    private static String describe(Object fallback) {
      if (fallback == null) {
        return "none";
      }
      return fallback instanceof List ? String.join(",", (List<String>) fallback) : fallback.toString();
    }

    private static List<String> split(String text, String separator) {
      List<String> items = new ArrayList<String>();
      for (String item : text.split(separator)) {
        if (!item.trim().isEmpty()) {
          items.add(item.trim());
        }
      }
      return Collections.unmodifiableList(items);
    }
  }
}
