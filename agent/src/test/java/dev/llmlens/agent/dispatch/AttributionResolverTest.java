package dev.llmlens.agent.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmlens.agent.config.AttributionRule;
import java.util.Arrays;
import java.util.Collections;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class AttributionResolverTest {

  private static final String THIS_CLASS = AttributionResolverTest.class.getName();

  /** Calls the resolver from a frame of a class of its own, nested inside this test's frames. */
  static final class SupportDesk {
    static String answer(AttributionResolver resolver) {
      return resolver.resolve(null).feature();
    }
  }

  private static AttributionResolver resolver(AttributionRule... rules) {
    return new AttributionResolver("default-feature", Arrays.asList(rules), Collections.<String>emptyList());
  }

  @Test
  void noRulesGiveTheDefault() {
    assertThat(new AttributionResolver("support", Collections.<AttributionRule>emptyList(), Collections.<String>emptyList()).resolve(null).feature())
        .isEqualTo("support");
  }

  @Test
  void ruleMatchingTheCallersPackagePrefixGivesItsFeature() {
    AttributionResolver resolver =
        resolver(
            new AttributionRule("com.acme", "acme"),
            new AttributionRule("dev.llmlens.agent.dispatch", "tests"));

    assertThat(resolver.resolve(null).feature()).isEqualTo("tests");
  }

  @Test
  void noMatchingFrameGivesTheDefault() {
    AttributionResolver resolver =
        resolver(
            new AttributionRule("com.acme.support", "support"),
            new AttributionRule("com.acme.search", "search"));

    assertThat(resolver.resolve(null).feature()).isEqualTo("default-feature");
  }

  @Test
  void innermostMatchingFrameWinsWhateverTheRuleOrder() {
    // Both rules match a frame on the stack; the JUnit frames are further out than this class's.
    AttributionResolver resolver =
        resolver(
            new AttributionRule("org.junit", "junit"),
            new AttributionRule(THIS_CLASS, "this-test"));

    assertThat(resolver.resolve(null).feature()).isEqualTo("this-test");
  }

  @Test
  void nestedCallerIsCloserThanTheTestItself() {
    AttributionResolver resolver =
        resolver(
            new AttributionRule(THIS_CLASS + "$", "desk"),
            new AttributionRule(THIS_CLASS, "this-test"));

    assertThat(SupportDesk.answer(resolver)).isEqualTo("desk");
    assertThat(resolver.resolve(null).feature()).isEqualTo("this-test");
  }

  @Test
  void firstRuleWinsWhenTwoMatchTheSameFrame() {
    AttributionResolver resolver =
        resolver(
            new AttributionRule(THIS_CLASS, "first"),
            new AttributionRule(THIS_CLASS.substring(0, THIS_CLASS.lastIndexOf('.')) + ".AttributionResolverT", "second"));

    assertThat(resolver.resolve(null).feature()).isEqualTo("first");
  }

  @Test
  void frameOfALambdaCountsAsItsEnclosingClass() {
    AttributionResolver resolver = resolver(new AttributionRule(THIS_CLASS, "this-test"));
    Supplier<String> lambda = () -> resolver.resolve(null).feature();

    assertThat(lambda.get()).isEqualTo("this-test");
  }

  @Test
  void resolvesOnAnotherThreadFromThatThreadsStack() throws InterruptedException {
    AttributionResolver resolver = resolver(new AttributionRule(THIS_CLASS, "this-test"));
    String[] seen = new String[1];
    Thread thread = new Thread(() -> seen[0] = resolver.resolve(null).feature());
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
    private final AttributionResolver resolver;
    private final String[] out;

    PlainRunnable(AttributionResolver resolver, String[] out) {
      this.resolver = resolver;
      this.out = out;
    }

    @Override
    public void run() {
      out[0] = resolver.resolve(null).feature();
    }
  }

  @Test
  void aRuleCanNameOneMethodSoEachEndpointIsAFeature() {
    AttributionResolver resolver =
        resolver(
            new AttributionRule(THIS_CLASS + ".checkoutEndpoint", "checkout"),
            new AttributionRule(THIS_CLASS, "whole-class"));

    assertThat(checkoutEndpoint(resolver)).isEqualTo("checkout");
    assertThat(resolver.resolve(null).feature()).isEqualTo("whole-class");
  }

  private static String checkoutEndpoint(AttributionResolver resolver) {
    return resolver.resolve(null).feature();
  }

  @Test
  void baggageOnTheApplicationsContextComesFirstAndAddsItsLabels() {
    AttributionResolver resolver =
        new AttributionResolver(
            "default-feature",
            Arrays.asList(new AttributionRule(THIS_CLASS, "from-rule")),
            Arrays.asList("feature", "user.tier", "experiment"));
    io.opentelemetry.api.baggage.Baggage baggage =
        io.opentelemetry.api.baggage.Baggage.builder().put("feature", "checkout").put("user.tier", "gold").build();
    Object client = new Object() {};
    try (io.opentelemetry.context.Scope scope = baggage.makeCurrent()) {
      dev.llmlens.agent.recorder.Attribution attribution = resolver.resolve(client);
      assertThat(attribution.feature()).isEqualTo("checkout");
      assertThat(attribution.value(0)).isEqualTo("gold");
      assertThat(attribution.value(1)).isNull();
    }
    // Without Baggage the rule applies, and no extra label is set.
    dev.llmlens.agent.recorder.Attribution without = resolver.resolve(client);
    assertThat(without.feature()).isEqualTo("from-rule");
    assertThat(without.value(0)).isNull();
  }
}
