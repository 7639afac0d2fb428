package dev.pitboss.engine.fairness;

import java.security.SecureRandom;

/**
 * Uniform integers below a small bound from a random byte stream, by rejection: a byte b in 0..255
 * is accepted only below the largest multiple of the bound that fits, so every remainder is equally
 * likely (a plain {@code b % bound} would favour small values). One shuffle needs about 56 bytes on
 * average, fetched from the DRBG in blocks of 64 to keep generate calls few.
 */
final class UniformDraw {

  private final SecureRandom random;
  private final byte[] block = new byte[64];
  private int next = block.length;

  UniformDraw(SecureRandom random) {
    this.random = random;
  }

  /** A uniform integer in 0..bound-1, for bound in 1..256. */
  int below(int bound) {
    if (bound < 1 || bound > 256) {
      throw new IllegalArgumentException("bound must be in 1..256, got " + bound);
    }
    int limit = 256 - 256 % bound;
    while (true) {
      int b = nextByte();
      if (b < limit) return b % bound;
    }
  }

  private int nextByte() {
    if (next == block.length) {
      random.nextBytes(block);
      next = 0;
    }
    return block[next++] & 0xFF;
  }
}
