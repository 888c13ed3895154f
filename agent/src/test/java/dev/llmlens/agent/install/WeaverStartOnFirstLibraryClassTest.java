package dev.llmlens.agent.install;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class WeaverStartOnFirstLibraryClassTest {

  private final AtomicInteger starts = new AtomicInteger();
  private final WeaverStartOnFirstLibraryClass weaverStart = new WeaverStartOnFirstLibraryClass(() -> {});

  @Test
  void notStartedWithoutALibraryClass() {
    weaverStart.armed(starts::incrementAndGet);

    assertThat(starts).hasValue(0);
  }

  @Test
  void startedByTheFirstLibraryClassOnce() {
    weaverStart.armed(starts::incrementAndGet);

    weaverStart.run();
    weaverStart.run();

    assertThat(starts).hasValue(1);
  }

  @Test
  void aLibraryClassSeenBeforeTheWatchWasArmedStartsItWhenArmed() {
    weaverStart.run();
    assertThat(starts).hasValue(0);

    weaverStart.armed(starts::incrementAndGet);
    weaverStart.run();

    assertThat(starts).hasValue(1);
  }
}
