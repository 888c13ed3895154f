package dev.llmlens.agent.log;

import java.io.PrintStream;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The agent's own log: one line per event on stderr, prefixed {@code [llmlens]}. It never goes
 * through the application's logging set-up (which may not exist yet at premain, and whose
 * configuration is the application's business).
 */
public final class AgentLog {

  private static final String PREFIX = "[llmlens] ";
  private static final int MAX_ONCE_KEYS = 1024;
  private static final Set<String> LOGGED_ONCE =
      java.util.Collections.newSetFromMap(new ConcurrentHashMap<String, Boolean>());
  private static volatile boolean debug;
  private static volatile PrintStream out = System.err;
  /** Where events also go once telemetry runs: OTLP log records, when a logs exporter is set. */
  private static volatile Sink sink;
  /** Events from before telemetry started (premain's configuration warnings), replayed to the sink. */
  private static final java.util.List<String[]> EARLY = new java.util.ArrayList<String[]>();
  private static final int MAX_EARLY = 32;

  private AgentLog() {}

  /** Receives the agent's info and warning events, already one line each. Never throws. */
  public interface Sink {
    void event(String severity, String message);
  }

  /** Sends events to {@code target} from now on, after the ones logged before (at most 32). */
  public static void exportTo(Sink target) {
    java.util.List<String[]> earlier;
    synchronized (EARLY) {
      sink = target;
      earlier = new java.util.ArrayList<String[]>(EARLY);
      EARLY.clear();
    }
    for (String[] event : earlier) {
      deliver(target, event[0], event[1]);
    }
  }

  private static void export(String severity, String message) {
    Sink target = sink;
    if (target == null) {
      synchronized (EARLY) {
        if (sink == null) {
          if (EARLY.size() < MAX_EARLY) {
            EARLY.add(new String[] {severity, message});
          }
          return;
        }
        target = sink;
      }
    }
    deliver(target, severity, message);
  }

  private static void deliver(Sink target, String severity, String message) {
    try {
      target.event(severity, message);
    } catch (Throwable ignored) {
      // The log of last resort has no one to tell.
    }
  }

  public static void enableDebug(boolean enabled) {
    debug = enabled;
  }

  public static boolean debugEnabled() {
    return debug;
  }

  public static void info(String message) {
    String line = oneLine(message);
    out.println(PREFIX + line);
    export("INFO", line);
  }

  public static void warn(String message) {
    String line = oneLine(message);
    out.println(PREFIX + "WARN " + line);
    export("WARN", line);
  }

  /** Logs {@code message} the first time {@code key} is seen, so a failure per call logs once. */
  public static void warnOnce(String key, String message) {
    if (LOGGED_ONCE.size() < MAX_ONCE_KEYS && LOGGED_ONCE.add(key)) {
      warn(message);
    }
  }

  public static void debug(String message) {
    if (debug) {
      out.println(PREFIX + "DEBUG " + oneLine(message));
    }
  }

  /**
   * Messages quote values from outside (a setting's value, a model name from a response): a
   * line break or other control character in them is escaped, so one event stays one line and
   * cannot forge another {@code [llmlens]} line.
   */
  static String oneLine(String message) {
    StringBuilder escaped = null;
    for (int i = 0; i < message.length(); i++) {
      char c = message.charAt(i);
      if (Character.isISOControl(c)) {
        if (escaped == null) {
          escaped = new StringBuilder(message.length() + 8).append(message, 0, i);
        }
        escaped.append(c == '\n' ? "\\n" : c == '\r' ? "\\r" : c == '\t' ? "\\t" : String.format("\\u%04x", (int) c));
      } else if (escaped != null) {
        escaped.append(c);
      }
    }
    return escaped == null ? message : escaped.toString();
  }
}
