package com.acme.support.fakellm;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
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

  /**
   * {@code text} cut at word boundaries into {@code count} pieces of about equal word counts (fewer
   * when it has fewer words), each but the first with its leading space: the content deltas of a
   * streamed answer, which concatenate back to {@code text}.
   */
  static List<String> pieces(String text, int count) {
    String[] words = text.split(" ");
    int n = Math.max(1, Math.min(count, words.length));
    List<String> pieces = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      int from = words.length * i / n;
      int to = words.length * (i + 1) / n;
      String piece = String.join(" ", Arrays.asList(words).subList(from, to));
      pieces.add(i == 0 ? piece : " " + piece);
    }
    return pieces;
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
