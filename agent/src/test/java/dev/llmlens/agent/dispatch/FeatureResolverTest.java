package dev.llmlens.agent.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmlens.agent.config.AttributionRule;
import java.util.Arrays;
import java.util.Collections;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class FeatureResolverTest {

  private static final String THIS_CLASS = FeatureResolverTest.class.getName();

  /** Calls the resolver from a frame of a class of its own, nested inside this test's frames. */
  static final class SupportDesk {
    static String answer(FeatureResolver resolver) {
      return resolver.resolve();
    }
  }

  private static FeatureResolver resolver(AttributionRule... rules) {
    return new FeatureResolver("default-feature", Arrays.asList(rules));
  }

  @Test
  void noRulesGiveTheDefault() {
    assertThat(new FeatureResolver("support", Collections.<AttributionRule>emptyList()).resolve())
        .isEqualTo("support");
  }

  @Test
  void ruleMatchingTheCallersPackagePrefixGivesItsFeature() {
    FeatureResolver resolver =
        resolver(
            new AttributionRule("com.acme", "acme"),
            new AttributionRule("dev.llmlens.agent.dispatch", "tests"));

    assertThat(resolver.resolve()).isEqualTo("tests");
  }

  @Test
  void noMatchingFrameGivesTheDefault() {
    FeatureResolver resolver =
        resolver(
            new AttributionRule("com.acme.support", "support"),
            new AttributionRule("com.acme.search", "search"));

    assertThat(resolver.resolve()).isEqualTo("default-feature");
  }

  @Test
  void innermostMatchingFrameWinsWhateverTheRuleOrder() {
    // Both rules match a frame on the stack; the JUnit frames are further out than this class's.
    FeatureResolver resolver =
        resolver(
            new AttributionRule("org.junit", "junit"),
            new AttributionRule(THIS_CLASS, "this-test"));

    assertThat(resolver.resolve()).isEqualTo("this-test");
  }

  @Test
  void nestedCallerIsCloserThanTheTestItself() {
    FeatureResolver resolver =
        resolver(
            new AttributionRule(THIS_CLASS + "$", "desk"),
            new AttributionRule(THIS_CLASS, "this-test"));

    assertThat(SupportDesk.answer(resolver)).isEqualTo("desk");
    assertThat(resolver.resolve()).isEqualTo("this-test");
  }

  @Test
  void firstRuleWinsWhenTwoMatchTheSameFrame() {
    FeatureResolver resolver =
        resolver(
            new AttributionRule(THIS_CLASS, "first"),
            new AttributionRule(THIS_CLASS.substring(0, THIS_CLASS.lastIndexOf('.')) + ".FeatureResolverT", "second"));

    assertThat(resolver.resolve()).isEqualTo("first");
  }

  @Test
  void frameOfALambdaCountsAsItsEnclosingClass() {
    FeatureResolver resolver = resolver(new AttributionRule(THIS_CLASS, "this-test"));
    Supplier<String> lambda = () -> resolver.resolve();

    assertThat(lambda.get()).isEqualTo("this-test");
  }

  @Test
  void resolvesOnAnotherThreadFromThatThreadsStack() throws InterruptedException {
    FeatureResolver resolver = resolver(new AttributionRule(THIS_CLASS, "this-test"));
    String[] seen = new String[1];
    Thread thread = new Thread(() -> seen[0] = resolver.resolve());
    thread.start();
    thread.join(5_000);

    // The lambda's frame is this class's: the rule still matches.
    assertThat(seen[0]).isEqualTo("this-test");

    String[] fromPlainRunnable = new String[1];
    Thread plain = new Thread(new PlainRunnable(resolver, fromPlainRunnable));
    plain.start();
    plain.join(5_000);
    assertThat(fromPlainRunnable[0]).isEqualTo("this-test");
  }

  private static final class PlainRunnable implements Runnable {
    private final FeatureResolver resolver;
    private final String[] out;

    PlainRunnable(FeatureResolver resolver, String[] out) {
      this.resolver = resolver;
      this.out = out;
    }

    @Override
    public void run() {
      out[0] = resolver.resolve();
    }
  }
}
