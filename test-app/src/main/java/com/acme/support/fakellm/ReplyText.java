package com.acme.support.fakellm;

import java.util.Random;

/**
 * Made-up assistant replies. One word counts as one completion token, which keeps the usage the
 * server reports easy to check by eye.
 */
final class ReplyText {
  private static final String[] WORDS = (
      "thanks for reaching out I am sorry about the trouble with your order let me check"
          + " the status of the shipment and the refund I can see the package left our"
          + " warehouse yesterday and should arrive within two business days please try"
          + " resetting the router then sign in again if the issue persists I will open a"
          + " ticket with our billing team and you will receive an email confirmation shortly")
      .split(" ");

  private ReplyText() {}

  /**
   * How many tokens the reply has: a model-dependent spread, kept within {@code maxTokens} (when
   * the request sets one) the way a model that was asked for a short answer stays within it.
   */
  static int tokenCount(String model, long maxTokens, Random random) {
    int count = model.contains("mini") ? 20 + random.nextInt(100) : 40 + random.nextInt(180);
    if (maxTokens > 0 && count > maxTokens) {
      count = 1 + random.nextInt((int) Math.min(maxTokens, Integer.MAX_VALUE));
    }
    return count;
  }

  static String words(int count, Random random) {
    StringBuilder out = new StringBuilder();
    int start = random.nextInt(WORDS.length);
    for (int i = 0; i < count; i++) {
      if (i > 0) {
        out.append(' ');
      }
      out.append(WORDS[(start + i) % WORDS.length]);
    }
    return out.append('.').toString();
  }
}
