package dev.pitboss.wallet;

import static dev.pitboss.wallet.WalletApiIT.leg;
import static dev.pitboss.wallet.WalletFixture.money;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pitboss.wallet.v1.AccountKind;
import dev.pitboss.wallet.v1.CaptureHoldRequest;
import dev.pitboss.wallet.v1.DepositRequest;
import dev.pitboss.wallet.v1.HistoryRequest;
import dev.pitboss.wallet.v1.HoldRequest;
import dev.pitboss.wallet.v1.OpenAccountRequest;
import dev.pitboss.wallet.v1.ReleaseHoldsRequest;
import dev.pitboss.wallet.v1.TransferRequest;
import dev.pitboss.wallet.v1.WithdrawRequest;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every malformed or impossible request gets a specific status and reason, and leaves the ledger,
 * the holds and the idempotency keys exactly as they were; only an audit row records the refusal.
 */
class BadInputIT {
  private static WalletFixture f;
  private static String alice;
  private static String bob;
  private static String usd;

  @BeforeAll
  static void start() throws Exception {
    f = WalletFixture.start("wallet_bad_input_it");
    alice = f.player("alice", 1_000, "EUR");
    bob = f.player("bob", 1_000, "EUR");
    usd = f.player("carol-usd", 1_000, "USD");
    f.wallet.hold(
        HoldRequest.newBuilder()
            .setIdempotencyKey("setup-hold")
            .setAccountId(alice)
            .setAmount(money(100, "EUR"))
            .setReference("tournament/T1/alice")
            .build());
  }

  @AfterAll
  static void stop() throws Exception {
    f.close();
  }

  private static String key() {
    return "bad-" + UUID.randomUUID();
  }

  private static TransferRequest.Builder transfer() {
    return TransferRequest.newBuilder().setIdempotencyKey(key());
  }

  private static DepositRequest.Builder deposit(long amount) {
    return DepositRequest.newBuilder()
        .setIdempotencyKey(key())
        .setAccountId(alice)
        .setAmount(money(amount, "EUR"))
        .setExternalReference("psp-token");
  }

  static Stream<Arguments> refusals() {
    String unknown = UUID.randomUUID().toString();
    return Stream.of(
        refusal(
            "negative deposit",
            Status.Code.INVALID_ARGUMENT,
            "must be positive",
            () -> f.wallet.deposit(deposit(-5).build())),
        refusal(
            "zero deposit",
            Status.Code.INVALID_ARGUMENT,
            "must be positive",
            () -> f.wallet.deposit(deposit(0).build())),
        refusal(
            "deposit overflowing the balance",
            Status.Code.INVALID_ARGUMENT,
            "overflow",
            () -> f.wallet.deposit(deposit(Long.MAX_VALUE).build())),
        refusal(
            "negative withdrawal",
            Status.Code.INVALID_ARGUMENT,
            "must be positive",
            () ->
                f.wallet.withdraw(
                    WithdrawRequest.newBuilder()
                        .setIdempotencyKey(key())
                        .setAccountId(alice)
                        .setAmount(money(-1, "EUR"))
                        .setExternalReference("t")
                        .build())),
        refusal(
            "zero hold",
            Status.Code.INVALID_ARGUMENT,
            "must be positive",
            () ->
                f.wallet.hold(
                    HoldRequest.newBuilder()
                        .setIdempotencyKey(key())
                        .setAccountId(alice)
                        .setAmount(money(0, "EUR"))
                        .setReference("r")
                        .build())),
        refusal(
            "hold beyond available funds",
            Status.Code.FAILED_PRECONDITION,
            "insufficient funds",
            () ->
                f.wallet.hold(
                    HoldRequest.newBuilder()
                        .setIdempotencyKey(key())
                        .setAccountId(alice)
                        .setAmount(money(901, "EUR"))
                        .setReference("tournament/T2/alice")
                        .build())),
        refusal(
            "second active hold with the same reference",
            Status.Code.FAILED_PRECONDITION,
            "active hold with this reference",
            () ->
                f.wallet.hold(
                    HoldRequest.newBuilder()
                        .setIdempotencyKey(key())
                        .setAccountId(bob)
                        .setAmount(money(1, "EUR"))
                        .setReference("tournament/T1/alice")
                        .build())),
        refusal(
            "unknown account",
            Status.Code.NOT_FOUND,
            "unknown account " + unknown,
            () -> f.wallet.deposit(deposit(5).setAccountId(unknown).build())),
        refusal(
            "unknown account in a transfer leg",
            Status.Code.NOT_FOUND,
            "unknown account " + unknown,
            () ->
                f.wallet.transfer(
                    transfer().addLegs(leg(alice, -5)).addLegs(leg(unknown, 5)).build())),
        refusal(
            "malformed account id",
            Status.Code.INVALID_ARGUMENT,
            "is not an account id",
            () -> f.wallet.deposit(deposit(5).setAccountId("alice").build())),
        refusal(
            "currency mismatch on deposit",
            Status.Code.FAILED_PRECONDITION,
            "currency mismatch",
            () ->
                f.wallet.deposit(deposit(5).setAccountId(usd).setAmount(money(5, "EUR")).build())),
        refusal(
            "currency mismatch in a transfer",
            Status.Code.FAILED_PRECONDITION,
            "currency mismatch",
            () ->
                f.wallet.transfer(
                    transfer().addLegs(leg(alice, -5, "USD")).addLegs(leg(usd, 5, "USD")).build())),
        refusal(
            "malformed currency",
            Status.Code.INVALID_ARGUMENT,
            "ISO 4217",
            () -> f.wallet.deposit(deposit(5).setAmount(money(5, "euro")).build())),
        refusal(
            "unsupported currency",
            Status.Code.INVALID_ARGUMENT,
            "not supported",
            () ->
                f.wallet.openAccount(
                    OpenAccountRequest.newBuilder()
                        .setIdempotencyKey(key())
                        .setKind(AccountKind.ACCOUNT_KIND_PLAYER)
                        .setOwner("zed")
                        .setCurrency("XXX")
                        .build())),
        refusal(
            "legs not summing to zero",
            Status.Code.INVALID_ARGUMENT,
            "sum to 1",
            () ->
                f.wallet.transfer(transfer().addLegs(leg(alice, -5)).addLegs(leg(bob, 6)).build())),
        refusal(
            "legs overflowing when summed",
            Status.Code.INVALID_ARGUMENT,
            "overflow",
            () ->
                f.wallet.transfer(
                    transfer()
                        .addLegs(leg(alice, Long.MAX_VALUE))
                        .addLegs(leg(bob, Long.MAX_VALUE))
                        .addLegs(leg(usd, 2, "EUR"))
                        .build())),
        refusal(
            "a zero leg",
            Status.Code.INVALID_ARGUMENT,
            "must not be zero",
            () ->
                f.wallet.transfer(
                    transfer()
                        .addLegs(leg(alice, -5))
                        .addLegs(leg(bob, 5))
                        .addLegs(leg(usd, 0, "USD"))
                        .build())),
        refusal(
            "a single leg",
            Status.Code.INVALID_ARGUMENT,
            "at least two legs",
            () -> f.wallet.transfer(transfer().addLegs(leg(alice, -5)).build())),
        refusal(
            "the same account twice",
            Status.Code.INVALID_ARGUMENT,
            "more than one leg",
            () ->
                f.wallet.transfer(
                    transfer().addLegs(leg(alice, -5)).addLegs(leg(alice, 5)).build())),
        refusal(
            "overdraft through a transfer",
            Status.Code.FAILED_PRECONDITION,
            "insufficient funds",
            () ->
                f.wallet.transfer(
                    transfer().addLegs(leg(bob, -1_001)).addLegs(leg(alice, 1_001)).build())),
        refusal(
            "spending held funds through a transfer",
            Status.Code.FAILED_PRECONDITION,
            "insufficient funds",
            () ->
                f.wallet.transfer(
                    transfer().addLegs(leg(alice, -901)).addLegs(leg(bob, 901)).build())),
        refusal(
            "empty idempotency key",
            Status.Code.INVALID_ARGUMENT,
            "idempotency_key is required",
            () -> f.wallet.deposit(deposit(5).setIdempotencyKey("").build())),
        refusal(
            "oversized idempotency key",
            Status.Code.INVALID_ARGUMENT,
            "the limit is 128",
            () -> f.wallet.deposit(deposit(5).setIdempotencyKey("k".repeat(129)).build())),
        refusal(
            "idempotency key with spaces",
            Status.Code.INVALID_ARGUMENT,
            "printable ASCII",
            () -> f.wallet.deposit(deposit(5).setIdempotencyKey("two words").build())),
        refusal(
            "deposit without an external reference",
            Status.Code.INVALID_ARGUMENT,
            "external_reference is required",
            () -> f.wallet.deposit(deposit(5).setExternalReference("").build())),
        refusal(
            "capture of an unknown hold",
            Status.Code.NOT_FOUND,
            "no active hold",
            () ->
                f.wallet.captureHold(
                    CaptureHoldRequest.newBuilder()
                        .setIdempotencyKey(key())
                        .setReference("tournament/none/alice")
                        .setToAccountId(bob)
                        .build())),
        refusal(
            "capture of more than the hold",
            Status.Code.FAILED_PRECONDITION,
            "cannot capture 101",
            () ->
                f.wallet.captureHold(
                    CaptureHoldRequest.newBuilder()
                        .setIdempotencyKey(key())
                        .setReference("tournament/T1/alice")
                        .setToAccountId(bob)
                        .setAmount(money(101, "EUR"))
                        .build())),
        refusal(
            "releasing holds with an empty prefix",
            Status.Code.INVALID_ARGUMENT,
            "reference_prefix is required",
            () ->
                f.wallet.releaseHolds(
                    ReleaseHoldsRequest.newBuilder().setIdempotencyKey(key()).build())),
        refusal(
            "opening an external account",
            Status.Code.INVALID_ARGUMENT,
            "reserved",
            () ->
                f.wallet.openAccount(
                    OpenAccountRequest.newBuilder()
                        .setIdempotencyKey(key())
                        .setKind(AccountKind.ACCOUNT_KIND_EXTERNAL)
                        .setOwner("me")
                        .setCurrency("EUR")
                        .build())),
        refusal(
            "history page size out of range",
            Status.Code.INVALID_ARGUMENT,
            "page_size",
            () ->
                f.wallet.history(
                    HistoryRequest.newBuilder().setAccountId(alice).setPageSize(501).build())),
        refusal(
            "forged history page token",
            Status.Code.INVALID_ARGUMENT,
            "page_token",
            () ->
                f.wallet.history(
                    HistoryRequest.newBuilder().setAccountId(alice).setPageToken("%%%").build())));
  }

  private static Arguments refusal(
      String name, Status.Code code, String reason, Supplier<Object> call) {
    return Arguments.of(name, code, reason, call);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("refusals")
  void isRefusedWithAReasonAndWritesNothing(
      String name, Status.Code code, String reason, Supplier<Object> call) throws Exception {
    var before = f.ledgerFootprint();
    long audits = f.scalar("SELECT COUNT(*) FROM audit_log WHERE outcome = 'REJECTED'");

    assertThatThrownBy(call::get)
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> {
              assertThat(e.getStatus().getCode()).as(name).isEqualTo(code);
              assertThat(e.getStatus().getDescription()).as(name).contains(reason);
            });

    assertThat(f.ledgerFootprint()).as("ledger after " + name).isEqualTo(before);
    assertThat(f.scalar("SELECT COUNT(*) FROM audit_log WHERE outcome = 'REJECTED'"))
        .as("the refusal is audited")
        .isEqualTo(audits + 1);
    assertThat(f.reconcile().getBalanced()).isTrue();
  }
}
