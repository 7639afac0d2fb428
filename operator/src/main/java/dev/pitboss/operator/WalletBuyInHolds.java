package dev.pitboss.operator;

import dev.pitboss.wallet.v1.ReleaseHoldsRequest;
import dev.pitboss.wallet.v1.WalletGrpc;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Metadata;
import io.grpc.stub.MetadataUtils;
import java.time.Duration;
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

  /** A plaintext channel to {@code target} (host:port); the mesh or the pod network secures it. */
  static WalletBuyInHolds connect(String target, Duration deadline) {
    return new WalletBuyInHolds(
        ManagedChannelBuilder.forTarget(target).usePlaintext().build(), deadline);
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
