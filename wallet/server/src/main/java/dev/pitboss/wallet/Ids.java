package dev.pitboss.wallet;

import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Random (version 4) UUIDs for transfers, holds, accounts and audit rows. They must be unique, not
 * secret, so they come from the per-thread generator instead of UUID.randomUUID()'s shared
 * SecureRandom, which every concurrent call would otherwise queue on several times.
 */
final class Ids {
  private Ids() {}

  static UUID next() {
    var random = ThreadLocalRandom.current();
    long high = (random.nextLong() & ~0xF000L) | 0x4000L;
    long low = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
    return new UUID(high, low);
  }
}
