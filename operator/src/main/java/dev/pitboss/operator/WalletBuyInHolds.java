package dev.pitboss.operator;

import dev.pitboss.wallet.client.WalletChannels;
import dev.pitboss.wallet.v1.ReleaseHoldsRequest;
import dev.pitboss.wallet.v1.WalletGrpc;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.stub.MetadataUtils;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@link BuyInHolds} over the wallet's gRPC API. A failed call throws, so the reconciler retries
 * with the same idempotency key and the wallet applies the release once.
 */
final class WalletBuyInHolds implements BuyInHolds, AutoCloseable {

  private static final Metadata.Key<String> CALLER =
      Metadata.Key.of("x-pitboss-caller", Metadata.ASCII_STRING_MARSHALLER);

  private final ManagedChannel channel;
  private final WalletGrpc.WalletBlockingStub wallet;
  private final Duration deadline;

  WalletBuyInHolds(ManagedChannel channel, Duration deadline) {
    this.channel = channel;
    this.deadline = deadline;
    var caller = new Metadata();
    caller.put(CALLER, "pitboss-operator");
    this.wallet =
        WalletGrpc.newBlockingStub(channel)
            .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(caller));
  }

  /**
   * The wallet client the environment configures: mutual TLS with the operator's certificate
   * ({@code PITBOSS_WALLET_CERT}, {@code _KEY}, {@code _CA}; its identity is {@code
   * spiffe://pitboss.dev/operator}), or, only with {@code PITBOSS_WALLET_PLAINTEXT=true}, the
   * wallet's loopback development mode.
   */
  static WalletBuyInHolds fromEnv(String target, Map<String, String> env, Duration deadline)
      throws IOException {
    if (Boolean.parseBoolean(env.getOrDefault("PITBOSS_WALLET_PLAINTEXT", "false")))
      return new WalletBuyInHolds(
          WalletChannels.plaintextForDevelopment(target, "operator"), deadline);
    for (var name : List.of("PITBOSS_WALLET_CERT", "PITBOSS_WALLET_KEY", "PITBOSS_WALLET_CA"))
      if (env.get(name) == null || env.get(name).isBlank())
        throw new IllegalArgumentException(
            name + " must be set: the operator calls the wallet at " + target + " over mutual TLS");
    return new WalletBuyInHolds(
        WalletChannels.mutualTls(
            target,
            Path.of(env.get("PITBOSS_WALLET_CERT")),
            Path.of(env.get("PITBOSS_WALLET_KEY")),
            Path.of(env.get("PITBOSS_WALLET_CA"))),
        deadline);
  }

  @Override
  public void releaseAll(String tournamentKey, String idempotencyKey) {
    wallet
        .withDeadlineAfter(deadline.toMillis(), TimeUnit.MILLISECONDS)
        .releaseHolds(
            ReleaseHoldsRequest.newBuilder()
                .setReferencePrefix(tournamentKey)
                .setIdempotencyKey(idempotencyKey)
                .build());
  }

  @Override
  public void close() {
    channel.shutdown();
  }
}
