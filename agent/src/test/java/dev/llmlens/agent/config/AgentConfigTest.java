package dev.llmlens.agent.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class AgentConfigTest {

  private static final List<String> MODULES = Arrays.asList("openai", "langchain4j");

  @TempDir Path tempDir;

  private final Warnings warnings = new Warnings();
  private final Map<String, String> systemProperties = new HashMap<>();
  private final Map<String, String> environment = new HashMap<>();

  private AgentConfig load(String agentArgs) {
    return AgentConfig.load(
        ConfigSources.of(agentArgs, systemProperties, environment, warnings), MODULES, warnings);
  }

  private Path configFile(String... lines) throws IOException {
    Path file = tempDir.resolve("llmlens.properties");
    Files.write(file, Arrays.asList(lines), StandardCharsets.ISO_8859_1);
    return file;
  }

  // ---------------------------------------------------------------- defaults

  @Test
  void defaultsWhenNothingIsSet() {
    AgentConfig config = load(null);

    assertThat(config.enabled()).isTrue();
    assertThat(config.debug()).isFalse();
    assertThat(config.feature()).isEqualTo("unknown");
    assertThat(config.baggageKeys()).containsExactly("feature", "user.tier", "experiment");
    assertThat(config.attributionRules()).isEmpty();
    assertThat(config.pricingFile()).isNull();
    assertThat(config.captureContent()).isFalse();
    assertThat(config.cardinalityLimit()).isEqualTo(100);
    assertThat(config.instrumentationEnabled("openai")).isTrue();
    assertThat(config.instrumentationEnabled("langchain4j")).isTrue();
    assertThat(config.otelSettings()).isEmpty();
    assertThat(warnings.lines()).isEmpty();
  }

  @Test
  void validValuesOfEverySetting() throws IOException {
    Path prices = Files.write(tempDir.resolve("prices.csv"), "model,input,output\n".getBytes());
    systemProperties.put("llmlens.enabled", "false");
    systemProperties.put("llmlens.debug", " TRUE ");
    systemProperties.put("llmlens.feature", " support ");
    systemProperties.put("llmlens.attribution.baggage", "feature, team ,,");
    systemProperties.put(
        "llmlens.attribution.rules", "com.acme.support=support; com.acme.search = search ;");
    systemProperties.put("llmlens.pricing.file", prices.toString());
    systemProperties.put("llmlens.capture.content", "true");
    systemProperties.put("llmlens.cardinality.limit", " 100000 ");
    systemProperties.put("llmlens.instrumentation.openai.enabled", "False");

    AgentConfig config = load(null);

    assertThat(warnings.lines()).isEmpty();
    assertThat(config.enabled()).isFalse();
    assertThat(config.debug()).isTrue();
    assertThat(config.feature()).isEqualTo("support");
    assertThat(config.baggageKeys()).containsExactly("feature", "team");
    assertThat(config.attributionRules())
        .extracting(AttributionRule::classPrefix, AttributionRule::feature)
        .containsExactly(
            tuple("com.acme.support", "support"),
            tuple("com.acme.search", "search"));
    assertThat(config.pricingFile()).isEqualTo(prices.toString());
    assertThat(config.captureContent()).isTrue();
    assertThat(config.cardinalityLimit()).isEqualTo(100_000);
    assertThat(config.instrumentationEnabled("openai")).isFalse();
    assertThat(config.instrumentationEnabled("langchain4j")).isTrue();
    assertThat(config.instrumentationEnabled("not-a-module")).isTrue();
  }

  @Test
  void cardinalityLimitBoundsAreAccepted() {
    systemProperties.put("llmlens.cardinality.limit", "1");

    assertThat(load(null).cardinalityLimit()).isEqualTo(1);
    assertThat(warnings.lines()).isEmpty();
  }

  @Test
  void emptyBaggageListMeansNoBaggageKeys() {
    systemProperties.put("llmlens.attribution.baggage", "");

    assertThat(load(null).baggageKeys()).isEmpty();
    assertThat(warnings.lines()).isEmpty();
  }

  // ---------------------------------------------------------------- invalid values

  static Stream<Arguments> garbage() {
    Function<AgentConfig, Object> enabled = AgentConfig::enabled;
    Function<AgentConfig, Object> debug = AgentConfig::debug;
    Function<AgentConfig, Object> capture = AgentConfig::captureContent;
    Function<AgentConfig, Object> openai = c -> c.instrumentationEnabled("openai");
    Function<AgentConfig, Object> feature = AgentConfig::feature;
    Function<AgentConfig, Object> baggage = AgentConfig::baggageKeys;
    Function<AgentConfig, Object> pricing = AgentConfig::pricingFile;
    Function<AgentConfig, Object> limit = AgentConfig::cardinalityLimit;
    String bool = "true or false";
    String name = "a non-empty name of at most 128 characters, without control characters";
    String number = "a whole number from 1 to 100000";
    String readable = "the path of a readable file";
    String tooLong = String.join("", Collections.nCopies(129, "x"));
    return Stream.of(
        arguments("llmlens.enabled", "yes", bool, "true", enabled, true),
        arguments("llmlens.enabled", "", bool, "true", enabled, true),
        arguments("llmlens.enabled", "1", bool, "true", enabled, true),
        arguments("llmlens.debug", "on", bool, "false", debug, false),
        arguments("llmlens.debug", "  ", bool, "false", debug, false),
        arguments("llmlens.capture.content", "sometimes", bool, "false", capture, false),
        arguments("llmlens.capture.content", "-1", bool, "false", capture, false),
        arguments("llmlens.instrumentation.openai.enabled", "off", bool, "true", openai, true),
        arguments("llmlens.instrumentation.openai.enabled", "", bool, "true", openai, true),
        arguments("llmlens.feature", "", name, "unknown", feature, "unknown"),
        arguments("llmlens.feature", "   ", name, "unknown", feature, "unknown"),
        arguments("llmlens.feature", tooLong, name, "unknown", feature, "unknown"),
        arguments("llmlens.feature", "support\nbilling", name, "unknown", feature, "unknown"),
        arguments("llmlens.feature", "bell\u0007ring", name, "unknown", feature, "unknown"),
        arguments(
            "llmlens.attribution.baggage",
            ",,,",
            "a comma-separated list of names",
            "feature,user.tier,experiment",
            baggage,
            Arrays.asList("feature", "user.tier", "experiment")),
        arguments(
            "llmlens.attribution.baggage",
            " , ",
            "a comma-separated list of names",
            "feature,user.tier,experiment",
            baggage,
            Arrays.asList("feature", "user.tier", "experiment")),
        arguments("llmlens.pricing.file", "/nonexistent/prices.csv", readable, "none", pricing, null),
        arguments("llmlens.pricing.file", "", readable, "none", pricing, null),
        arguments("llmlens.pricing.file", "/tmp", readable, "none", pricing, null),
        arguments("llmlens.cardinality.limit", "abc", number, "100", limit, 100),
        arguments("llmlens.cardinality.limit", "", number, "100", limit, 100),
        arguments("llmlens.cardinality.limit", "0", number, "100", limit, 100),
        arguments("llmlens.cardinality.limit", "-5", number, "100", limit, 100),
        arguments("llmlens.cardinality.limit", "100001", number, "100", limit, 100),
        arguments("llmlens.cardinality.limit", "99999999999", number, "100", limit, 100),
        arguments("llmlens.cardinality.limit", "1.5", number, "100", limit, 100),
        arguments("llmlens.cardinality.limit", "1e3", number, "100", limit, 100));
  }

  @ParameterizedTest(name = "{0}=\"{1}\"")
  @MethodSource("garbage")
  void garbageGivesOneWarningAndTheDefault(
      String key,
      String value,
      String accepted,
      String defaultText,
      Function<AgentConfig, Object> setting,
      Object defaultValue) {
    systemProperties.put(key, value);

    AgentConfig config = load(null);

    assertThat(setting.apply(config)).isEqualTo(defaultValue);
    assertThat(warnings.lines())
        .containsExactly(
            key + "=\"" + value + "\" (system property -D" + key + ") is not valid; accepted: "
                + accepted + ". Using the default: " + defaultText + ".");
  }

  @Test
  void invalidCardinalityLimitFromASystemProperty() {
    systemProperties.put("llmlens.cardinality.limit", "0");

    assertThat(load(null).cardinalityLimit()).isEqualTo(100);
    assertThat(warnings.lines())
        .containsExactly(
            "llmlens.cardinality.limit=\"0\" (system property -Dllmlens.cardinality.limit) is not"
                + " valid; accepted: a whole number from 1 to 100000. Using the default: 100.");
  }

  @Test
  void invalidBooleanFromTheEnvironment() {
    environment.put("LLMLENS_DEBUG", "yes");

    assertThat(load(null).debug()).isFalse();
    assertThat(warnings.lines())
        .containsExactly(
            "llmlens.debug=\"yes\" (environment variable LLMLENS_DEBUG) is not valid; accepted:"
                + " true or false. Using the default: false.");
  }

  @Test
  void invalidBooleanFromAnAgentArgument() {
    assertThat(load("capture.content=sometimes").captureContent()).isFalse();
    assertThat(warnings.lines())
        .containsExactly(
            "llmlens.capture.content=\"sometimes\" (agent argument capture.content) is not valid;"
                + " accepted: true or false. Using the default: false.");
  }

  @Test
  void invalidNumberFromTheConfigFile() throws IOException {
    Path file = configFile("llmlens.cardinality.limit=-5");
    systemProperties.put("llmlens.config.file", file.toString());

    assertThat(load(null).cardinalityLimit()).isEqualTo(100);
    assertThat(warnings.lines())
        .containsExactly(
            "llmlens.cardinality.limit=\"-5\" (config file " + file + ") is not valid; accepted:"
                + " a whole number from 1 to 100000. Using the default: 100.");
  }

  @Test
  void invalidInstrumentationSwitchFromTheEnvironment() {
    environment.put("LLMLENS_INSTRUMENTATION_LANGCHAIN4J_ENABLED", "disabled");

    assertThat(load(null).instrumentationEnabled("langchain4j")).isTrue();
    assertThat(warnings.lines())
        .containsExactly(
            "llmlens.instrumentation.langchain4j.enabled=\"disabled\" (environment variable"
                + " LLMLENS_INSTRUMENTATION_LANGCHAIN4J_ENABLED) is not valid; accepted: true or"
                + " false. Using the default: true.");
  }

  @Test
  void unreadablePricingFile() {
    systemProperties.put("llmlens.pricing.file", "/nonexistent/prices.csv");

    assertThat(load(null).pricingFile()).isNull();
    assertThat(warnings.lines())
        .containsExactly(
            "llmlens.pricing.file=\"/nonexistent/prices.csv\" (system property"
                + " -Dllmlens.pricing.file) is not valid; accepted: the path of a readable file."
                + " Using the default: none.");
  }

  @Test
  void invalidAttributionRuleEntryIsReportedAndTheOthersApply() {
    systemProperties.put("llmlens.attribution.rules", "com.acme.support;com.acme.search=search");

    AgentConfig config = load(null);

    assertThat(config.attributionRules())
        .extracting(AttributionRule::classPrefix, AttributionRule::feature)
        .containsExactly(tuple("com.acme.search", "search"));
    assertThat(warnings.lines())
        .containsExactly(
            "llmlens.attribution.rules entry \"com.acme.support\" (system property"
                + " -Dllmlens.attribution.rules) is not valid; accepted: classPrefix=feature"
                + " entries separated by ';', e.g. com.acme.support=support;"
                + "com.acme.search=search, a class prefix of Java names separated by '.', a feature"
                + " of at most 128 characters without control characters. The other entries apply.");
  }

  static Stream<String> badRules() {
    return Stream.of(
        "com acme=support",
        "com..acme=support",
        "9com.acme=support",
        "com.acme=support\tline",
        "com.acme=" + String.join("", Collections.nCopies(129, "x")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badRules")
  void attributionRuleWithAPrefixNoClassCanHaveOrAnUnusableFeatureIsSkipped(String entry) {
    systemProperties.put("llmlens.attribution.rules", entry + ";com.acme.search=search;com.acme.=acme");

    AgentConfig config = load(null);

    assertThat(config.attributionRules())
        .extracting(AttributionRule::classPrefix, AttributionRule::feature)
        .containsExactly(tuple("com.acme.search", "search"), tuple("com.acme.", "acme"));
    assertThat(warnings.lines()).hasSize(1);
    assertThat(warnings.lines().get(0))
        .startsWith("llmlens.attribution.rules entry \"" + entry + "\" (system property")
        .endsWith("The other entries apply.");
  }

  static Stream<Arguments> badBaggageKeys() {
    return Stream.of(
        arguments("model", "its label model is one of llmlens' own"),
        arguments("error.type", "its label error_type is one of llmlens' own"),
        arguments("status", "its label status is one of llmlens' own"),
        arguments("user_tier", "it gives the label user_tier twice"),
        arguments(
            "9lives",
            "accepted: letters, digits, '.', '-' and '_', not starting with a digit, at most 64"),
        arguments(
            "user tier",
            "accepted: letters, digits, '.', '-' and '_', not starting with a digit, at most 64"),
        arguments(
            "__name__",
            "accepted: letters, digits, '.', '-' and '_', not starting with a digit, at most 64"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badBaggageKeys")
  void baggageKeyThatMakesNoUsableLabelIsSkipped(String key, String problem) {
    systemProperties.put("llmlens.attribution.baggage", "feature,user.tier," + key + ",experiment");

    AgentConfig config = load(null);

    assertThat(config.baggageKeys()).containsExactly("feature", "user.tier", "experiment");
    assertThat(warnings.lines())
        .containsExactly(
            "llmlens.attribution.baggage entry \"" + key + "\" (system property"
                + " -Dllmlens.attribution.baggage) is not valid: " + problem
                + ". The other entries apply.");
  }

  @Test
  void aHugeValueIsQuotedShortInItsWarning() {
    String huge = String.join("", Collections.nCopies(10_000, "x"));
    systemProperties.put("llmlens.cardinality.limit", huge);

    assertThat(load(null).cardinalityLimit()).isEqualTo(100);
    assertThat(warnings.lines())
        .containsExactly(
            "llmlens.cardinality.limit=\"" + huge.substring(0, 200) + "\"... (10000 characters)"
                + " (system property -Dllmlens.cardinality.limit) is not valid; accepted: a whole"
                + " number from 1 to 100000. Using the default: 100.");
  }

  @Test
  void attributionRuleWithoutPrefixOrWithoutFeatureIsInvalid() {
    systemProperties.put("llmlens.attribution.rules", "=support");

    assertThat(load(null).attributionRules()).isEmpty();
    assertThat(warnings.lines()).hasSize(1);
    assertThat(warnings.lines().get(0))
        .startsWith("llmlens.attribution.rules entry \"=support\" (system property")
        .contains("accepted: classPrefix=feature entries separated by ';'");

    Warnings again = new Warnings();
    Map<String, String> props = Collections.singletonMap("llmlens.attribution.rules", "com.acme=");
    AgentConfig config =
        AgentConfig.load(
            ConfigSources.of(null, props, Collections.emptyMap(), again), MODULES, again);
    assertThat(config.attributionRules()).isEmpty();
    assertThat(again.lines()).hasSize(1);
    assertThat(again.lines().get(0))
        .startsWith("llmlens.attribution.rules entry \"com.acme=\" (system property");
  }

  @Test
  void unreadableConfigFile() {
    systemProperties.put("llmlens.config.file", "/nonexistent/llmlens.properties");

    AgentConfig config = load(null);

    assertThat(config.feature()).isEqualTo("unknown");
    assertThat(warnings.lines())
        .containsExactly(
            "llmlens.config.file=\"/nonexistent/llmlens.properties\" (system property"
                + " -Dllmlens.config.file) cannot be read (/nonexistent/llmlens.properties (No such"
                + " file or directory)); accepted: a readable Java properties file. Settings from"
                + " other sources are used.");
  }

  @Test
  void configFileThatIsADirectoryOrEmptyIsReported() {
    environment.put("LLMLENS_CONFIG_FILE", tempDir.toString());

    load(null);

    assertThat(warnings.lines()).hasSize(1);
    assertThat(warnings.lines().get(0))
        .startsWith(
            "llmlens.config.file=\"" + tempDir + "\" (environment variable LLMLENS_CONFIG_FILE)"
                + " cannot be read (")
        .endsWith(
            "); accepted: a readable Java properties file. Settings from other sources are used.");
  }

  @Test
  void emptyConfigFileNameIsReported() {
    AgentConfig config = load("config.file=,feature=support");

    assertThat(config.feature()).isEqualTo("support");
    assertThat(warnings.lines()).hasSize(1);
    assertThat(warnings.lines().get(0))
        .startsWith("llmlens.config.file=\"\" (agent argument config.file) cannot be read (")
        .endsWith("accepted: a readable Java properties file. Settings from other sources are used.");
  }

  @Test
  void malformedConfigFileIsReportedAndOtherSourcesApply() throws IOException {
    Path file = configFile("llmlens.feature=from-file", "llmlens.debug=\\u00zz");
    systemProperties.put("llmlens.config.file", file.toString());
    environment.put("LLMLENS_FEATURE", "from-env");

    AgentConfig config = load(null);

    assertThat(config.feature()).isEqualTo("from-env");
    assertThat(config.debug()).isFalse();
    assertThat(warnings.lines())
        .containsExactly(
            "llmlens.config.file=\"" + file + "\" (system property -Dllmlens.config.file) cannot"
                + " be read (Malformed \\uxxxx encoding.); accepted: a readable Java properties"
                + " file. Settings from other sources are used.");
  }

  @Test
  void invalidValueOfTheWinningSourceGivesTheDefaultNotALowerSource() {
    systemProperties.put("llmlens.cardinality.limit", "zero");
    environment.put("LLMLENS_CARDINALITY_LIMIT", "5");

    assertThat(load("cardinality.limit=7").cardinalityLimit()).isEqualTo(100);
    assertThat(warnings.lines())
        .containsExactly(
            "llmlens.cardinality.limit=\"zero\" (system property -Dllmlens.cardinality.limit) is"
                + " not valid; accepted: a whole number from 1 to 100000. Using the default: 100.");
  }

  @Test
  void everyInvalidSettingIsReportedOnceEach() {
    systemProperties.put("llmlens.enabled", "x");
    systemProperties.put("llmlens.debug", "x");
    systemProperties.put("llmlens.feature", "");
    systemProperties.put("llmlens.attribution.baggage", ",");
    systemProperties.put("llmlens.attribution.rules", "x");
    systemProperties.put("llmlens.pricing.file", "/nonexistent");
    systemProperties.put("llmlens.capture.content", "x");
    systemProperties.put("llmlens.cardinality.limit", "x");
    systemProperties.put("llmlens.instrumentation.openai.enabled", "x");
    systemProperties.put("llmlens.config.file", "/nonexistent.properties");

    load(null);

    assertThat(warnings.lines()).hasSize(10);
    assertThat(warnings.lines())
        .anySatisfy(line -> assertThat(line).startsWith("llmlens.enabled=\"x\" (system property"))
        .anySatisfy(line -> assertThat(line).startsWith("llmlens.debug=\"x\" (system property"))
        .anySatisfy(line -> assertThat(line).startsWith("llmlens.feature=\"\" (system property"))
        .anySatisfy(
            line ->
                assertThat(line).startsWith("llmlens.attribution.baggage=\",\" (system property"))
        .anySatisfy(
            line ->
                assertThat(line).startsWith("llmlens.attribution.rules entry \"x\" (system property"))
        .anySatisfy(
            line ->
                assertThat(line).startsWith("llmlens.pricing.file=\"/nonexistent\" (system property"))
        .anySatisfy(
            line -> assertThat(line).startsWith("llmlens.capture.content=\"x\" (system property"))
        .anySatisfy(
            line -> assertThat(line).startsWith("llmlens.cardinality.limit=\"x\" (system property"))
        .anySatisfy(
            line ->
                assertThat(line)
                    .startsWith("llmlens.instrumentation.openai.enabled=\"x\" (system property"))
        .anySatisfy(
            line ->
                assertThat(line)
                    .startsWith("llmlens.config.file=\"/nonexistent.properties\" (system property"));
  }

  // ---------------------------------------------------------------- precedence

  private void allFourSourcesSetFeature() throws IOException {
    systemProperties.put("llmlens.config.file", configFile("llmlens.feature=from-file").toString());
  }

  @Test
  void systemPropertyWinsOverEverything() throws IOException {
    allFourSourcesSetFeature();
    systemProperties.put("llmlens.feature", "from-system-property");
    environment.put("LLMLENS_FEATURE", "from-env");

    assertThat(load("feature=from-args").feature()).isEqualTo("from-system-property");
    assertThat(warnings.lines()).isEmpty();
  }

  @Test
  void environmentWinsOverAgentArgumentsAndFile() throws IOException {
    allFourSourcesSetFeature();
    environment.put("LLMLENS_FEATURE", "from-env");

    assertThat(load("feature=from-args").feature()).isEqualTo("from-env");
    assertThat(warnings.lines()).isEmpty();
  }

  @Test
  void agentArgumentWinsOverFile() throws IOException {
    allFourSourcesSetFeature();

    assertThat(load("feature=from-args").feature()).isEqualTo("from-args");
    assertThat(warnings.lines()).isEmpty();
  }

  @Test
  void fileWinsOverDefault() throws IOException {
    allFourSourcesSetFeature();

    assertThat(load(null).feature()).isEqualTo("from-file");
    assertThat(warnings.lines()).isEmpty();
  }

  @Test
  void defaultWhenNoSourceSetsIt() throws IOException {
    systemProperties.put("llmlens.config.file", configFile("llmlens.debug=true").toString());

    AgentConfig config = load("debug=false");

    assertThat(config.feature()).isEqualTo("unknown");
    assertThat(config.debug()).isFalse();
  }

  @Test
  void precedenceForANumber() throws IOException {
    systemProperties.put(
        "llmlens.config.file", configFile("llmlens.cardinality.limit=4").toString());
    assertThat(load(null).cardinalityLimit()).isEqualTo(4);
    assertThat(load("cardinality.limit=5").cardinalityLimit()).isEqualTo(5);
    environment.put("LLMLENS_CARDINALITY_LIMIT", "6");
    assertThat(load("cardinality.limit=5").cardinalityLimit()).isEqualTo(6);
    systemProperties.put("llmlens.cardinality.limit", "7");
    assertThat(load("cardinality.limit=5").cardinalityLimit()).isEqualTo(7);
    assertThat(warnings.lines()).isEmpty();
  }

  @Test
  void configFileIsFoundThroughTheEnvironment() throws IOException {
    environment.put("LLMLENS_CONFIG_FILE", configFile("llmlens.debug=true").toString());

    assertThat(load(null).debug()).isTrue();
    assertThat(warnings.lines()).isEmpty();
  }

  @Test
  void configFileIsFoundThroughAnAgentArgument() throws IOException {
    Path file = configFile("llmlens.debug=true", "llmlens.feature= padded ");

    AgentConfig config = load("config.file=" + file);

    assertThat(config.debug()).isTrue();
    assertThat(config.feature()).isEqualTo("padded");
    assertThat(warnings.lines()).isEmpty();
  }

  // ---------------------------------------------------------------- agent arguments

  @Test
  void agentArgumentListValuesContinueOverCommas() {
    AgentConfig config = load("attribution.baggage=feature,user.tier,debug=true");

    assertThat(config.baggageKeys()).containsExactly("feature", "user.tier");
    assertThat(config.debug()).isTrue();
    assertThat(warnings.lines()).isEmpty();
  }

  @Test
  void agentArgumentsWithSpacesAndRules() {
    AgentConfig config =
        load(" feature = support , attribution.rules=com.acme.a=a;com.acme.b=b , debug=true");

    assertThat(config.feature()).isEqualTo("support");
    assertThat(config.debug()).isTrue();
    assertThat(config.attributionRules())
        .extracting(AttributionRule::classPrefix, AttributionRule::feature)
        .containsExactly(
            tuple("com.acme.a", "a"),
            tuple("com.acme.b", "b"));
    assertThat(warnings.lines()).isEmpty();
  }

  @Test
  void agentArgumentWithoutKeyIsReported() {
    AgentConfig config = load("verbose,debug=true");

    assertThat(config.debug()).isTrue();
    assertThat(warnings.lines())
        .containsExactly(
            "agent argument \"verbose\" is not key=value; accepted:"
                + " -javaagent:llmlens-agent.jar=feature=support,debug=true. It is ignored.");
  }

  @Test
  void emptyAgentArgumentsAreNothing() {
    load("");
    load("   ");
    load(null);

    assertThat(warnings.lines()).isEmpty();
  }

  // ---------------------------------------------------------------- unknown keys

  @Test
  void misspeltSystemPropertyIsReportedWithTheClosestKey() {
    systemProperties.put("llmlens.cardinaltiy.limit", "5");

    AgentConfig config = load(null);

    assertThat(config.cardinalityLimit()).isEqualTo(100);
    assertThat(warnings.lines())
        .containsExactly(
            "unknown setting llmlens.cardinaltiy.limit (system property"
                + " -Dllmlens.cardinaltiy.limit) is ignored; did you mean"
                + " llmlens.cardinality.limit? Known settings are listed in the llmlens README.");
  }

  @Test
  void misspeltEnvironmentVariableIsReportedWithTheClosestVariable() {
    environment.put("LLMLENS_FEATUR", "support");
    environment.put("PATH", "/usr/bin");

    AgentConfig config = load(null);

    assertThat(config.feature()).isEqualTo("unknown");
    assertThat(warnings.lines())
        .containsExactly(
            "unknown setting LLMLENS_FEATUR (environment variable LLMLENS_FEATUR) is ignored; did"
                + " you mean LLMLENS_FEATURE? Known settings are listed in the llmlens README.");
  }

  @Test
  void misspeltInstrumentationSwitchInTheEnvironment() {
    environment.put("LLMLENS_INSTRUMENTATION_OPENIA_ENABLED", "false");

    AgentConfig config = load(null);

    assertThat(config.instrumentationEnabled("openai")).isTrue();
    assertThat(warnings.lines())
        .containsExactly(
            "unknown setting LLMLENS_INSTRUMENTATION_OPENIA_ENABLED (environment variable"
                + " LLMLENS_INSTRUMENTATION_OPENIA_ENABLED) is ignored; did you mean"
                + " LLMLENS_INSTRUMENTATION_OPENAI_ENABLED? Known settings are listed in the"
                + " llmlens README.");
  }

  @Test
  void misspeltAgentArgumentIsReported() {
    AgentConfig config = load("debgu=true");

    assertThat(config.debug()).isFalse();
    assertThat(warnings.lines()).hasSize(1);
    assertThat(warnings.lines().get(0))
        .contains("debgu")
        .contains("agent argument debgu")
        .contains("did you mean")
        .contains("debug");
  }

  @Test
  void misspeltAgentArgumentSuggestsTheAgentArgumentSpelling() {
    load("debgu=true");

    assertThat(warnings.lines())
        .containsExactly(
            "unknown setting debgu (agent argument debgu) is ignored; did you mean debug? Known"
                + " settings are listed in the llmlens README.");
  }

  @Test
  void agentArgumentWithTheLlmlensPrefixIsAcceptedToo() {
    assertThat(load("llmlens.debug=true").debug()).isTrue();
    assertThat(warnings.lines()).isEmpty();
  }

  @Test
  void otelKeyValueListAsAgentArgument() {
    AgentConfig config = load("otel.resource.attributes=deployment.environment=prod,team=ai");

    assertThat(config.otelSettings())
        .containsEntry("otel.resource.attributes", "deployment.environment=prod,team=ai");
    assertThat(warnings.lines()).isEmpty();
  }

  @Test
  void misspeltKeyInTheConfigFile() throws IOException {
    Path file = configFile("llmlens.featrue=support");
    systemProperties.put("llmlens.config.file", file.toString());

    assertThat(load(null).feature()).isEqualTo("unknown");
    assertThat(warnings.lines())
        .containsExactly(
            "unknown setting llmlens.featrue (config file " + file + ") is ignored; did you mean"
                + " llmlens.feature? Known settings are listed in the llmlens README.");
  }

  @Test
  void unknownKeyFarFromAnyKnownOneHasNoSuggestion() {
    systemProperties.put("llmlens.zzz", "1");

    load(null);

    assertThat(warnings.lines())
        .containsExactly(
            "unknown setting llmlens.zzz (system property -Dllmlens.zzz) is ignored. Known"
                + " settings are listed in the llmlens README.");
  }

  @Test
  void unknownKeyFarFromAnyKnownOneHasNoSuggestionCurrentText() {
    systemProperties.put("llmlens.zzz", "1");

    load(null);

    assertThat(warnings.lines()).hasSize(1);
    assertThat(warnings.lines().get(0))
        .startsWith("unknown setting llmlens.zzz (system property -Dllmlens.zzz) is ignored")
        .doesNotContain("did you mean")
        .endsWith("Known settings are listed in the llmlens README.");
  }

  @Test
  void knownKeysInEverySourceAreNotReported() throws IOException {
    systemProperties.put("llmlens.config.file", configFile("llmlens.feature=a", "other=1").toString());
    systemProperties.put("llmlens.instrumentation.langchain4j.enabled", "true");
    systemProperties.put("java.version", "17");
    environment.put("LLMLENS_INSTRUMENTATION_OPENAI_ENABLED", "true");
    environment.put("LLMLENS_CONFIG_FILE", "ignored-because-the-system-property-wins");

    load("debug=false,otel.service.name=bot");

    assertThat(warnings.lines()).isEmpty();
  }

  // ---------------------------------------------------------------- otel settings

  @Test
  void otelSettingsFromAgentArgumentsAndConfigFile() throws IOException {
    Path file =
        configFile(
            "otel.service.name=from-file",
            "otel.exporter.otlp.endpoint=http://collector:4317",
            "llmlens.feature=support",
            "unrelated=1");
    systemProperties.put("llmlens.config.file", file.toString());
    systemProperties.put("otel.traces.exporter", "none");
    environment.put("OTEL_METRICS_EXPORTER", "prometheus");

    AgentConfig config = load("otel.service.name=support-bot,otel.metric.export.interval=5000");

    Map<String, String> expected = new HashMap<>();
    expected.put("otel.service.name", "support-bot");
    expected.put("otel.metric.export.interval", "5000");
    expected.put("otel.exporter.otlp.endpoint", "http://collector:4317");
    assertThat(config.otelSettings()).containsExactlyInAnyOrderEntriesOf(expected);
    assertThat(config.feature()).isEqualTo("support");
    assertThat(warnings.lines()).isEmpty();
  }
}
