package com.acme.support.fakellm;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The outage switch: on while the file exists, every call of a burst fails, off again after. */
class ErrorBurstSwitchTest {
  @TempDir Path dir;

  @Test
  void isOnWhileTheFileExistsAndSaysSoOncePerChange() throws Exception {
    Path file = dir.resolve("burst");
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    ErrorBurstSwitch burst = new ErrorBurstSwitch(file, new PrintStream(log, true, StandardCharsets.UTF_8));

    assertThat(burst.getAsBoolean()).isFalse();
    Files.createFile(file);
    assertThat(burst.getAsBoolean()).isTrue();
    assertThat(burst.getAsBoolean()).isTrue();
    Files.delete(file);
    assertThat(burst.getAsBoolean()).isFalse();

    String printed = log.toString(StandardCharsets.UTF_8);
    assertThat(printed.lines())
        .hasSize(2)
        .satisfiesExactly(
            line -> assertThat(line).startsWith("SupportDesk: error burst started at ").endsWith(file + " exists)"),
            line -> assertThat(line).startsWith("SupportDesk: error burst ended at ").endsWith(file + " removed)"));
  }

  @Test
  void aBurstFailsItsShareOfCallsAndLeavesTheRestToTheBasePlan() {
    boolean[] on = {true};
    ResponsePlan plan = ResponsePlan.withErrorBurst(ResponsePlan.alwaysOk(), () -> on[0], 0.5, 42);

    int failed = 0;
    for (long call = 0; call < 2000; call++) {
      ResponseKind kind = plan.next(call);
      assertThat(kind).isIn(ResponseKind.OK, ResponseKind.SERVER_ERROR);
      // Drawn per call: every retry of a failed call fails too.
      assertThat(plan.next(call)).isEqualTo(kind);
      failed += kind == ResponseKind.SERVER_ERROR ? 1 : 0;
    }
    assertThat(failed).isBetween(900, 1100);

    on[0] = false;
    for (long call = 0; call < 200; call++) {
      assertThat(plan.next(call)).isEqualTo(ResponseKind.OK);
    }
    assertThat(ResponsePlan.withErrorBurst(ResponsePlan.alwaysOk(), () -> true, 1.0, 7).next(3))
        .isEqualTo(ResponseKind.SERVER_ERROR);
  }
}
