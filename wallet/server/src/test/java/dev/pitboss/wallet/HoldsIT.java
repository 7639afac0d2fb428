package dev.pitboss.wallet;

import static dev.pitboss.wallet.WalletFixture.money;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.pitboss.wallet.v1.AccountKind;
import dev.pitboss.wallet.v1.CaptureHoldRequest;
import dev.pitboss.wallet.v1.HoldRequest;
import dev.pitboss.wallet.v1.OpenAccountRequest;
import dev.pitboss.wallet.v1.ReconcileRequest;
import dev.pitboss.wallet.v1.ReleaseHoldsRequest;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Holds done right: ReleaseHolds may be called again and again and releases what was taken in
 * between; a released prefix can be closed; holds expire and the wallet releases them itself,
 * visibly; and an idempotency key belongs to the identity that used it.
 */
class HoldsIT {
  private static final String TOURNAMENT = "tournament/default/friday/";
  private static WalletFixture f;

  @BeforeAll
  static void start() throws Exception {
    f = WalletFixture.start("wallet_holds_it", Map.of(), Policy.STANDARD);
  }

  @AfterAll
  static void stop() throws Exception {
    f.close();
  }

  private static String player(String name, long amount) {
    var id =
        f.as("payments")
            .openAccount(
                OpenAccountRequest.newBuilder()
                    .setIdempotencyKey("open-" + name)
                    .setKind(AccountKind.ACCOUNT_KIND_PLAYER)
                    .setOwner(name)
                    .setCurrency("EUR")
                    .build())
            .getAccount()
            .getAccountId();
    f.as("payments")
        .deposit(
            dev.pitboss.wallet.v1.DepositRequest.newBuilder()
                .setIdempotencyKey("deposit-" + name)
                .setAccountId(id)
                .setAmount(money(amount, "EUR"))
                .setExternalReference("psp-" + name)
                .build());
    return id;
  }

  private static HoldRequest hold(String key, String account, String reference, long expiry) {
    return HoldRequest.newBuilder()
        .setIdempotencyKey(key)
        .setAccountId(account)
        .setAmount(money(1_000, "EUR"))
        .setReference(reference)
        .setExpirySeconds(expiry)
        .build();
  }

  @Test
  void releaseHoldsCalledTwiceReleasesHoldsTakenInBetween() throws Exception {
    var prefix = "tournament/default/twice/";
    var a = player("twice-a", 5_000);
    var b = player("twice-b", 5_000);
    f.as("matchmaker").hold(hold("h-twice-a", a, prefix + "player/a", 0));
    var release =
        ReleaseHoldsRequest.newBuilder()
            .setIdempotencyKey("cancel-twice")
            .setReferencePrefix(prefix)
            .build();
    assertThat(f.as("operator").releaseHolds(release).getReleasedCount()).isEqualTo(1);
    // A registration raced the cancellation.
    f.as("matchmaker").hold(hold("h-twice-b", b, prefix + "player/b", 0));
    var second = f.as("operator").releaseHolds(release);
    assertThat(second.getReleasedList())
        .as("the second call releases what was taken since, not a replay of the first")
        .extracting(h -> h.getReference())
        .containsExactly(prefix + "player/b");
    assertThat(f.sqlAvailable(a)).isEqualTo(5_000);
    assertThat(f.sqlAvailable(b)).isEqualTo(5_000);
    assertThat(f.as("operator").releaseHolds(release).getReleasedCount()).isZero();
  }

  @Test
  void aClosedPrefixTakesNoNewHold() throws Exception {
    var prefix = "tournament/default/closed/";
    var c = player("closed-c", 5_000);
    f.as("operator")
        .releaseHolds(
            ReleaseHoldsRequest.newBuilder()
                .setIdempotencyKey("close-it")
                .setReferencePrefix(prefix)
                .setClosePrefix(true)
                .build());
    assertThatThrownBy(() -> f.as("matchmaker").hold(hold("h-closed", c, prefix + "player/c", 0)))
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION));
    assertThat(f.sqlAvailable(c)).isEqualTo(5_000);
    // Other tournaments are not affected.
    f.as("matchmaker").hold(hold("h-open", c, "tournament/default/open/player/c", 0));
  }

  @Test
  void aHoldPastItsExpiryIsReleasedByTheWalletVisibly() throws Exception {
    var d = player("expiring-d", 5_000);
    var before = Instant.now();
    var held = f.as("matchmaker").hold(hold("h-expiring", d, TOURNAMENT + "player/d", 60));
    assertThat(held.getHold().getExpiresAtMillis())
        .isBetween(
            before.plusSeconds(60).toEpochMilli(), Instant.now().plusSeconds(61).toEpochMilli());
    assertThat(f.sqlAvailable(d)).isEqualTo(4_000);

    f.clock.advance(Duration.ofSeconds(61));
    await().atMost(Duration.ofSeconds(20)).until(() -> f.sqlAvailable(d) == 5_000);
    assertThat(
            f.scalar(
                "SELECT COUNT(*) FROM holds WHERE reference = '"
                    + TOURNAMENT
                    + "player/d' AND status = 'EXPIRED' AND settled_at IS NOT NULL"))
        .isEqualTo(1);
    assertThat(
            f.scalar(
                "SELECT COUNT(*) FROM audit_log WHERE caller = 'spiffe://pitboss.dev/wallet'"
                    + " AND method = 'ExpireHolds' AND detail LIKE '%"
                    + held.getHold().getHoldId()
                    + "%'"))
        .isEqualTo(1);
    var pool =
        f.as("matchmaker")
            .openAccount(
                OpenAccountRequest.newBuilder()
                    .setIdempotencyKey("open-pool-expiry")
                    .setKind(AccountKind.ACCOUNT_KIND_PRIZE_POOL)
                    .setOwner(TOURNAMENT)
                    .setCurrency("EUR")
                    .build())
            .getAccount()
            .getAccountId();
    assertThatThrownBy(
            () ->
                f.as("matchmaker")
                    .captureHold(
                        CaptureHoldRequest.newBuilder()
                            .setIdempotencyKey("capture-expired")
                            .setReference(TOURNAMENT + "player/d")
                            .setToAccountId(pool)
                            .build()))
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND));
    assertThat(f.as("reconcile").reconcile(ReconcileRequest.getDefaultInstance()).getBalanced())
        .isTrue();
  }

  @Test
  void aHoldWithoutExpiryGetsTheServersDefault() {
    var e = player("default-e", 5_000);
    var held = f.as("matchmaker").hold(hold("h-default", e, TOURNAMENT + "player/e", 0));
    long expected = f.clock.instant().plus(WalletConfig.DEFAULT_HOLD_EXPIRY).toEpochMilli();
    assertThat(held.getHold().getExpiresAtMillis()).isBetween(expected - 60_000, expected + 60_000);
  }

  @Test
  void aKeyClaimedByOneIdentityDoesNotBlockAnothers() {
    var open =
        OpenAccountRequest.newBuilder()
            .setIdempotencyKey("shared-key-1")
            .setKind(AccountKind.ACCOUNT_KIND_PLAYER)
            .setOwner("shared-owner")
            .setCurrency("EUR")
            .build();
    var byPayments = f.as("payments").openAccount(open);
    // The matchmaker uses the same key for a different request: its own key, its own result.
    var byMatchmaker =
        f.as("matchmaker")
            .openAccount(
                open.toBuilder()
                    .setKind(AccountKind.ACCOUNT_KIND_PRIZE_POOL)
                    .setOwner("tournament/default/shared/")
                    .build());
    assertThat(byPayments.getCreated()).isTrue();
    assertThat(byMatchmaker.getCreated()).isTrue();
    assertThat(byMatchmaker.getAccount().getKind()).isEqualTo(AccountKind.ACCOUNT_KIND_PRIZE_POOL);
    // Each still replays its own first answer.
    assertThat(f.as("payments").openAccount(open).getAccount().getAccountId())
        .isEqualTo(byPayments.getAccount().getAccountId());
  }
}
