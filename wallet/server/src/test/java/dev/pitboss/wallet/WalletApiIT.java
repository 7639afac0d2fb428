package dev.pitboss.wallet;

import static dev.pitboss.wallet.WalletFixture.money;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pitboss.wallet.v1.AccountKind;
import dev.pitboss.wallet.v1.CaptureHoldRequest;
import dev.pitboss.wallet.v1.HistoryRequest;
import dev.pitboss.wallet.v1.HoldRequest;
import dev.pitboss.wallet.v1.HoldStatus;
import dev.pitboss.wallet.v1.Leg;
import dev.pitboss.wallet.v1.OpenAccountRequest;
import dev.pitboss.wallet.v1.Posting;
import dev.pitboss.wallet.v1.ReconcileRequest;
import dev.pitboss.wallet.v1.ReleaseHoldRequest;
import dev.pitboss.wallet.v1.ReleaseHoldsRequest;
import dev.pitboss.wallet.v1.TransferRequest;
import dev.pitboss.wallet.v1.WithdrawRequest;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The wallet's calls through a real gRPC channel against a real PostgreSQL. */
class WalletApiIT {
  private static WalletFixture f;

  @BeforeAll
  static void start() throws Exception {
    f = WalletFixture.start("wallet_api_it");
  }

  @AfterAll
  static void stop() throws Exception {
    f.close();
  }

  private static String key() {
    return "k-" + UUID.randomUUID();
  }

  @Test
  void openingTheSameAccountTwiceReturnsTheFirst() {
    var request =
        OpenAccountRequest.newBuilder()
            .setKind(AccountKind.ACCOUNT_KIND_HOUSE)
            .setOwner("rake")
            .setCurrency("EUR");
    var first = f.wallet.openAccount(request.setIdempotencyKey(key()).build());
    var second = f.wallet.openAccount(request.setIdempotencyKey(key()).build());
    assertThat(first.getCreated()).isTrue();
    assertThat(second.getCreated()).isFalse();
    assertThat(second.getAccount().getAccountId()).isEqualTo(first.getAccount().getAccountId());
    assertThat(first.getAccount().getHomeRegion()).isEqualTo("local");
  }

  @Test
  void depositAndWithdrawMoveMoneyAgainstTheOutsideWorld() {
    var alice = f.player("alice-dw", 10_000, "EUR");
    var out =
        f.wallet.withdraw(
            WithdrawRequest.newBuilder()
                .setIdempotencyKey(key())
                .setAccountId(alice)
                .setAmount(money(2_500, "EUR"))
                .setExternalReference("payout-token-1")
                .build());
    assertThat(out.getPostingsList())
        .extracting(p -> p.getAmount().getMinorUnits())
        .containsExactlyInAnyOrder(-2_500L, 2_500L);
    assertThat(f.balance(alice)).isEqualTo(7_500);

    assertThatThrownBy(
            () ->
                f.wallet.withdraw(
                    WithdrawRequest.newBuilder()
                        .setIdempotencyKey(key())
                        .setAccountId(alice)
                        .setAmount(money(7_501, "EUR"))
                        .setExternalReference("payout-token-2")
                        .build()))
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> {
              assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION);
              assertThat(e.getStatus().getDescription()).contains("insufficient funds");
            });
    assertThat(f.balance(alice)).isEqualTo(7_500);
  }

  @Test
  void aHoldReservesFundsAndCaptureMovesThemToThePrizePool() {
    var bob = f.player("bob-hold", 5_000, "EUR");
    var pool = f.open(AccountKind.ACCOUNT_KIND_PRIZE_POOL, "tournament-T1", "EUR");
    var hold =
        f.wallet.hold(
            HoldRequest.newBuilder()
                .setIdempotencyKey(key())
                .setAccountId(bob)
                .setAmount(money(3_000, "EUR"))
                .setReference("tournament/T1/bob")
                .build());
    assertThat(hold.getHold().getStatus()).isEqualTo(HoldStatus.HOLD_STATUS_ACTIVE);
    assertThat(f.balance(bob)).isEqualTo(5_000);
    assertThat(f.available(bob)).isEqualTo(2_000);

    // Held funds cannot be withdrawn.
    assertThatThrownBy(
            () ->
                f.wallet.withdraw(
                    WithdrawRequest.newBuilder()
                        .setIdempotencyKey(key())
                        .setAccountId(bob)
                        .setAmount(money(2_001, "EUR"))
                        .setExternalReference("payout")
                        .build()))
        .hasMessageContaining("insufficient funds");

    // Capture part: 2 500 buy-in to the pool, the other 500 released.
    var capture =
        f.wallet.captureHold(
            CaptureHoldRequest.newBuilder()
                .setIdempotencyKey(key())
                .setReference("tournament/T1/bob")
                .setToAccountId(pool)
                .setAmount(money(2_500, "EUR"))
                .build());
    assertThat(capture.getPostingsCount()).isEqualTo(2);
    assertThat(f.balance(bob)).isEqualTo(2_500);
    assertThat(f.available(bob)).isEqualTo(2_500);
    assertThat(f.balance(pool)).isEqualTo(2_500);

    // The hold is settled: capturing it again finds nothing.
    assertThatThrownBy(
            () ->
                f.wallet.captureHold(
                    CaptureHoldRequest.newBuilder()
                        .setIdempotencyKey(key())
                        .setReference("tournament/T1/bob")
                        .setToAccountId(pool)
                        .build()))
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND));
    assertThat(f.reconcile().getBalanced()).isTrue();
  }

  @Test
  void releaseHoldsFreesEveryHoldOfATournamentInOneCall() {
    var players = new ArrayList<String>();
    for (int i = 0; i < 3; i++) {
      var p = f.player("cancel-" + i, 1_000, "USD");
      players.add(p);
      f.wallet.hold(
          HoldRequest.newBuilder()
              .setIdempotencyKey(key())
              .setAccountId(p)
              .setAmount(money(600, "USD"))
              .setReference("tournament/T9/player/" + i)
              .build());
    }
    var other = f.player("other-tournament", 1_000, "USD");
    f.wallet.hold(
        HoldRequest.newBuilder()
            .setIdempotencyKey(key())
            .setAccountId(other)
            .setAmount(money(600, "USD"))
            .setReference("tournament/T90/player/x")
            .build());

    var released =
        f.wallet.releaseHolds(
            ReleaseHoldsRequest.newBuilder()
                .setIdempotencyKey(key())
                .setReferencePrefix("tournament/T9/")
                .build());
    assertThat(released.getReleasedList()).hasSize(3);
    players.forEach(p -> assertThat(f.available(p)).isEqualTo(1_000));
    assertThat(f.available(other)).isEqualTo(400);

    f.wallet.releaseHold(
        ReleaseHoldRequest.newBuilder()
            .setIdempotencyKey(key())
            .setReference("tournament/T90/player/x")
            .build());
    assertThat(f.available(other)).isEqualTo(1_000);
    assertThat(f.reconcile().getBalanced()).isTrue();
  }

  @Test
  void aHandSettlesEscrowToWinnersAndRakeToTheHouseInOneTransfer() {
    var escrow = f.open(AccountKind.ACCOUNT_KIND_TABLE_ESCROW, "table-T7", "EUR");
    var house = f.open(AccountKind.ACCOUNT_KIND_HOUSE, "rake-T7", "EUR");
    var carol = f.player("carol-hand", 0, "EUR");
    var dave = f.player("dave-hand", 0, "EUR");
    var funder = f.player("funder-hand", 1_000, "EUR");
    f.wallet.transfer(
        TransferRequest.newBuilder()
            .setIdempotencyKey(key())
            .addLegs(leg(funder, -1_000))
            .addLegs(leg(escrow, 1_000))
            .build());

    var settlement =
        f.wallet.transfer(
            TransferRequest.newBuilder()
                .setIdempotencyKey(key())
                .setReference("table/T7/hand/42")
                .addLegs(leg(escrow, -1_000))
                .addLegs(leg(carol, 650))
                .addLegs(leg(dave, 300))
                .addLegs(leg(house, 50))
                .build());
    assertThat(settlement.getPostingsCount()).isEqualTo(4);
    assertThat(f.balance(escrow)).isZero();
    assertThat(f.balance(carol)).isEqualTo(650);
    assertThat(f.balance(dave)).isEqualTo(300);
    assertThat(f.balance(house)).isEqualTo(50);
    assertThat(f.reconcile().getBalanced()).isTrue();
  }

  @Test
  void historyPagesThroughPostingsNewestFirst() {
    var erin = f.player("erin-history", 0, "GBP");
    var sink = f.player("sink-history", 0, "GBP");
    for (int i = 1; i <= 7; i++) {
      f.wallet.deposit(
          dev.pitboss.wallet.v1.DepositRequest.newBuilder()
              .setIdempotencyKey(key())
              .setAccountId(erin)
              .setAmount(money(i * 100, "GBP"))
              .setExternalReference("psp-" + i)
              .build());
    }
    f.wallet.transfer(
        TransferRequest.newBuilder()
            .setIdempotencyKey(key())
            .addLegs(leg(erin, -150, "GBP"))
            .addLegs(leg(sink, 150, "GBP"))
            .build());

    var seen = new ArrayList<Posting>();
    String token = "";
    int pages = 0;
    do {
      var page =
          f.wallet.history(
              HistoryRequest.newBuilder()
                  .setAccountId(erin)
                  .setPageSize(3)
                  .setPageToken(token)
                  .build());
      seen.addAll(page.getPostingsList());
      token = page.getNextPageToken();
      pages++;
    } while (!token.isEmpty());
    assertThat(pages).isEqualTo(3);
    assertThat(seen)
        .extracting(Posting::getSequence)
        .containsExactly(8L, 7L, 6L, 5L, 4L, 3L, 2L, 1L);
    assertThat(seen.getFirst().getAmount().getMinorUnits()).isEqualTo(-150);
    assertThat(seen.getFirst().getBalanceAfterMinorUnits()).isEqualTo(2_800 - 150);
    assertThat(seen.getFirst().getTransferKind()).isEqualTo("TRANSFER");
    assertThat(seen.getLast().getBalanceAfterMinorUnits()).isEqualTo(100);
  }

  @Test
  void everyCallIsAuditedWithCallerAndKey() throws Exception {
    var k = key();
    var frank = f.open(AccountKind.ACCOUNT_KIND_PLAYER, "frank-audit", "EUR");
    f.wallet.deposit(
        dev.pitboss.wallet.v1.DepositRequest.newBuilder()
            .setIdempotencyKey(k)
            .setAccountId(frank)
            .setAmount(money(100, "EUR"))
            .setExternalReference("psp-frank")
            .build());
    try (var db = f.sql();
        var st =
            db.prepareStatement(
                "SELECT caller, method, outcome, status, detail FROM audit_log"
                    + " WHERE idempotency_key = ?")) {
      st.setString(1, k);
      try (var rs = st.executeQuery()) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getString("caller")).isEqualTo("spiffe://pitboss.dev/wallet-tests");
        assertThat(rs.getString("method")).isEqualTo("Deposit");
        assertThat(rs.getString("outcome")).isEqualTo("APPLIED");
        assertThat(rs.getString("detail")).startsWith("transfer ");
        assertThat(rs.next()).isFalse();
      }
    }
  }

  @Test
  void healthMetricsAndReconciliationAreServedOverHttp() throws Exception {
    f.player("gina-http", 100, "EUR");
    var http = HttpClient.newHttpClient();
    var base = "http://127.0.0.1:" + f.httpPort();
    var ready = get(http, base + "/health/readiness");
    assertThat(ready.statusCode()).isEqualTo(200);
    var metrics = get(http, base + "/metrics");
    assertThat(metrics.body())
        .contains("wallet_calls_total{method=\"Deposit\",outcome=\"applied\"}")
        .contains("wallet_call_duration_seconds_bucket");
    // With mutual TLS, reconciliation needs a proven identity: gRPC or HTTPS, not plain HTTP.
    var reconcile = get(http, base + "/reconcile");
    assertThat(reconcile.statusCode()).isEqualTo(403);
    assertThat(f.as("reconcile").reconcile(ReconcileRequest.getDefaultInstance()).getBalanced())
        .isTrue();
  }

  private static HttpResponse<String> get(HttpClient http, String url) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
  }

  static Leg leg(String account, long amount) {
    return leg(account, amount, "EUR");
  }

  static Leg leg(String account, long amount, String currency) {
    return Leg.newBuilder().setAccountId(account).setAmount(money(amount, currency)).build();
  }
}
