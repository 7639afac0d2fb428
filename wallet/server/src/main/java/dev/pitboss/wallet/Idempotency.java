package dev.pitboss.wallet;

import com.google.protobuf.Message;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * What "the same request" means: the method and every field except the key itself. Protobuf's
 * encoding of a message without map fields is deterministic, so equal requests hash equally.
 */
final class Idempotency {
  private Idempotency() {}

  static byte[] fingerprint(String method, Message request) {
    var keyField = request.getDescriptorForType().findFieldByName("idempotency_key");
    var content = request.toBuilder().clearField(keyField).build().toByteArray();
    try {
      var sha = MessageDigest.getInstance("SHA-256");
      sha.update(method.getBytes(StandardCharsets.UTF_8));
      sha.update((byte) 0);
      return sha.digest(content);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }
}
