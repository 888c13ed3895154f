package dev.llmlens.agent.telemetry;

import dev.llmlens.agent.log.AgentLog;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * The shaded OpenTelemetry SDK logs through {@code java.util.logging}. Its messages belong to the
 * agent, not to the application's logs: they go to the agent's stderr log instead, and the same
 * message (an unreachable collector, every export interval) at most once a minute.
 *
 * <p>Installed when the SDK is built, which happens after the application has started, so the
 * application's own {@code java.util.logging} set-up is already in place.
 */
final class SdkLogRouting extends Handler {

  private static final long REPEAT_AFTER_MILLIS = 60_000;
  private static final int MAX_TRACKED = 256;

  /** Held strongly: {@code java.util.logging} keeps only weak references to loggers. */
  private static Logger sdkLogger;

  private static final java.util.logging.Formatter FORMATTER = new java.util.logging.SimpleFormatter();

  private final Map<String, Long> lastLogged = new ConcurrentHashMap<String, Long>();

  static synchronized void install() {
    if (sdkLogger != null) {
      return;
    }
    String shadedRoot = io.opentelemetry.sdk.OpenTelemetrySdk.class.getName();
    shadedRoot = shadedRoot.substring(0, shadedRoot.indexOf(".opentelemetry.") + ".opentelemetry".length());
    Logger logger = Logger.getLogger(shadedRoot);
    logger.setUseParentHandlers(false);
    logger.setLevel(AgentLog.debugEnabled() ? Level.FINE : Level.INFO);
    logger.addHandler(new SdkLogRouting());
    sdkLogger = logger;
  }

  @Override
  public void publish(LogRecord record) {
    if (record == null || !isLoggable(record)) {
      return;
    }
    String message = FORMATTER.formatMessage(record);
    long now = System.currentTimeMillis();
    Long previous = lastLogged.get(message);
    if (previous != null && now - previous < REPEAT_AFTER_MILLIS) {
      return;
    }
    if (lastLogged.size() < MAX_TRACKED || previous != null) {
      lastLogged.put(message, now);
    }
    Throwable thrown = record.getThrown();
    String line = "OpenTelemetry SDK: " + message + (thrown == null ? "" : " (" + thrown + ")");
    if (record.getLevel().intValue() >= Level.WARNING.intValue()) {
      AgentLog.warn(line);
    } else {
      AgentLog.debug(line);
    }
  }

  @Override
  public void flush() {}

  @Override
  public void close() {}
}
