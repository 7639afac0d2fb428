package dev.pitboss.wallet;

import java.security.SecureRandom;
import java.util.UUID;

/**
 * Ids for transfers, holds, accounts and audit rows: UUIDv7 (RFC 9562), a millisecond timestamp
 * then 74 bits from a SecureRandom, so ids sort roughly by time (index locality) and cannot be
 * guessed from one another. One SecureRandom per thread: a shared one would make every concurrent
 * call queue on it several times.
 */
final class Ids {
  private static final ThreadLocal<SecureRandom> RANDOM =
      ThreadLocal.withInitial(SecureRandom::new);

  private Ids() {}

  static UUID next() {
    return next(System.currentTimeMillis());
  }

  static UUID next(long epochMillis) {
    var random = RANDOM.get();
    long high = (epochMillis << 16) | 0x7000L | (random.nextInt() & 0x0FFFL);
    long low = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
    return new UUID(high, low);
  }
}
