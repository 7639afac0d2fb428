package dev.pitboss.operator;

/**
 * The wallet, as the operator needs it: release every buy-in held for a tournament. The gRPC
 * adapter calls {@code pitboss.wallet.v1.Wallet/ReleaseHolds} with {@code reference_prefix} set to
 * the tournament key ({@code tournament/<namespace>/<name>/}) and the given idempotency key, so a
 * retried release is a no-op.
 */
public interface BuyInHolds {
  void releaseAll(String tournamentKey, String idempotencyKey);

  /** For a deployment without a wallet: every release fails, so nothing is silently dropped. */
  static BuyInHolds unavailable() {
    return (key, idempotencyKey) -> {
      throw new IllegalStateException(
          "no wallet configured: cannot release the buy-ins held under " + key);
    };
  }
}
