package dev.llmlens.agent.config;

import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/**
 * The places a setting can come from, in the order that wins: system property
 * ({@code -Dllmlens.x.y}), environment ({@code LLMLENS_X_Y}), the agent argument string
 * ({@code -javaagent:llmlens-agent.jar=x.y=v,...}, keys without the {@code llmlens.} prefix), the
 * properties file named by {@code llmlens.config.file}.
 */
public final class ConfigSources {

  /** A value and where it came from, for messages that tell the user what to fix. */
  public static final class Value {
    public final String text;
    public final String source;

    Value(String text, String source) {
      this.text = text;
      this.source = source;
    }
  }

  static final String CONFIG_FILE = "llmlens.config.file";

  private final Map<String, String> systemProperties;
  private final Map<String, String> environment;
  private final Map<String, String> agentArguments;
  private final Map<String, String> file;
  private final String fileName;

  ConfigSources(
      Map<String, String> systemProperties,
      Map<String, String> environment,
      Map<String, String> agentArguments,
      Map<String, String> file,
      String fileName) {
    this.systemProperties = systemProperties;
    this.environment = environment;
    this.agentArguments = agentArguments;
    this.file = file;
    this.fileName = fileName;
  }

  /** Reads the process's sources. Problems with the config file are reported through {@code warnings}. */
  public static ConfigSources of(
      String agentArgs, Map<String, String> systemProperties, Map<String, String> environment, Warnings warnings) {
    Map<String, String> arguments = parseAgentArguments(agentArgs, warnings);
    ConfigSources withoutFile =
        new ConfigSources(
            systemProperties, environment, arguments, Collections.<String, String>emptyMap(), null);
    Value fileSetting = withoutFile.get(CONFIG_FILE);
    if (fileSetting == null) {
      return withoutFile;
    }
    Map<String, String> fileValues = readFile(fileSetting, warnings);
    return new ConfigSources(systemProperties, environment, arguments, fileValues, fileSetting.text);
  }

  /** The winning value of a {@code llmlens.*} or {@code otel.*} key, or {@code null}. */
  public Value get(String key) {
    String value = systemProperties.get(key);
    if (value != null) {
      return new Value(value, "system property -D" + key);
    }
    String envName = environmentName(key);
    value = environment.get(envName);
    if (value != null) {
      return new Value(value, "environment variable " + envName);
    }
    String argumentKey = argumentKey(key);
    value = agentArguments.get(argumentKey);
    if (value != null) {
      return new Value(value, "agent argument " + argumentKey);
    }
    value = file.get(key);
    if (value != null) {
      return new Value(value, "config file " + fileName);
    }
    return null;
  }

  /** Every {@code llmlens.*} key that any source sets, with where it was set. */
  public Map<String, String> llmlensKeys() {
    Map<String, String> keys = new LinkedHashMap<String, String>();
    for (String key : file.keySet()) {
      if (key.startsWith("llmlens.")) {
        keys.put(key, "config file " + fileName);
      }
    }
    for (String key : agentArguments.keySet()) {
      if (!key.startsWith("otel.")) {
        keys.put("llmlens." + key, "agent argument " + key);
      }
    }
    for (String name : environment.keySet()) {
      if (name.startsWith("LLMLENS_")) {
        keys.put(name, "environment variable " + name);
      }
    }
    for (String key : systemProperties.keySet()) {
      if (key.startsWith("llmlens.")) {
        keys.put(key, "system property -D" + key);
      }
    }
    return keys;
  }

  /**
   * {@code otel.*} settings given to the agent (arguments, config file). System properties and
   * environment variables are read by the OpenTelemetry SDK itself, with the same precedence.
   */
  public Map<String, String> otelSettings() {
    Map<String, String> settings = new LinkedHashMap<String, String>();
    for (Map.Entry<String, String> entry : file.entrySet()) {
      if (entry.getKey().startsWith("otel.")) {
        settings.put(entry.getKey(), entry.getValue());
      }
    }
    for (Map.Entry<String, String> entry : agentArguments.entrySet()) {
      if (entry.getKey().startsWith("otel.")) {
        settings.put(entry.getKey(), entry.getValue());
      }
    }
    return settings;
  }

  /** {@code llmlens.cardinality.limit} is {@code LLMLENS_CARDINALITY_LIMIT}. */
  static String environmentName(String key) {
    return key.toUpperCase(java.util.Locale.ROOT).replace('.', '_').replace('-', '_');
  }

  private static String argumentKey(String key) {
    return key.startsWith("llmlens.") ? key.substring("llmlens.".length()) : key;
  }

  /** {@code otel.*} settings whose values are themselves {@code key=value} lists. */
  private static final java.util.Set<String> KEY_VALUE_LISTS =
      new java.util.HashSet<String>(
          java.util.Arrays.asList(
              "otel.resource.attributes",
              "otel.exporter.otlp.headers",
              "otel.exporter.otlp.metrics.headers",
              "otel.exporter.otlp.traces.headers"));

  /**
   * {@code a=1,b=x,y,c=2}: a segment without {@code =} continues the previous value, so list
   * values such as {@code attribution.baggage=feature,user.tier} need no quoting. After a
   * key=value-list setting such as {@code otel.resource.attributes=env=prod,team=ai}, segments
   * continue it until one starting with {@code otel.} or {@code llmlens.}.
   */
  static Map<String, String> parseAgentArguments(String agentArgs, Warnings warnings) {
    Map<String, String> arguments = new LinkedHashMap<String, String>();
    if (agentArgs == null || agentArgs.trim().isEmpty()) {
      return arguments;
    }
    String lastKey = null;
    for (String segment : agentArgs.split(",")) {
      int equals = segment.indexOf('=');
      if (segment.trim().isEmpty()) {
        continue;
      }
      boolean continuesList =
          lastKey != null
              && KEY_VALUE_LISTS.contains(lastKey)
              && !segment.trim().startsWith("otel.")
              && !segment.trim().startsWith("llmlens.");
      if (equals > 0 && !continuesList) {
        // "llmlens.debug=true" works as well as "debug=true".
        lastKey = argumentKey(segment.substring(0, equals).trim());
        arguments.put(lastKey, segment.substring(equals + 1).trim());
      } else if (lastKey != null) {
        arguments.put(lastKey, arguments.get(lastKey) + "," + segment.trim());
      } else {
        warnings.add(
            "agent argument \"" + segment.trim() + "\" is not key=value; accepted: "
                + "-javaagent:llmlens-agent.jar=feature=support,debug=true. It is ignored.");
      }
    }
    return arguments;
  }

  private static Map<String, String> readFile(Value setting, Warnings warnings) {
    Properties properties = new Properties();
    try (InputStream in = new FileInputStream(setting.text.trim())) {
      properties.load(in);
    } catch (IOException | RuntimeException e) {
      warnings.add(
          CONFIG_FILE + "=\"" + setting.text + "\" (" + setting.source + ") cannot be read ("
              + e.getMessage() + "); accepted: a readable Java properties file. "
              + "Settings from other sources are used.");
      return Collections.emptyMap();
    }
    Map<String, String> values = new LinkedHashMap<String, String>();
    for (String name : properties.stringPropertyNames()) {
      values.put(name, properties.getProperty(name).trim());
    }
    return values;
  }
}
