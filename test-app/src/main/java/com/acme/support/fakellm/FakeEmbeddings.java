package com.acme.support.fakellm;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Deterministic embedding vectors for the fake {@code /v1/embeddings} endpoint: each word of the
 * text is hashed to one of the dimensions with a sign (feature hashing), and the sum is
 * normalized to length 1. Texts that share words point the same way, so a similarity search
 * finds something sensible; a text without words gets a vector from the hash of its bytes.
 */
final class FakeEmbeddings {
  /** Dimensions when the request does not ask for others (the real model has 1536). */
  static final int DEFAULT_DIMENSIONS = 8;

  private FakeEmbeddings() {}

  static float[] vector(String text, int dimensions) {
    double[] sum = new double[dimensions];
    boolean any = false;
    for (String word : text.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}]+")) {
      if (word.isEmpty()) {
        continue;
      }
      long hash = Mixing.hash(word.getBytes(StandardCharsets.UTF_8));
      sum[(int) Long.remainderUnsigned(hash, dimensions)] += (hash >>> 63) == 0 ? 1 : -1;
      any = true;
    }
    if (!any || norm(sum) == 0) {
      long hash = Mixing.hash(text.getBytes(StandardCharsets.UTF_8));
      for (int i = 0; i < dimensions; i++) {
        sum[i] = (Mixing.mix(hash, i, 0xe3b) >>> 11) / (double) (1L << 53) - 0.5;
      }
    }
    double norm = norm(sum);
    float[] vector = new float[dimensions];
    for (int i = 0; i < dimensions; i++) {
      vector[i] = (float) (sum[i] / norm);
    }
    return vector;
  }

  /** Input tokens of one text: its length / 4, rounded up, at least 1. */
  static long tokens(String text) {
    return Math.max(1, (text.length() + 3) / 4);
  }

  private static double norm(double[] vector) {
    double squares = 0;
    for (double value : vector) {
      squares += value * value;
    }
    return Math.sqrt(squares);
  }
}
