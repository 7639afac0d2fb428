package dev.pitboss.wallet;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * What "the same request" means: the same method and the same encoded request. Fingerprints are
 * only ever compared between requests carrying the same key, so hashing the key along with the rest
 * changes nothing, and the call's one encoding serves the audit row too. Protobuf's encoding of a
 * message without map fields is deterministic, so equal requests hash equally.
 */
final class Idempotency {
  private Idempotency() {}

  static byte[] fingerprint(String method, byte[] encodedRequest) {
    try {
      var sha = MessageDigest.getInstance("SHA-256");
      sha.update(method.getBytes(StandardCharsets.UTF_8));
      sha.update((byte) 0);
      return sha.digest(encodedRequest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }
}
