package dev.pitboss.wallet;

import static dev.pitboss.wallet.WalletFixture.money;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.pitboss.wallet.v1.AccountKind;
import dev.pitboss.wallet.v1.CaptureHoldRequest;
import dev.pitboss.wallet.v1.DepositRequest;
import dev.pitboss.wallet.v1.GetBalanceRequest;
import dev.pitboss.wallet.v1.HistoryRequest;
import dev.pitboss.wallet.v1.HoldRequest;
import dev.pitboss.wallet.v1.Leg;
import dev.pitboss.wallet.v1.OpenAccountRequest;
import dev.pitboss.wallet.v1.ReconcileRequest;
import dev.pitboss.wallet.v1.ReleaseHoldRequest;
import dev.pitboss.wallet.v1.ReleaseHoldsRequest;
import dev.pitboss.wallet.v1.TransferRequest;
import dev.pitboss.wallet.v1.WalletGrpc;
import dev.pitboss.wallet.v1.WithdrawRequest;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The standard policy with the real identities over mutual TLS: every money flow the other
 * components use works, end to end (a cash table's buy-in, hand, rake and cash-out; a tournament's
 * buy-in and fee, cancellation and payout), and what lies outside the table is refused with
 * PERMISSION_DENIED, writing nothing but a body-less audit row.
 */
class PolicyIT {
  private static final String TABLE = "table/default/nlhe-eur/3";
  private static final String TOURNAMENT = "tournament/default/sunday-million/";
  private static WalletFixture f;

  @BeforeAll
  static void start() throws Exception {
    f = WalletFixture.start("wallet_policy_it", Map.of(), Policy.STANDARD);
  }

  @AfterAll
  static void stop() throws Exception {
    f.close();
  }

  private static WalletGrpc.WalletBlockingStub payments() {
    return f.as("payments");
  }

  private static WalletGrpc.WalletBlockingStub matchmaker() {
    return f.as("matchmaker");
  }

  private static WalletGrpc.WalletBlockingStub gameServer() {
    return f.as("game-server");
  }

  private static String key() {
    return "k-" + UUID.randomUUID();
  }

  private static String open(WalletGrpc.WalletBlockingStub as, AccountKind kind, String owner) {
    return as.openAccount(
            OpenAccountRequest.newBuilder()
                .setIdempotencyKey(key())
                .setKind(kind)
                .setOwner(owner)
                .setCurrency("EUR")
                .build())
        .getAccount()
        .getAccountId();
  }

  private static String fundedPlayer(String name, long amount) {
    var id = open(payments(), AccountKind.ACCOUNT_KIND_PLAYER, name);
    payments()
        .deposit(
            DepositRequest.newBuilder()
                .setIdempotencyKey(key())
                .setAccountId(id)
                .setAmount(money(amount, "EUR"))
                .setExternalReference("psp-" + name)
                .build());
    return id;
  }

  private static HoldRequest hold(String account, long amount, String reference) {
    return HoldRequest.newBuilder()
        .setIdempotencyKey(key())
        .setAccountId(account)
        .setAmount(money(amount, "EUR"))
        .setReference(reference)
        .build();
  }

  private static Leg leg(String account, long amount) {
    return Leg.newBuilder().setAccountId(account).setAmount(money(amount, "EUR")).build();
  }

  private static long balance(String account) throws java.sql.SQLException {
    return f.sqlBalance(account);
  }

  @Test
  void aCashTableBuyInHandRakeAndCashOut() throws Exception {
    var alice = fundedPlayer("alice-cash", 10_000);
    var bob = fundedPlayer("bob-cash", 10_000);
    var seat0 = open(gameServer(), AccountKind.ACCOUNT_KIND_TABLE_ESCROW, TABLE + "#0");
    var seat1 = open(gameServer(), AccountKind.ACCOUNT_KIND_TABLE_ESCROW, TABLE + "#1");
    var house = open(gameServer(), AccountKind.ACCOUNT_KIND_HOUSE, "house");
    assertThat(open(matchmaker(), AccountKind.ACCOUNT_KIND_HOUSE, "house")).isEqualTo(house);

    // The matchmaker holds the buy-ins; the game server captures them when the players sit.
    matchmaker().hold(hold(alice, 2_000, "seat/" + TABLE + "/alice/r1"));
    matchmaker().hold(hold(bob, 2_000, "seat/" + TABLE + "/bob/r2"));
    assertThat(
            matchmaker()
                .getBalance(GetBalanceRequest.newBuilder().setAccountId(alice).build())
                .getAccount()
                .getAvailableMinorUnits())
        .isEqualTo(8_000);
    for (var seat : new String[][] {{"alice/r1", seat0}, {"bob/r2", seat1}}) {
      gameServer()
          .captureHold(
              CaptureHoldRequest.newBuilder()
                  .setIdempotencyKey(key())
                  .setReference("seat/" + TABLE + "/" + seat[0])
                  .setToAccountId(seat[1])
                  .build());
    }
    // One hand: bob loses 1,000 to alice, 50 rake to the house.
    var hand =
        gameServer()
            .transfer(
                TransferRequest.newBuilder()
                    .setIdempotencyKey(TABLE + "/hand/1")
                    .setReference(TABLE + "/hand/1")
                    .addLegs(leg(seat1, -1_000))
                    .addLegs(leg(seat0, 950))
                    .addLegs(leg(house, 50))
                    .build());
    assertThat(hand.getPostingsCount()).isEqualTo(3);
    // Alice cashes out.
    gameServer()
        .transfer(
            TransferRequest.newBuilder()
                .setIdempotencyKey(TABLE + "/cash-out/alice/1")
                .addLegs(leg(seat0, -2_950))
                .addLegs(leg(alice, 2_950))
                .build());
    assertThat(balance(alice)).isEqualTo(10_950);
    assertThat(
            gameServer()
                .history(HistoryRequest.newBuilder().setAccountId(seat1).build())
                .getPostingsCount())
        .isEqualTo(2);
    assertThat(
            gameServer()
                .getBalance(GetBalanceRequest.newBuilder().setAccountId(seat1).build())
                .getAccount()
                .getBalanceMinorUnits())
        .isEqualTo(1_000);
    // The rake lands on a house shard and is swept into the one house account, in the journal.
    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(
            () -> {
              assertThat(
                      f.scalar(
                          "SELECT COALESCE(SUM(balance), 0) FROM accounts WHERE kind = 'HOUSE'"
                              + " AND owner LIKE 'house#%'"))
                  .isZero();
              assertThat(balance(house)).isGreaterThanOrEqualTo(50);
            });
    assertThat(f.scalar("SELECT COUNT(*) FROM transfers WHERE kind = 'SWEEP'")).isPositive();
    assertThat(f.as("reconcile").reconcile(ReconcileRequest.getDefaultInstance()).getBalanced())
        .isTrue();
  }

  @Test
  void aTournamentBuyInWithFeeCancellationAndPayout() throws Exception {
    var carol = fundedPlayer("carol-t", 5_000);
    var dave = fundedPlayer("dave-t", 5_000);
    var erin = fundedPlayer("erin-t", 5_000);
    var pool = open(matchmaker(), AccountKind.ACCOUNT_KIND_PRIZE_POOL, TOURNAMENT);
    var house = open(matchmaker(), AccountKind.ACCOUNT_KIND_HOUSE, "house");
    matchmaker().hold(hold(carol, 1_100, TOURNAMENT + "player/carol"));
    matchmaker().hold(hold(dave, 1_100, TOURNAMENT + "player/dave/2"));
    // Buy-in to the prize pool and fee to the house in one capture with a split leg.
    var capture =
        matchmaker()
            .captureHold(
                CaptureHoldRequest.newBuilder()
                    .setIdempotencyKey(key())
                    .setReference(TOURNAMENT + "player/carol")
                    .setToAccountId(pool)
                    .setAmount(money(1_000, "EUR"))
                    .setFeeToAccountId(house)
                    .setFee(money(100, "EUR"))
                    .build());
    assertThat(capture.getPostingsCount()).isEqualTo(3);
    assertThat(balance(pool)).isEqualTo(1_000);
    // Payout from the prize pool.
    matchmaker()
        .transfer(
            TransferRequest.newBuilder()
                .setIdempotencyKey(TOURNAMENT + "payout/1")
                .addLegs(leg(pool, -1_000))
                .addLegs(leg(carol, 1_000))
                .build());
    assertThat(balance(carol)).isEqualTo(4_900);
    // The operator cancels what is left: dave's hold is released and the prefix closed.
    var released =
        f.as("operator")
            .releaseHolds(
                ReleaseHoldsRequest.newBuilder()
                    .setIdempotencyKey(key())
                    .setReferencePrefix(TOURNAMENT)
                    .setClosePrefix(true)
                    .build());
    assertThat(released.getReleasedCount()).isEqualTo(1);
    assertThatThrownBy(() -> matchmaker().hold(hold(erin, 1_100, TOURNAMENT + "player/erin")))
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> {
              assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION);
              assertThat(e.getStatus().getDescription()).contains("closed");
            });
    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(() -> assertThat(balance(house)).isGreaterThanOrEqualTo(100));
  }

  @Test
  void theMatchmakerReleasesItsOwnHolds() {
    var frank = fundedPlayer("frank", 3_000);
    matchmaker().hold(hold(frank, 1_000, "seat/" + TABLE + "/frank/r9"));
    matchmaker().hold(hold(frank, 1_000, "seat/" + TABLE + "/frank/r10"));
    matchmaker()
        .releaseHold(
            ReleaseHoldRequest.newBuilder()
                .setIdempotencyKey(key())
                .setReference("seat/" + TABLE + "/frank/r9")
                .build());
    gameServer()
        .releaseHold(
            ReleaseHoldRequest.newBuilder()
                .setIdempotencyKey(key())
                .setReference("seat/" + TABLE + "/frank/r10")
                .build());
    matchmaker().hold(hold(frank, 500, "seat/" + TABLE + "/frank/r11"));
    assertThat(
            matchmaker()
                .releaseHolds(
                    ReleaseHoldsRequest.newBuilder()
                        .setIdempotencyKey(key())
                        .setReferencePrefix("seat/" + TABLE + "/")
                        .build())
                .getReleasedList())
        .extracting(h -> h.getReference())
        .contains("seat/" + TABLE + "/frank/r11");
  }

  @Test
  void everythingOutsideThePolicyIsRefused() throws Exception {
    var gina = fundedPlayer("gina", 5_000);
    var hank = fundedPlayer("hank", 5_000);
    var escrow = open(gameServer(), AccountKind.ACCOUNT_KIND_TABLE_ESCROW, TABLE + "#7");
    var pool = open(matchmaker(), AccountKind.ACCOUNT_KIND_PRIZE_POOL, "tournament/default/x/");
    var house = open(gameServer(), AccountKind.ACCOUNT_KIND_HOUSE, "house");
    matchmaker().hold(hold(gina, 1_000, "tournament/default/x/player/gina"));
    matchmaker().hold(hold(hank, 1_000, "seat/" + TABLE + "/hank/r1"));

    var deposit =
        DepositRequest.newBuilder()
            .setAccountId(gina)
            .setAmount(money(1_000_000, "EUR"))
            .setExternalReference("psp");
    denied("Deposit", s -> s.deposit(deposit.setIdempotencyKey("d-mm").build()), matchmaker());
    denied("Deposit", s -> s.deposit(deposit.setIdempotencyKey("d-gs").build()), gameServer());
    denied("Deposit", s -> s.deposit(deposit.setIdempotencyKey("d-op").build()), f.as("operator"));
    denied("Deposit", s -> s.deposit(deposit.setIdempotencyKey("d-rc").build()), f.as("reconcile"));
    denied("Deposit", s -> s.deposit(deposit.setIdempotencyKey("d-x").build()), f.as("intruder"));
    denied(
        "Withdraw",
        s ->
            s.withdraw(
                WithdrawRequest.newBuilder()
                    .setIdempotencyKey("w-gs")
                    .setAccountId(gina)
                    .setAmount(money(100, "EUR"))
                    .setExternalReference("payout")
                    .build()),
        gameServer());
    // Payments moves money only between players and the outside world.
    denied("Transfer", s -> s.transfer(transfer("t-pay", gina, hank)), payments());
    // No one moves money between two players.
    denied("Transfer", s -> s.transfer(transfer("t-gs", gina, escrow)), gameServer());
    denied("Transfer", s -> s.transfer(transfer("t-mm", gina, hank)), matchmaker());
    // The matchmaker pays out from prize pools to players only, never to the house.
    denied("Transfer", s -> s.transfer(transfer("t-mm-house", pool, house)), matchmaker());
    // Holds: the matchmaker only under its reference families, only on players.
    denied("Hold", s -> s.hold(hold(gina, 100, "whatever/1")), matchmaker());
    denied("Hold", s -> s.hold(hold(escrow, 100, "seat/" + TABLE + "/x/r")), matchmaker());
    denied("Hold", s -> s.hold(hold(gina, 100, "seat/" + TABLE + "/gina/r5")), gameServer());
    // Captures: the game server takes seat holds into escrow only; tournaments are the
    // matchmaker's, into prize pools only.
    denied(
        "CaptureHold",
        s -> s.captureHold(capture("c-gs-t", "tournament/default/x/player/gina", escrow)),
        gameServer());
    denied(
        "CaptureHold",
        s -> s.captureHold(capture("c-gs-house", "seat/" + TABLE + "/hank/r1", house)),
        gameServer());
    denied(
        "CaptureHold",
        s -> s.captureHold(capture("c-mm-seat", "seat/" + TABLE + "/hank/r1", escrow)),
        matchmaker());
    // Releases: the operator only a whole tournament's prefix; the game server only seat holds.
    denied(
        "ReleaseHolds",
        s ->
            s.releaseHolds(
                ReleaseHoldsRequest.newBuilder()
                    .setIdempotencyKey("r-op")
                    .setReferencePrefix("tournament/")
                    .build()),
        f.as("operator"));
    denied(
        "ReleaseHold",
        s ->
            s.releaseHold(
                ReleaseHoldRequest.newBuilder()
                    .setIdempotencyKey("r-gs")
                    .setReference("tournament/default/x/player/gina")
                    .build()),
        gameServer());
    denied(
        "ReleaseHolds",
        s ->
            s.releaseHolds(
                ReleaseHoldsRequest.newBuilder()
                    .setIdempotencyKey("r-mm")
                    .setReferencePrefix("seat/")
                    .build()),
        matchmaker());
    // Reads are scoped too, and never echo a balance.
    denied(
        "GetBalance",
        s -> s.getBalance(GetBalanceRequest.newBuilder().setAccountId(gina).build()),
        gameServer());
    denied(
        "GetBalance",
        s -> s.getBalance(GetBalanceRequest.newBuilder().setAccountId(escrow).build()),
        payments());
    denied(
        "History",
        s -> s.history(HistoryRequest.newBuilder().setAccountId(gina).build()),
        matchmaker());
    denied(
        "OpenAccount",
        s ->
            s.openAccount(
                OpenAccountRequest.newBuilder()
                    .setIdempotencyKey("o-gs")
                    .setKind(AccountKind.ACCOUNT_KIND_TABLE_ESCROW)
                    .setOwner("not-a-table")
                    .setCurrency("EUR")
                    .build()),
        gameServer());
    denied(
        "OpenAccount",
        s ->
            s.openAccount(
                OpenAccountRequest.newBuilder()
                    .setIdempotencyKey("o-pay")
                    .setKind(AccountKind.ACCOUNT_KIND_HOUSE)
                    .setOwner("house")
                    .setCurrency("EUR")
                    .build()),
        payments());
    denied("Reconcile", s -> s.reconcile(ReconcileRequest.getDefaultInstance()), payments());
    assertThat(balance(gina)).isEqualTo(5_000);
  }

  @Test
  void noIdentityCapturesAHoldIntoThePaymentsAccount() throws Exception {
    // Even the tests' all-powerful identity: the rule is not the policy's but the ledger's.
    try (var trusted = WalletFixture.start("wallet_policy_external_it")) {
      var ivy = trusted.player("ivy", 1_000, "EUR");
      var deposit =
          trusted.wallet.deposit(
              DepositRequest.newBuilder()
                  .setIdempotencyKey("ivy-2")
                  .setAccountId(ivy)
                  .setAmount(money(10, "EUR"))
                  .setExternalReference("psp")
                  .build());
      var payments =
          deposit.getPostingsList().stream()
              .filter(p -> p.getAmount().getMinorUnits() < 0)
              .findFirst()
              .orElseThrow()
              .getAccountId();
      trusted.wallet.hold(hold(ivy, 500, "seat/" + TABLE + "/ivy/r1"));
      assertThatThrownBy(
              () ->
                  trusted.wallet.captureHold(
                      capture("c-ext", "seat/" + TABLE + "/ivy/r1", payments)))
          .isInstanceOfSatisfying(
              StatusRuntimeException.class,
              e -> {
                assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION);
                assertThat(e.getStatus().getDescription()).contains("external payments account");
              });
      assertThat(trusted.available(ivy)).isEqualTo(510);
    }
  }

  private static TransferRequest transfer(String key, String from, String to) {
    return TransferRequest.newBuilder()
        .setIdempotencyKey(key)
        .addLegs(leg(from, -100))
        .addLegs(leg(to, 100))
        .build();
  }

  private static CaptureHoldRequest capture(String key, String reference, String to) {
    return CaptureHoldRequest.newBuilder()
        .setIdempotencyKey(key)
        .setReference(reference)
        .setToAccountId(to)
        .build();
  }

  private static void denied(
      String method, Consumer<WalletGrpc.WalletBlockingStub> call, WalletGrpc.WalletBlockingStub as)
      throws Exception {
    var before = f.ledgerFootprint();
    long audits = f.scalar("SELECT COUNT(*) FROM audit_log WHERE status = 'PERMISSION_DENIED'");
    assertThatThrownBy(() -> call.accept(as))
        .as(method)
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> {
              assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.PERMISSION_DENIED);
              assertThat(e.getStatus().getDescription()).doesNotContain("5000");
            });
    assertThat(f.ledgerFootprint()).as(method + ": nothing written").isEqualTo(before);
    assertThat(
            f.scalar(
                "SELECT COUNT(*) FROM audit_log WHERE status = 'PERMISSION_DENIED'"
                    + " AND method = '"
                    + method
                    + "' AND length(request) = 0"))
        .isGreaterThan(0);
    assertThat(f.scalar("SELECT COUNT(*) FROM audit_log WHERE status = 'PERMISSION_DENIED'"))
        .isEqualTo(audits + 1);
  }
}
