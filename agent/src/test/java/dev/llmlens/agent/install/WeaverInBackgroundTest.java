package dev.llmlens.agent.install;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmlens.instrumentation.api.InstrumentationModule;
import dev.llmlens.instrumentation.api.LibraryCheck;
import dev.llmlens.instrumentation.api.LlmCallReader;
import dev.llmlens.instrumentation.api.TypeInstrumentation;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** ByteBuddy's transformer, built off the application's threads; a failed build weaves nothing. */
class WeaverInBackgroundTest {

  @Test
  void theBuiltTransformerLeavesClassesOfNoModuleAlone() throws Exception {
    java.lang.instrument.ClassFileTransformer transformer = WeaverInBackground.start(List.of(), () -> {}).await();

    assertThat(transformer).isNotNull();
    byte[] classFile = getClass().getResourceAsStream("LibraryWatch.class").readAllBytes();
    assertThat(transformer.transform(getClass().getClassLoader(), "com/openai/core/ClientOptions", null, null, classFile)).isNull();
  }

  @Test
  void theWarmUpWeavesTheRealAdviceIntoTheStandIn() throws Exception {
    assertThat(ByteBuddyWeaving.warmUp()).isTrue();
  }

  @Test
  void aModuleThatFailsToDescribeItsTypesLeavesNoTransformer() {
    InstrumentationModule broken =
        new InstrumentationModule() {
          @Override
          public String name() {
            return "broken";
          }

          @Override
          public LibraryCheck libraryCheck() {
            throw new IllegalStateException("no library check");
          }

          @Override
          public List<TypeInstrumentation> typeInstrumentations() {
            throw new IllegalStateException("no types");
          }

          @Override
          public Map<String, LlmCallReader> readers() {
            return Map.of();
          }
        };

    assertThat(WeaverInBackground.start(List.of(broken), () -> {}).await()).isNull();
  }
}
