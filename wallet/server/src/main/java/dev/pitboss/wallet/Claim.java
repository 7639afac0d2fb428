package dev.pitboss.wallet;

/**
 * A call's claim on its idempotency key, which belongs to the calling identity: the same key from
 * two callers is two keys. Usually sent as its own statement; the hot path (Transfer) folds it into
 * the balance UPDATE, saving a round trip on every settlement.
 */
record Claim(String caller, String key, String method, byte[] fingerprint) {

  /** Thrown when a folded claim found the key taken: nothing was written, replay instead. */
  static final class Taken extends RuntimeException {
    Taken() {
      super(null, null, false, false);
    }
  }
}
