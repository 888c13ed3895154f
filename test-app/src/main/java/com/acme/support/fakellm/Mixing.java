package com.acme.support.fakellm;

/**
 * Turns (seed, request hash, attempt) into a well-spread seed for {@link java.util.Random}:
 * Random's first outputs for nearby seeds are correlated, so raw hashes would not do.
 */
final class Mixing {
  private Mixing() {}

  /** SplitMix64's finalizer over the combined values. */
  static long mix(long a, long b, long c) {
    long z = a * 0x9E3779B97F4A7C15L + b;
    z = finalize64(z) * 0x9E3779B97F4A7C15L + c;
    return finalize64(z);
  }

  /** 64-bit FNV-1a: a stable hash of a request body. */
  static long hash(byte[] bytes) {
    long h = 0xcbf29ce484222325L;
    for (byte b : bytes) {
      h ^= b & 0xff;
      h *= 0x100000001b3L;
    }
    return h;
  }

  private static long finalize64(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
