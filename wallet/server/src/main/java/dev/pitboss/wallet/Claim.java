package dev.pitboss.wallet;

/**
 * A call's claim on its idempotency key. Usually sent as its own statement; the hot path (Transfer)
 * folds it into the balance UPDATE, saving a round trip on every settlement.
 */
record Claim(String key, String method, byte[] fingerprint) {

  /** Thrown when a folded claim found the key taken: nothing was written, replay instead. */
  static final class Taken extends RuntimeException {
    Taken() {
      super(null, null, false, false);
    }
  }
}
