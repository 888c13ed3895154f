package dev.llmlens.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmlens.e2e.fixture.ChildJvm;
import dev.llmlens.e2e.fixture.PrometheusScrape;
import dev.llmlens.e2e.fixture.ScriptedOpenAiServer;
import java.io.File;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/**
 * openai-java where the application class loader cannot see it: inside a Spring Boot executable
 * jar (Spring Boot's launcher loads {@code BOOT-INF/lib}) and in a URLClassLoader that the
 * application builds itself. The advice, the bridge on the bootstrap loader and the stream
 * wrappers defined in the library's loader must all work there: every call counted exactly once.
 */
class ClassLoaderEnvironmentsTest {

  /** Blocking, async, a blocking stream and an async stream, so each code path meets the loader. */
  static final String PLAN = "2*blocking:gpt-4o,async:gpt-4o-mini,stream:streamed,astream:streamed";

  static final List<String> CALLS =
      List.of(
          "CALL 0 blocking gpt-4o OK gpt-4o-2024-08-06 12 7",
          "CALL 1 blocking gpt-4o OK gpt-4o-2024-08-06 12 7",
          "CALL 2 async gpt-4o-mini OK gpt-4o-mini-2024-07-18 20 3",
          "CALL 3 stream streamed STREAM 4 chunks: Your parcel",
          "CALL 4 astream streamed STREAM 4 chunks: Your parcel");

  @AutoClose final ScriptedOpenAiServer server = OpenAiScript.server();

  @Test
  void springBootExecutableJar() {
    ChildJvm.Result result =
        ScenarioApps.withAgentAndScrape(List.of(), null)
            .executableJar(ScenarioApps.springBootJar())
            .args(server.baseUrl(), PLAN)
            .run()
            .requireSuccess();

    assertThat(result.stdout()).contains("LOADER org.springframework.boot.loader.launch.LaunchedClassLoader");
    assertCountedExactly(result);
  }

  @Test
  void libraryInAChildClassLoader() {
    String childClasspath =
        ScenarioApps.chatApp().stream().map(Path::toString).collect(Collectors.joining(File.pathSeparator));
    ChildJvm.Result result =
        ScenarioApps.withAgentAndScrape(ScenarioApps.childLoaderLauncher(), ScenarioApps.CHILD_LOADER_APP)
            .args(childClasspath, ScenarioApps.CHAT_APP, server.baseUrl(), PLAN)
            .run()
            .requireSuccess();

    assertThat(result.stdout()).contains("LOADER scenario");
    assertCountedExactly(result);
  }

  /**
   * The agent sees a library's classes in {@code ClassLoader.defineClass} (no class file
   * transformer stays registered), and a class loader may hand a class over in two other shapes:
   * from a direct buffer, and from part of a larger array.
   */
  @Test
  void libraryDefinedFromADirectBuffer() {
    ChildJvm.Result result = runInDefiningLoader("direct-buffer");

    assertThat(result.stdout()).contains("LOADER scenario-direct-buffer");
    assertCountedExactly(result);
  }

  @Test
  void libraryDefinedFromPartOfALargerArray() {
    ChildJvm.Result result = runInDefiningLoader("array-slice");

    assertThat(result.stdout()).contains("LOADER scenario-array-slice");
    assertCountedExactly(result);
  }

  /** What the two tests above rely on: the watch is in {@code ClassLoader}, not a transformer. */
  @Test
  void theLibraryIsWatchedFromClassLoaderWithNoTransformerLeftRegistered() {
    ChildJvm.Result result =
        ScenarioApps.withAgentAndScrape(ScenarioApps.chatApp(), ScenarioApps.CHAT_APP)
            .systemProperty("llmlens.debug", "true")
            .args(server.baseUrl(), PLAN)
            .run()
            .requireSuccess();

    assertThat(result.stderr())
        .contains("[llmlens] DEBUG library classes are watched from ClassLoader.defineClass; no class file transformer is registered")
        .contains("[llmlens] DEBUG instrumented com.openai.services.blocking.chat.ChatCompletionServiceImpl\n")
        .doesNotContain("WARN");
    assertThat(ScenarioApps.callLines(result)).isEqualTo(CALLS);
  }

  private ChildJvm.Result runInDefiningLoader(String define) {
    String childClasspath =
        ScenarioApps.chatApp().stream().map(Path::toString).collect(Collectors.joining(File.pathSeparator));
    return ScenarioApps.withAgentAndScrape(ScenarioApps.childLoaderLauncher(), ScenarioApps.CHILD_LOADER_APP)
        .systemProperty("childloader.define", define)
        .args(childClasspath, ScenarioApps.CHAT_APP, server.baseUrl(), PLAN)
        .run()
        .requireSuccess();
  }

  private static void assertCountedExactly(ChildJvm.Result result) {
    assertThat(result.stderr().lines().filter(line -> line.startsWith("[llmlens]"))).isEmpty();
    assertThat(ScenarioApps.callLines(result)).isEqualTo(CALLS);
    PrometheusScrape scrape = PrometheusScrape.parse(ScenarioApps.printedScrape(result));
    assertThat(scrape.value("ai_requests_total", Map.of())).isEqualTo(5);
    assertThat(scrape.value("ai_requests_total", Map.of("model", "gpt-4o", "operation", "chat", "status", "success")))
        .isEqualTo(2);
    assertThat(scrape.value("ai_requests_total", Map.of("model", "gpt-4o-mini", "status", "success"))).isEqualTo(1);
    assertThat(scrape.value("ai_requests_total", Map.of("model", "streamed", "status", "success"))).isEqualTo(2);
    assertThat(scrape.value("ai_tokens_total", Map.of("direction", "input"))).isEqualTo(2 * 12 + 20);
    assertThat(scrape.value("ai_tokens_total", Map.of("direction", "output"))).isEqualTo(2 * 7 + 3);
    assertThat(scrape.value("ai_streams_without_usage_total", Map.of("model", "streamed"))).isEqualTo(2);
    assertThat(scrape.value("ai_time_to_first_token_seconds_count", Map.of("model", "streamed"))).isEqualTo(2);
    assertThat(scrape.value("ai_active_requests", Map.of())).isEqualTo(0);
  }
}
