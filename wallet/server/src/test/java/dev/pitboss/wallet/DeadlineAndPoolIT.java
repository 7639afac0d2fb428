package dev.pitboss.wallet;

import static dev.pitboss.wallet.WalletApiIT.leg;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.pitboss.wallet.v1.TransferRequest;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * The three deadline and pool defects found under faults, each reproduced on a pool of two
 * connections (the least the wallet starts with): an attempt that started after its caller's
 * deadline, connections idling in a transaction from birth, and a statement timeout lost with the
 * rollback of a refused first call.
 */
class DeadlineAndPoolIT {
  private static final ExecutorService THREADS = Executors.newCachedThreadPool();

  @AfterAll
  static void stopThreads() {
    THREADS.shutdownNow();
  }

  @Test
  void aCallWaitingForAConnectionPastItsDeadlineIsNeverAttempted() throws Exception {
    try (var f =
        WalletFixture.start("wallet_stale_attempt_it", Map.of("pitboss.wallet.pool-size", 2))) {
      var alice = f.player("alice", 1_000, "EUR");
      var erin = f.player("erin", 1_000, "EUR");
      var bob = f.player("bob", 0, "EUR");
      var carol = f.player("carol", 1_000, "EUR");
      var dave = f.player("dave", 0, "EUR");
      try (var lock = lockAccount(f, bob)) {
        // Both connections are taken by transfers parked on bob's row.
        var parked =
            CompletableFuture.allOf(
                CompletableFuture.supplyAsync(
                    () -> f.wallet.transfer(transfer("parked-1", alice, bob)), THREADS),
                CompletableFuture.supplyAsync(
                    () -> f.wallet.transfer(transfer("parked-2", erin, bob)), THREADS));
        awaitParkedOnLock(f, 2);
        // This call can only wait for the pool; its caller gives up and is told so.
        assertThatThrownBy(
                () ->
                    f.wallet
                        .withDeadlineAfter(500, TimeUnit.MILLISECONDS)
                        .transfer(transfer("stale", carol, dave)))
            .isInstanceOfSatisfying(
                StatusRuntimeException.class,
                e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.DEADLINE_EXCEEDED));
        lock.commit();
        parked.get(10, TimeUnit.SECONDS);
      }
      // Whatever the server did with the stale call is audited once it is done with it.
      await()
          .atMost(Duration.ofSeconds(40))
          .until(
              () -> f.scalar("SELECT COUNT(*) FROM audit_log WHERE idempotency_key = 'stale'") > 0);
      assertThat(f.scalar("SELECT COUNT(*) FROM transfers WHERE idempotency_key = 'stale'"))
          .as("a transfer whose caller was told it timed out must not be applied later")
          .isZero();
      assertThat(
              f.scalar(
                  "SELECT COUNT(*) FROM audit_log WHERE idempotency_key = 'stale'"
                      + " AND outcome = 'APPLIED'"))
          .isZero();
      assertThat(f.balance(carol)).isEqualTo(1_000);
    }
  }

  @Test
  void noPooledConnectionIdlesInATransaction() throws Exception {
    try (var f =
        WalletFixture.start(
            "wallet_idle_in_tx_it",
            // No background housekeeping, whose transactions are briefly idle between statements.
            Map.of("pitboss.wallet.pool-size", 4, "pitboss.wallet.housekeeping-ms", 3_600_000))) {
      f.player("alice", 1_000, "EUR");
      String others =
          "SELECT COUNT(*) FROM pg_stat_activity WHERE datname = current_database()"
              + " AND pid <> pg_backend_pid() AND backend_type = 'client backend'";
      await().atMost(Duration.ofSeconds(30)).until(() -> f.scalar(others) >= 4);
      assertThat(f.scalar(others + " AND state LIKE 'idle in transaction%'"))
          .as("wallet connections sitting idle in a transaction")
          .isZero();
    }
  }

  @Test
  void theStatementTimeoutSurvivesARefusedFirstCall() throws Exception {
    try (var f =
        WalletFixture.start(
            "wallet_lost_timeout_it",
            Map.of("pitboss.wallet.pool-size", 2, "pitboss.wallet.deadline-ms", 1_000))) {
      // The first call on a connection is refused, so its transaction rolls back.
      assertThatThrownBy(
              () ->
                  f.wallet.transfer(
                      transfer(
                          "refused", UUID.randomUUID().toString(), UUID.randomUUID().toString())))
          .isInstanceOfSatisfying(
              StatusRuntimeException.class,
              e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND));
      var alice = f.player("alice", 1_000, "EUR");
      var erin = f.player("erin", 1_000, "EUR");
      var bob = f.player("bob", 0, "EUR");
      try (var lock = lockAccount(f, bob)) {
        // Both connections run a statement parked on bob's row.
        var parked =
            List.of(
                CompletableFuture.supplyAsync(
                    () -> f.wallet.transfer(transfer("parked-1", alice, bob)), THREADS),
                CompletableFuture.supplyAsync(
                    () -> f.wallet.transfer(transfer("parked-2", erin, bob)), THREADS));
        // The lock is never released while we wait: only the statement timeout can end the calls.
        for (var call : parked) {
          await().atMost(Duration.ofSeconds(20)).until(call::isDone);
          assertThat(call)
              .failsWithin(Duration.ZERO)
              .withThrowableOfType(ExecutionException.class)
              .havingCause()
              .isInstanceOfSatisfying(
                  StatusRuntimeException.class,
                  e ->
                      assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.DEADLINE_EXCEEDED));
        }
        lock.rollback();
      }
      assertThat(f.balance(alice)).isEqualTo(1_000);
      assertThat(f.balance(erin)).isEqualTo(1_000);
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

  private static void awaitParkedOnLock(WalletFixture f, int calls) {
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                f.scalar(
                        "SELECT COUNT(*) FROM pg_stat_activity WHERE datname = current_database()"
                            + " AND wait_event_type = 'Lock' AND query LIKE '%UPDATE accounts AS a%'")
                    >= calls);
  }
}
