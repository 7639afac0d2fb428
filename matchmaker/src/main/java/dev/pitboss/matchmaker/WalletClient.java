package dev.pitboss.matchmaker;

import dev.pitboss.wallet.client.WalletChannels;
import dev.pitboss.wallet.v1.AccountKind;
import dev.pitboss.wallet.v1.CaptureHoldRequest;
import dev.pitboss.wallet.v1.HoldRequest;
import dev.pitboss.wallet.v1.Leg;
import dev.pitboss.wallet.v1.Money;
import dev.pitboss.wallet.v1.OpenAccountRequest;
import dev.pitboss.wallet.v1.ReleaseHoldRequest;
import dev.pitboss.wallet.v1.TransferRequest;
import dev.pitboss.wallet.v1.WalletGrpc;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The matchmaker's calls to the wallet. Every mutating call carries an idempotency key derived from
 * what it does (e.g. {@code hold:<reference>}), so a retry after a lost answer applies once.
 */
public final class WalletClient implements AutoCloseable {
  static final String CALLER = "matchmaker";
  static final String HOUSE_OWNER = "house";
  private static final long DEADLINE_MS = 5_000;

  private final ManagedChannel channel;
  private final WalletGrpc.WalletBlockingStub stub;
  private final ConcurrentHashMap<String, String> accounts = new ConcurrentHashMap<>();
  private final Duration seatHoldExpiry;

  public WalletClient(ManagedChannel channel, Duration seatHoldExpiry) {
    this.channel = channel;
    this.stub = WalletGrpc.newBlockingStub(channel);
    this.seatHoldExpiry = seatHoldExpiry;
  }

  /**
   * The one place the wallet channel is built: mutual TLS with the matchmaker's certificate (SPIFFE
   * id {@code spiffe://pitboss.dev/matchmaker}), through the wallet's own helper.
   *
   * @param tls the certificate chain, PKCS#8 key and trust roots (PEM files from the Secret)
   */
  public static ManagedChannel channel(String target, Path[] tls) throws IOException {
    return WalletChannels.mutualTls(target, tls[0], tls[1], tls[2]);
  }

  /** A plaintext channel to a wallet started with its development flag (loopback only). */
  public static ManagedChannel developmentChannel(String target) {
    return WalletChannels.plaintextForDevelopment(target, CALLER);
  }

  private WalletGrpc.WalletBlockingStub call() {
    return stub.withDeadlineAfter(DEADLINE_MS, TimeUnit.MILLISECONDS);
  }

  public String account(AccountKind kind, String owner, String currency) {
    String cacheKey = kind.getNumber() + "|" + owner + "|" + currency;
    var known = accounts.get(cacheKey);
    if (known != null) {
      return known;
    }
    var id =
        call()
            .openAccount(
                OpenAccountRequest.newBuilder()
                    .setIdempotencyKey("open:" + kind.name() + ":" + owner + ":" + currency)
                    .setKind(kind)
                    .setOwner(owner)
                    .setCurrency(currency)
                    .build())
            .getAccount()
            .getAccountId();
    accounts.put(cacheKey, id);
    return id;
  }

  public String player(String player, String currency) {
    return account(AccountKind.ACCOUNT_KIND_PLAYER, player, currency);
  }

  /**
   * Holds {@code amount} on the player's account under {@code reference}.
   *
   * @throws ProblemException 402 insufficient-funds when the player cannot cover it
   */
  public void hold(String player, String reference, long amount, String currency) {
    try {
      call()
          .hold(
              HoldRequest.newBuilder()
                  .setIdempotencyKey("hold:" + reference)
                  .setAccountId(player(player, currency))
                  .setAmount(money(amount, currency))
                  .setReference(reference)
                  .setExpirySeconds(reference.startsWith("seat/") ? seatHoldExpiry.toSeconds() : 0)
                  .build());
    } catch (StatusRuntimeException e) {
      if (e.getStatus().getCode() == Status.Code.FAILED_PRECONDITION) {
        throw new ProblemException(
            "insufficient-funds",
            "Insufficient funds",
            402,
            "the wallet refused to hold "
                + amount
                + " "
                + currency
                + ": "
                + e.getStatus().getDescription());
      }
      throw e;
    }
  }

  /** Releases a hold; true if it was released now or before, false if it had been captured. */
  public boolean release(String reference) {
    try {
      var hold =
          call()
              .releaseHold(
                  ReleaseHoldRequest.newBuilder()
                      .setIdempotencyKey("release:" + reference)
                      .setReference(reference)
                      .build())
              .getHold();
      return hold.getStatus() == dev.pitboss.wallet.v1.HoldStatus.HOLD_STATUS_RELEASED;
    } catch (StatusRuntimeException e) {
      var code = e.getStatus().getCode();
      if (code == Status.Code.FAILED_PRECONDITION || code == Status.Code.NOT_FOUND) {
        return false; // captured by the game server (or never made): nothing to release
      }
      throw e;
    }
  }

  /**
   * Captures a tournament hold: {@code amount} into the prize pool and {@code fee} to the house, in
   * one transfer. A retry whose first answer was lost replays through the idempotency key.
   */
  public void capture(
      String reference,
      String toAccount,
      long amount,
      String houseAccount,
      long fee,
      String currency) {
    var request =
        CaptureHoldRequest.newBuilder()
            .setIdempotencyKey("capture:" + reference)
            .setReference(reference)
            .setToAccountId(toAccount)
            .setAmount(money(amount, currency));
    if (fee > 0) {
      request.setFeeToAccountId(houseAccount).setFee(money(fee, currency));
    }
    call().captureHold(request.build());
  }

  public record Move(String account, long amount) {}

  /** One journal entry; the moves sum to zero. */
  public void transfer(String idempotencyKey, String reference, String currency, List<Move> legs) {
    var request = TransferRequest.newBuilder().setIdempotencyKey(idempotencyKey);
    request.setReference(reference);
    for (var leg : legs) {
      if (leg.amount() != 0) {
        request.addLegs(
            Leg.newBuilder()
                .setAccountId(leg.account())
                .setAmount(money(leg.amount(), currency))
                .build());
      }
    }
    if (request.getLegsCount() >= 2) {
      call().transfer(request.build());
    }
  }

  static Money money(long amount, String currency) {
    return Money.newBuilder().setMinorUnits(amount).setCurrency(currency).build();
  }

  @Override
  public void close() throws InterruptedException {
    channel.shutdown();
    if (!channel.awaitTermination(5, TimeUnit.SECONDS)) {
      channel.shutdownNow();
    }
  }
}
