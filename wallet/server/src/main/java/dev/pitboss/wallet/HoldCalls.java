package dev.pitboss.wallet;

import dev.pitboss.wallet.v1.CaptureHoldRequest;
import dev.pitboss.wallet.v1.HoldRequest;
import dev.pitboss.wallet.v1.HoldResult;
import dev.pitboss.wallet.v1.HoldStatus;
import dev.pitboss.wallet.v1.ReleaseHoldRequest;
import dev.pitboss.wallet.v1.ReleaseHoldsRequest;
import dev.pitboss.wallet.v1.ReleaseHoldsResponse;
import dev.pitboss.wallet.v1.TransferResult;
import io.grpc.stub.StreamObserver;
import java.time.Duration;
import java.util.ArrayList;
import java.util.UUID;

/**
 * Hold, CaptureHold, ReleaseHold and ReleaseHolds: buy-ins reserved on a player account until
 * captured into an escrow or prize pool, released, or expired (then the wallet releases them).
 */
final class HoldCalls {
  static final Duration MAX_EXPIRY = Duration.ofDays(30);

  private final CallTemplate calls;
  private final Ledger ledger;
  private final HotAccounts hot;
  private final Duration defaultExpiry;

  HoldCalls(CallTemplate calls, Ledger ledger, HotAccounts hot, Duration defaultExpiry) {
    this.calls = calls;
    this.ledger = ledger;
    this.hot = hot;
    this.defaultExpiry = defaultExpiry;
  }

  void hold(HoldRequest req, StreamObserver<HoldResult> out) {
    calls.mutate(
        "Hold",
        req,
        req.getIdempotencyKey(),
        HoldResult.parser(),
        out,
        CallTemplate.Keys.CLAIMED,
        () -> {
          var account = Validation.accountId("account_id", req.getAccountId());
          long amount = Validation.positive("amount", req.getAmount());
          String ref = reference("reference", req.getReference());
          var expiry = expiry(req.getExpirySeconds());
          return tx -> {
            var expiresAt = ledger.now().plus(expiry);
            var hold =
                ledger.hold(
                    tx.db(),
                    tx.batch(),
                    account,
                    amount,
                    req.getAmount().getCurrency(),
                    ref,
                    expiresAt,
                    row ->
                        calls
                            .policy()
                            .require(tx.caller(), "Hold", Policy.Access.hold(row.kind(), ref)));
            return HoldResult.newBuilder().setHold(hold).build();
          };
        });
  }

  private Duration expiry(long seconds) {
    if (seconds < 0 || seconds > MAX_EXPIRY.toSeconds()) {
      throw WalletException.invalid(
          "expiry_seconds must be between 0 (server default) and "
              + MAX_EXPIRY.toSeconds()
              + ", got "
              + seconds);
    }
    return seconds == 0 ? defaultExpiry : Duration.ofSeconds(seconds);
  }

  void captureHold(CaptureHoldRequest req, StreamObserver<TransferResult> out) {
    calls.mutate(
        "CaptureHold",
        req,
        req.getIdempotencyKey(),
        TransferResult.parser(),
        out,
        CallTemplate.Keys.CLAIMED,
        () -> {
          String ref = reference("reference", req.getReference());
          var to = Validation.accountId("to_account_id", req.getToAccountId());
          boolean partial = req.hasAmount() && req.getAmount().getMinorUnits() != 0;
          long requested = partial ? Validation.positive("amount", req.getAmount()) : 0;
          boolean withFee = !req.getFeeToAccountId().isEmpty();
          UUID feeTo =
              withFee ? Validation.accountId("fee_to_account_id", req.getFeeToAccountId()) : null;
          long fee = withFee ? Validation.positive("fee", req.getFee()) : 0;
          if (!withFee && req.hasFee() && req.getFee().getMinorUnits() != 0) {
            throw WalletException.invalid("fee needs fee_to_account_id");
          }
          if (withFee && feeTo.equals(to)) {
            throw WalletException.invalid("fee_to_account_id is to_account_id");
          }
          return tx -> {
            var hold = ledger.activeHold(tx.db(), ref);
            long amount = partial ? requested : hold.amount() - fee;
            if (partial && !req.getAmount().getCurrency().equals(hold.currency())) {
              throw currencyMismatch(hold, req.getAmount().getCurrency());
            }
            if (withFee && !req.getFee().getCurrency().equals(hold.currency())) {
              throw currencyMismatch(hold, req.getFee().getCurrency());
            }
            if (amount <= 0 || amount + fee > hold.amount()) {
              throw WalletException.precondition(
                  "cannot capture " + (amount + fee) + " from a hold of " + hold.amount());
            }
            if (to.equals(hold.account()) || hold.account().equals(feeTo)) {
              throw WalletException.invalid("the capture's destination is the held account");
            }
            var legs = new ArrayList<Leg>();
            legs.add(new Leg(hold.account(), -(amount + fee), -hold.amount(), hold.currency()));
            legs.add(new Leg(to, amount, 0, hold.currency()));
            if (withFee) {
              legs.add(new Leg(feeTo, fee, 0, hold.currency()));
            }
            var result =
                ledger.post(
                    tx.db(),
                    tx.batch(),
                    "CAPTURE",
                    req.getIdempotencyKey(),
                    ref,
                    hot.redirect(legs),
                    (applied, rows) -> {
                      // Legs keep their order; the destination may have become a house shard.
                      String toKind = rows.get(applied.get(1).account()).kind();
                      String feeKind =
                          withFee ? rows.get(applied.getLast().account()).kind() : null;
                      if ("EXTERNAL".equals(toKind) || "EXTERNAL".equals(feeKind)) {
                        throw WalletException.precondition(
                            "a hold is never captured into the external payments account");
                      }
                      calls
                          .policy()
                          .require(
                              tx.caller(),
                              "CaptureHold",
                              Policy.Access.capture(ref, toKind, feeKind));
                    });
            ledger.settle(tx.batch(), hold, "CAPTURED", UUID.fromString(result.getTransferId()));
            return result;
          };
        });
  }

  private static WalletException currencyMismatch(Ledger.ActiveHold hold, String currency) {
    return WalletException.precondition(
        "currency mismatch: the hold is in " + hold.currency() + ", the amount is in " + currency);
  }

  void releaseHold(ReleaseHoldRequest req, StreamObserver<HoldResult> out) {
    calls.mutate(
        "ReleaseHold",
        req,
        req.getIdempotencyKey(),
        HoldResult.parser(),
        out,
        CallTemplate.Keys.CLAIMED,
        () -> {
          String ref = reference("reference", req.getReference());
          return tx -> {
            calls.policy().require(tx.caller(), "ReleaseHold", Policy.Access.reference(ref));
            var hold = ledger.activeHold(tx.db(), ref);
            ledger.settle(tx.batch(), hold, "RELEASED", null);
            ledger.unreserve(tx.batch(), hold.account(), hold.amount());
            return HoldResult.newBuilder()
                .setHold(
                    Ledger.hold(
                        hold.id(),
                        ref,
                        hold.account(),
                        hold.amount(),
                        hold.currency(),
                        HoldStatus.HOLD_STATUS_RELEASED,
                        null))
                .build();
          };
        });
  }

  /**
   * Releases what is active under the prefix now, every time it is called: the key is required and
   * audited but never replays an earlier answer, so a second call releases holds taken since the
   * first. With close_prefix the prefix takes no new hold afterwards.
   */
  void releaseHolds(ReleaseHoldsRequest req, StreamObserver<ReleaseHoldsResponse> out) {
    calls.mutate(
        "ReleaseHolds",
        req,
        req.getIdempotencyKey(),
        ReleaseHoldsResponse.parser(),
        out,
        CallTemplate.Keys.UNSTORED,
        () -> {
          String prefix = reference("reference_prefix", req.getReferencePrefix());
          return tx -> {
            calls.policy().require(tx.caller(), "ReleaseHolds", Policy.Access.reference(prefix));
            if (req.getClosePrefix()) {
              ledger.closePrefix(tx.batch(), prefix, tx.caller());
            }
            return ReleaseHoldsResponse.newBuilder()
                .addAllReleased(ledger.releaseAll(tx.db(), tx.batch(), prefix))
                .build();
          };
        });
  }

  private static String reference(String field, String value) {
    return Validation.text(field, value, Validation.MAX_REFERENCE_LENGTH, true);
  }
}
