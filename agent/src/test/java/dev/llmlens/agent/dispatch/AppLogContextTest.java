package dev.llmlens.agent.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * The application's logging context is used only where its logging API has an implementation:
 * a bare {@code slf4j-api} (which openai-java brings) or {@code log4j-api} prints an error when
 * first used, and the agent must not be what makes it print. Each test builds the application's
 * class loader from the API jars on the test class path, with or without their implementations.
 */
class AppLogContextTest {

  private static final String TRACE_ID = "0af7651916cd43dd8448eb211c80319c";
  private static final String SPAN_ID = "b7ad6b7169203331";

  @Test
  void logsNothingAndTouchesNoContextWhenTheApisHaveNoImplementation() throws Exception {
    try (URLClassLoader application = loader(jarOf("org.slf4j.MDC"), jarOf("org.apache.logging.log4j.ThreadContext"))) {
      Object client = application.loadClass("org.slf4j.helpers.BasicMarkerFactory").getConstructor().newInstance();

      String printed = stderrOf(() -> assertThat(new AppLogContext().enter(client, TRACE_ID, SPAN_ID, true)).isNull());

      assertThat(printed).isEmpty();
    }
  }

  @Test
  void usesTheMdcWhenSlf4jHasAnImplementation() throws Exception {
    try (URLClassLoader application =
        loader(jarOf("org.slf4j.MDC"), jarOf("ch.qos.logback.classic.Logger"), jarOf("ch.qos.logback.core.Appender"))) {
      Object client = application.loadClass("org.slf4j.helpers.BasicMarkerFactory").getConstructor().newInstance();
      AppLogContext logContext = new AppLogContext();
      java.lang.reflect.Method get = application.loadClass("org.slf4j.MDC").getMethod("get", String.class);

      Object saved = logContext.enter(client, TRACE_ID, SPAN_ID, true);
      Object during = get.invoke(null, "trace_id");
      logContext.exit(saved);

      assertThat(saved).isNotNull();
      assertThat(during).isEqualTo(TRACE_ID);
      assertThat(get.invoke(null, "trace_id")).isNull();
    }
  }

  /** A class loader over {@code jars} alone, below the bootstrap loader: the test's own jars stay out. */
  private static URLClassLoader loader(URL... jars) {
    return new URLClassLoader(jars, null);
  }

  private static URL jarOf(String className) throws ClassNotFoundException {
    return Class.forName(className, false, AppLogContextTest.class.getClassLoader()).getProtectionDomain().getCodeSource().getLocation();
  }

  private static String stderrOf(Runnable action) {
    PrintStream original = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setErr(new PrintStream(captured, true));
    try {
      action.run();
    } finally {
      System.setErr(original);
    }
    return new String(captured.toByteArray(), StandardCharsets.UTF_8);
  }
}
