package dev.llmlens.agent.dispatch;

import dev.llmlens.agent.config.AttributionRule;
import java.lang.reflect.Method;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * {@code llmlens.attribution.rules}: the feature of the innermost frame on the caller's stack
 * that a rule's prefix names. A prefix names a class or a package ({@code com.acme.support}) or
 * one method ({@code com.acme.web.OrderController.checkout}), so each endpoint of an HTTP
 * service can be its own feature without a code change.
 *
 * <p>Cheap per call: the stack is walked lazily (StackWalker on Java 9+) and stops at the first
 * match, and what the rules say about each class is computed once and cached, so a call site
 * costs a few map lookups per frame rather than prefix matching.
 */
final class CallerRules {

  private static final String NO_MATCH = "";
  /** A rule names a method of this class: match class and method per frame. */
  private static final String BY_METHOD = new String("by-method");
  private static final int MAX_CACHED_CLASSES = 8192;
  private static final int MAX_FRAMES = 256;

  private final List<AttributionRule> rules;
  private final ConcurrentMap<String, String> byClass = new ConcurrentHashMap<String, String>();
  private final StackFrames frames = StackFrames.create();
  /** The rules' verdict per class, held by the class (no map keyed by name to bound). */
  private final ClassValue<String> byType =
      new ClassValue<String>() {
        @Override
        protected String computeValue(Class<?> type) {
          return forClass(type.getName());
        }
      };

  CallerRules(List<AttributionRule> rules) {
    this.rules = rules;
  }

  /** The matching feature, or {@code null} when no frame matches (or there are no rules). */
  String match() {
    return rules.isEmpty() ? null : frames.firstMatch(this);
  }

  /** The feature for one frame, or {@code null} to go on to the caller's caller. */
  String feature(String className, String methodName) {
    String known = byClass.get(className);
    if (known == null) {
      known = forClass(className);
      if (byClass.size() < MAX_CACHED_CLASSES) {
        byClass.put(className, known);
      }
    }
    if (known == BY_METHOD) {
      String method = className + "." + methodName;
      for (AttributionRule rule : rules) {
        if (method.startsWith(rule.classPrefix())) {
          return rule.feature();
        }
      }
      return null;
    }
    return known == NO_MATCH ? null : known;
  }

  private String forClass(String className) {
    String classPrefix = className + ".";
    for (AttributionRule rule : rules) {
      if (rule.classPrefix().startsWith(classPrefix)) {
        return BY_METHOD;
      }
    }
    for (AttributionRule rule : rules) {
      if (className.startsWith(rule.classPrefix())) {
        return rule.feature();
      }
    }
    return NO_MATCH;
  }

  /** The current thread's stack, innermost frame first. */
  abstract static class StackFrames {

    abstract String firstMatch(CallerRules rules);

    static StackFrames create() {
      try {
        return new Walker();
      } catch (Exception | LinkageError java8) {
        return new Trace();
      }
    }
  }

  /**
   * Java 9+: {@code StackWalker} with class references, reached reflectively so the agent still
   * loads on Java 8. What the rules say about a class is kept on the class itself ({@link
   * ClassValue}), so a frame costs one lookup; the method name is read only for classes a
   * method rule names.
   */
  static final class Walker extends StackFrames {
    private final Object walker;
    private final Method walk;
    private final Method declaringClass;
    private final Method methodName;

    Walker() throws Exception {
      Class<?> type = Class.forName("java.lang.StackWalker");
      Class<?> option = Class.forName("java.lang.StackWalker$Option");
      Object retainClass = option.getField("RETAIN_CLASS_REFERENCE").get(null);
      walker = type.getMethod("getInstance", option).invoke(null, retainClass);
      walk = type.getMethod("walk", Function.class);
      Class<?> frame = Class.forName("java.lang.StackWalker$StackFrame");
      declaringClass = frame.getMethod("getDeclaringClass");
      methodName = frame.getMethod("getMethodName");
    }

    @Override
    String firstMatch(final CallerRules rules) {
      Function<Stream<?>, String> search =
          frames -> {
            Iterator<?> iterator = frames.iterator();
            for (int depth = 0; iterator.hasNext() && depth < MAX_FRAMES; depth++) {
              Object frame = iterator.next();
              try {
                String known = rules.byType.get((Class<?>) declaringClass.invoke(frame));
                if (known == BY_METHOD) {
                  Class<?> type = (Class<?>) declaringClass.invoke(frame);
                  known = rules.feature(type.getName(), (String) methodName.invoke(frame));
                }
                if (known != null && known != NO_MATCH) {
                  return known;
                }
              } catch (ReflectiveOperationException unreadable) {
                return null;
              }
            }
            return null;
          };
      try {
        return (String) walk.invoke(walker, search);
      } catch (ReflectiveOperationException unavailable) {
        return null;
      }
    }
  }

  /** Java 8: a whole stack trace per call. */
  static final class Trace extends StackFrames {
    @Override
    String firstMatch(CallerRules rules) {
      for (StackTraceElement frame : new Throwable().getStackTrace()) {
        String feature = rules.feature(frame.getClassName(), frame.getMethodName());
        if (feature != null) {
          return feature;
        }
      }
      return null;
    }
  }
}
