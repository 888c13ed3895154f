package dev.llmlens.agent.dispatch;

import dev.llmlens.agent.config.AttributionRule;
import dev.llmlens.agent.recorder.Attribution;
import java.util.ArrayList;
import java.util.List;

/**
 * The business labels of a call, from, in order: OpenTelemetry Baggage on the application's
 * current context (keys of {@code llmlens.attribution.baggage}: {@code feature} names the
 * feature, every other key is a label of its own, {@code user.tier} as {@code user_tier}), the
 * caller rules ({@code llmlens.attribution.rules}), then the framework's own name for the work
 * (an AI service method, {@code SupportAgent.answer}), then {@code llmlens.feature}.
 */
public final class AttributionResolver {

  private static final String FEATURE_KEY = "feature";

  private final String defaultFeature;
  private final CallerRules rules;
  /** The Baggage keys read, {@code feature} first if configured. */
  private final String[] keys;
  private final boolean featureFromBaggage;
  private final String[] labels;
  /** The attribution of most calls, built once. */
  private final Attribution defaultAttribution;

  public AttributionResolver(String defaultFeature, List<AttributionRule> rules, List<String> baggageKeys) {
    this.defaultFeature = defaultFeature;
    this.defaultAttribution = Attribution.of(defaultFeature);
    this.rules = new CallerRules(rules);
    List<String> others = new ArrayList<String>();
    for (String key : baggageKeys) {
      if (!key.equals(FEATURE_KEY)) {
        others.add(key);
      }
    }
    this.featureFromBaggage = baggageKeys.contains(FEATURE_KEY);
    List<String> all = new ArrayList<String>();
    if (featureFromBaggage) {
      all.add(FEATURE_KEY);
    }
    all.addAll(others);
    this.keys = all.toArray(new String[0]);
    this.labels = new String[others.size()];
    for (int i = 0; i < labels.length; i++) {
      labels[i] = others.get(i).replace('.', '_').replace('-', '_');
    }
  }

  /** {@code client} is the library object making the call: its class loader has the app's API. */
  public Attribution resolve(Object client) {
    return resolve(client, null);
  }

  /** @param frameworkFeature the feature the framework names, used after Baggage and rules */
  public Attribution resolve(Object client, String frameworkFeature) {
    AppContext application = AppContext.of(client);
    return resolve(application, application.current(), frameworkFeature);
  }

  /** With the application's context already read for the call ({@link AppContext#current()}). */
  Attribution resolve(AppContext application, Object context, String frameworkFeature) {
    String[] found = application.baggageValues(context, keys);
    String feature = found != null && featureFromBaggage ? found[0] : null;
    if (feature == null) {
      feature = rules.match();
    }
    if (feature == null) {
      feature = frameworkFeature != null ? frameworkFeature : defaultFeature;
    }
    if (found == null || labels.length == 0) {
      return feature == defaultFeature ? defaultAttribution : Attribution.of(feature);
    }
    String[] values = new String[labels.length];
    int offset = featureFromBaggage ? 1 : 0;
    for (int i = 0; i < values.length; i++) {
      values[i] = found[i + offset];
    }
    return new Attribution(feature, labels, values);
  }
}
