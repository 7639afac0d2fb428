package dev.pitboss.wallet;

import static dev.pitboss.wallet.WalletApiIT.leg;
import static dev.pitboss.wallet.WalletFixture.money;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pitboss.wallet.v1.DepositRequest;
import dev.pitboss.wallet.v1.HoldRequest;
import dev.pitboss.wallet.v1.TransferRequest;
import dev.pitboss.wallet.v1.TransferResult;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.util.ArrayList;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A request sent many times, at once and again later, is applied exactly once. */
class IdempotencyIT {
  private static WalletFixture f;

  @BeforeAll
  static void start() throws Exception {
    f = WalletFixture.start("wallet_idempotency_it");
  }

  @AfterAll
  static void stop() throws Exception {
    f.close();
  }

  @Test
  void theSameTransferSentConcurrentlyAndRepeatedlyAppliesOnce() throws Exception {
    var alice = f.player("alice", 10_000, "EUR");
    var bob = f.player("bob", 0, "EUR");
    var request =
        TransferRequest.newBuilder()
            .setIdempotencyKey("hand-77-settlement")
            .setReference("table/T1/hand/77")
            .addLegs(leg(alice, -1_234))
            .addLegs(leg(bob, 1_234))
            .build();

    int senders = 16;
    var start = new CountDownLatch(1);
    var results = new ArrayList<Future<TransferResult>>();
    try (var pool = Executors.newFixedThreadPool(senders)) {
      for (int i = 0; i < senders; i++) {
        Callable<TransferResult> send =
            () -> {
              start.await();
              return f.wallet.transfer(request);
            };
        results.add(pool.submit(send));
      }
      start.countDown();
      var transferIds = new java.util.HashSet<String>();
      for (var r : results) {
        transferIds.add(r.get().getTransferId());
      }
      assertThat(transferIds).as("every sender sees the same, first result").hasSize(1);
    }
    // And once more, later: still the first result.
    var later = f.wallet.transfer(request);
    assertThat(later.getTransferId()).isEqualTo(results.getFirst().get().getTransferId());

    assertThat(f.balance(alice)).isEqualTo(10_000 - 1_234);
    assertThat(f.balance(bob)).isEqualTo(1_234);
    assertThat(
            f.scalar("SELECT COUNT(*) FROM transfers WHERE idempotency_key = 'hand-77-settlement'"))
        .isEqualTo(1);
    assertThat(
            f.scalar(
                "SELECT COUNT(*) FROM audit_log WHERE idempotency_key = 'hand-77-settlement'"
                    + " AND outcome = 'REPLAYED'"))
        .isEqualTo(senders);
    assertThat(f.reconcile().getBalanced()).isTrue();
  }

  @Test
  void reusingAKeyWithDifferentContentIsRefusedAndChangesNothing() throws Exception {
    var carol = f.player("carol", 1_000, "EUR");
    var first =
        DepositRequest.newBuilder()
            .setIdempotencyKey("cash-in-991")
            .setAccountId(carol)
            .setAmount(money(500, "EUR"))
            .setExternalReference("psp-991")
            .build();
    f.wallet.deposit(first);
    var before = f.ledgerFootprint();

    var differentAmount = first.toBuilder().setAmount(money(501, "EUR")).build();
    assertThatThrownBy(() -> f.wallet.deposit(differentAmount))
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> {
              assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.ALREADY_EXISTS);
              assertThat(e.getStatus().getDescription())
                  .contains("cash-in-991")
                  .contains("different Deposit request");
            });
    var differentMethod =
        HoldRequest.newBuilder()
            .setIdempotencyKey("cash-in-991")
            .setAccountId(carol)
            .setAmount(money(500, "EUR"))
            .setReference("r")
            .build();
    assertThatThrownBy(() -> f.wallet.hold(differentMethod))
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.ALREADY_EXISTS));

    assertThat(f.ledgerFootprint()).isEqualTo(before);
    assertThat(f.balance(carol)).isEqualTo(1_500);
    // The original still replays.
    assertThat(f.wallet.deposit(first).getPostingsCount()).isEqualTo(2);
    assertThat(f.balance(carol)).isEqualTo(1_500);
  }

  @Test
  void aReplayedHoldDoesNotReserveTwice() {
    var dave = f.player("dave", 1_000, "EUR");
    var hold =
        HoldRequest.newBuilder()
            .setIdempotencyKey("buy-in-T5-dave")
            .setAccountId(dave)
            .setAmount(money(400, "EUR"))
            .setReference("tournament/T5/dave")
            .build();
    var first = f.wallet.hold(hold);
    var again = f.wallet.hold(hold);
    assertThat(again).isEqualTo(first);
    assertThat(f.available(dave)).isEqualTo(600);
  }
}
