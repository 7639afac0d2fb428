package dev.pitboss.wallet;

import static dev.pitboss.wallet.WalletApiIT.leg;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pitboss.wallet.v1.TransferRequest;
import dev.pitboss.wallet.v1.TransferResult;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The database connection dies in the middle of a transfer. A row lock taken from a second
 * connection parks the transfer inside its transaction; then its backend is terminated with
 * pg_terminate_backend. Whether the server retries, or gives up and the client retries, the
 * transfer is applied exactly once.
 */
class FaultIT {
  private static final java.util.concurrent.ExecutorService THREADS =
      java.util.concurrent.Executors.newCachedThreadPool();

  @Test
  void theServerRetriesATransactionWhoseConnectionWasKilled() throws Exception {
    try (var f = WalletFixture.start("wallet_fault_server_it")) {
      var alice = f.player("alice", 1_000, "EUR");
      var bob = f.player("bob", 0, "EUR");
      var request = transfer("fault-1", alice, bob);
      TransferResult result;
      try (var lock = lockAccount(f, bob)) {
        var inFlight = CompletableFuture.supplyAsync(() -> f.wallet.transfer(request), THREADS);
        terminateTransferBackend(f);
        lock.commit();
        result = inFlight.get(10, TimeUnit.SECONDS);
      }
      assertAppliedOnce(f, alice, bob, "fault-1", result.getTransferId());
      assertThat(f.wallet.transfer(request).getTransferId()).isEqualTo(result.getTransferId());
      assertAppliedOnce(f, alice, bob, "fault-1", result.getTransferId());
    }
  }

  @Test
  void whenTheServerGivesUpTheClientRetriesWithTheSameKey() throws Exception {
    try (var f =
        WalletFixture.start(
            "wallet_fault_client_it", java.util.Map.of("pitboss.wallet.retry-attempts", 1))) {
      var alice = f.player("alice", 1_000, "EUR");
      var bob = f.player("bob", 0, "EUR");
      var request = transfer("fault-2", alice, bob);
      try (var lock = lockAccount(f, bob)) {
        var inFlight = CompletableFuture.supplyAsync(() -> f.wallet.transfer(request), THREADS);
        terminateTransferBackend(f);
        assertThatThrownBy(() -> inFlight.join())
            .cause()
            .isInstanceOfSatisfying(
                StatusRuntimeException.class,
                e -> {
                  assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.ABORTED);
                  assertThat(e.getStatus().getDescription()).contains("same idempotency key");
                });
        lock.commit();
      }
      assertThat(f.balance(alice)).as("nothing applied by the killed attempt").isEqualTo(1_000);

      var retried = f.wallet.transfer(request);
      assertAppliedOnce(f, alice, bob, "fault-2", retried.getTransferId());
      assertThat(f.wallet.transfer(request).getTransferId()).isEqualTo(retried.getTransferId());
      assertAppliedOnce(f, alice, bob, "fault-2", retried.getTransferId());
    }
  }

  @Test
  void aClientThatNeverHeardTheAnswerRetriesAndGetsTheCommittedResult() throws Exception {
    try (var f = WalletFixture.start("wallet_fault_lost_ack_it")) {
      var alice = f.player("alice", 1_000, "EUR");
      var bob = f.player("bob", 0, "EUR");
      var request = transfer("fault-3", alice, bob);
      try (var lock = lockAccount(f, bob)) {
        // The client stops waiting; the server's transaction is still parked on the lock.
        assertThatThrownBy(
                () -> f.wallet.withDeadlineAfter(300, TimeUnit.MILLISECONDS).transfer(request))
            .isInstanceOfSatisfying(
                StatusRuntimeException.class,
                e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.DEADLINE_EXCEEDED));
        lock.commit();
      }
      // The client does not know whether it happened, so it retries with the same key.
      var retried = f.wallet.transfer(request);
      assertAppliedOnce(f, alice, bob, "fault-3", retried.getTransferId());
    }
  }

  private static TransferRequest transfer(String key, String from, String to) {
    return TransferRequest.newBuilder()
        .setIdempotencyKey(key)
        .addLegs(leg(from, -100))
        .addLegs(leg(to, 100))
        .build();
  }

  private static Connection lockAccount(WalletFixture f, String account) throws SQLException {
    var lock = f.sql();
    lock.setAutoCommit(false);
    try (var st = lock.createStatement()) {
      st.execute("SELECT 1 FROM accounts WHERE id = '" + account + "' FOR UPDATE");
    }
    return lock;
  }

  /** Waits until the transfer's transaction is parked on the lock, then kills its backend. */
  private static void terminateTransferBackend(WalletFixture f) throws Exception {
    try (var admin = f.sql();
        var find =
            admin.prepareStatement(
                "SELECT pid FROM pg_stat_activity WHERE datname = current_database()"
                    + " AND wait_event_type = 'Lock' AND query LIKE '%UPDATE accounts AS a%'");
        var kill = admin.prepareStatement("SELECT pg_terminate_backend(?)")) {
      long giveUp = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (System.nanoTime() < giveUp) {
        try (var rs = find.executeQuery()) {
          if (rs.next()) {
            kill.setInt(1, rs.getInt(1));
            try (var killed = kill.executeQuery()) {
              killed.next();
              assertThat(killed.getBoolean(1)).isTrue();
            }
            return;
          }
        }
        Thread.sleep(10);
      }
      throw new AssertionError("the transfer never reached the locked row");
    }
  }

  private static void assertAppliedOnce(
      WalletFixture f, String from, String to, String key, String transferId) throws Exception {
    assertThat(f.balance(from)).isEqualTo(900);
    assertThat(f.balance(to)).isEqualTo(100);
    assertThat(f.scalar("SELECT COUNT(*) FROM transfers WHERE idempotency_key = '" + key + "'"))
        .isEqualTo(1);
    assertThat(f.scalar("SELECT COUNT(*) FROM postings WHERE transfer_id = '" + transferId + "'"))
        .isEqualTo(2);
    assertThat(f.reconcile().getBalanced()).isTrue();
  }
}
