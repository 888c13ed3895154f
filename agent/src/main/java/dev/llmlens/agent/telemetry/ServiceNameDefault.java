package dev.llmlens.agent.telemetry;

import java.util.Map;

/**
 * A useful {@code service.name} when the user set none: the main jar ({@code support-bot} for
 * {@code java -jar support-bot-1.4.2.jar}) or the main class's simple name, instead of the SDK's
 * {@code unknown_service:java}, which makes every service on a dashboard look the same.
 */
final class ServiceNameDefault {

  private ServiceNameDefault() {}

  /** Whether {@code service.name} is set by any standard OpenTelemetry setting. */
  static boolean isConfigured(Map<String, String> systemProperties, Map<String, String> environment, Map<String, String> agentSettings) {
    return systemProperties.containsKey("otel.service.name")
        || environment.containsKey("OTEL_SERVICE_NAME")
        || agentSettings.containsKey("otel.service.name")
        || namesService(systemProperties.get("otel.resource.attributes"))
        || namesService(environment.get("OTEL_RESOURCE_ATTRIBUTES"))
        || namesService(agentSettings.get("otel.resource.attributes"));
  }

  /** From the {@code sun.java.command} system property; {@code null} if it says nothing useful. */
  static String fromCommand(String command) {
    if (command == null || command.trim().isEmpty()) {
      return null;
    }
    String main = mainJarOrClass(command.trim());
    if (main.endsWith(".jar")) {
      String file = main.substring(Math.max(main.lastIndexOf('/'), main.lastIndexOf('\\')) + 1);
      String name = file.substring(0, file.length() - ".jar".length());
      // support-bot-1.4.2-SNAPSHOT -> support-bot
      String unversioned = name.replaceFirst("-\\d+(\\.\\d+)*([.-][A-Za-z0-9.]+)?$", "");
      return unversioned.isEmpty() ? name : unversioned;
    }
    String simple = main.substring(main.lastIndexOf('.') + 1);
    return simple.isEmpty() ? null : simple;
  }

  /**
   * {@code sun.java.command} joins the main jar (or class) and the arguments with spaces, and a
   * jar path may itself hold spaces ({@code C:\\Program Files\\...}): a path ends at the first
   * {@code .jar} followed by a space or the end. Class names hold no spaces.
   */
  private static String mainJarOrClass(String command) {
    String first = command.split("\\s+")[0];
    if (first.endsWith(".jar") || (first.indexOf('/') < 0 && first.indexOf('\\') < 0)) {
      return first;
    }
    for (int jar = command.indexOf(".jar"); jar >= 0; jar = command.indexOf(".jar", jar + 1)) {
      int end = jar + ".jar".length();
      if (end == command.length() || Character.isWhitespace(command.charAt(end))) {
        return command.substring(0, end);
      }
    }
    return first;
  }

  private static boolean namesService(String resourceAttributes) {
    if (resourceAttributes == null) {
      return false;
    }
    for (String pair : resourceAttributes.split(",")) {
      if (pair.trim().startsWith("service.name=")) {
        return true;
      }
    }
    return false;
  }
}
