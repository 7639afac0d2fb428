package dev.pitboss.wallet;

import static dev.pitboss.wallet.WalletApiIT.leg;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pitboss.wallet.v1.TransferRequest;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Closing the server while a transfer is in flight: readiness turns 503 at once, new calls are
 * refused, and the in-flight transfer still completes and is answered before the server stops.
 */
class GracefulShutdownIT {

  @Test
  void inFlightCallsFinishBeforeTheServerStops() throws Exception {
    var f = WalletFixture.start("wallet_shutdown_it");
    var alice = f.player("alice", 1_000, "EUR");
    var bob = f.player("bob", 0, "EUR");
    var readiness = URI.create("http://127.0.0.1:" + f.httpPort() + "/health/readiness");
    var http = HttpClient.newHttpClient();
    assertThat(
            http.send(
                    HttpRequest.newBuilder(readiness).build(), HttpResponse.BodyHandlers.ofString())
                .statusCode())
        .isEqualTo(200);

    var lock = f.sql();
    lock.setAutoCommit(false);
    try (var st = lock.createStatement()) {
      st.execute("SELECT 1 FROM accounts WHERE id = '" + bob + "' FOR UPDATE");
    }
    // Own threads: on a 2-CPU machine the common pool has one worker, taken by the call itself.
    var threads = java.util.concurrent.Executors.newCachedThreadPool();
    var inFlight =
        CompletableFuture.supplyAsync(
            () ->
                f.wallet.transfer(
                    TransferRequest.newBuilder()
                        .setIdempotencyKey("in-flight")
                        .addLegs(leg(alice, -300))
                        .addLegs(leg(bob, 300))
                        .build()),
            threads);
    waitUntilParked(f);

    var closing = CompletableFuture.runAsync(f.server::close, threads);
    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    int status = 200;
    while (status == 200 && System.nanoTime() < until) {
      status =
          http.send(HttpRequest.newBuilder(readiness).build(), HttpResponse.BodyHandlers.ofString())
              .statusCode();
    }
    assertThat(status).as("readiness while draining").isEqualTo(503);
    assertThatThrownBy(
            () ->
                f.wallet.getBalance(
                    dev.pitboss.wallet.v1.GetBalanceRequest.newBuilder()
                        .setAccountId(alice)
                        .build()))
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE));
    assertThat(closing).isNotDone();

    lock.commit();
    lock.close();
    var result = inFlight.get(10, TimeUnit.SECONDS);
    assertThat(result.getPostingsCount()).isEqualTo(2);
    closing.get(10, TimeUnit.SECONDS);
    assertThat(f.scalar("SELECT balance FROM accounts WHERE id = '" + bob + "'")).isEqualTo(300);
    threads.shutdown();
    f.close();
  }

  @Test
  void stoppingTheApplicationStopsTheWallet() throws Exception {
    var f = WalletFixture.start("wallet_app_stop_it");
    var alice = f.player("alice", 100, "EUR");
    assertThat(f.balance(alice)).isEqualTo(100);
    // What SIGTERM does: the Micronaut context closes, and with it the WalletServer bean.
    f.app.getApplicationContext().close();
    assertThat(f.server.draining()).isTrue();
    assertThatThrownBy(() -> f.balance(alice))
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE));
    f.channel.shutdownNow();
  }

  private static void waitUntilParked(WalletFixture f) throws Exception {
    try (var db = f.sql();
        var st =
            db.prepareStatement(
                "SELECT COUNT(*) FROM pg_stat_activity WHERE datname = current_database()"
                    + " AND wait_event_type = 'Lock' AND query LIKE '%UPDATE accounts AS a%'")) {
      for (int i = 0; i < 500; i++) {
        try (var rs = st.executeQuery()) {
          rs.next();
          if (rs.getInt(1) > 0) {
            return;
          }
        }
        Thread.sleep(10);
      }
    }
    throw new AssertionError("the transfer never reached the locked row");
  }
}
