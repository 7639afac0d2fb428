package dev.pitboss.wallet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pitboss.wallet.v1.AccountKind;
import dev.pitboss.wallet.v1.DepositRequest;
import dev.pitboss.wallet.v1.Money;
import io.grpc.Status;
import org.junit.jupiter.api.Test;

class ValidationTest {

  private static void refused(Runnable check, String reason) {
    assertThatThrownBy(check::run)
        .isInstanceOfSatisfying(
            WalletException.class,
            e -> {
              assertThat(e.code()).isEqualTo(Status.Code.INVALID_ARGUMENT);
              assertThat(e.getMessage()).contains(reason);
            });
  }

  @Test
  void idempotencyKeysAreBoundedPrintableAscii() {
    Validation.idempotencyKey("k".repeat(128));
    Validation.idempotencyKey("table/T1/hand/42:settle");
    refused(() -> Validation.idempotencyKey(""), "required");
    refused(() -> Validation.idempotencyKey("k".repeat(129)), "limit is 128");
    refused(() -> Validation.idempotencyKey("tab\there"), "printable");
    refused(() -> Validation.idempotencyKey("clé"), "printable");
  }

  @Test
  void amountsMustBePositiveInAnIsoCurrency() {
    assertThat(Validation.positive("amount", money(1, "EUR"))).isEqualTo(1);
    assertThat(Validation.positive("amount", money(Long.MAX_VALUE, "JPY")))
        .isEqualTo(Long.MAX_VALUE);
    refused(() -> Validation.positive("amount", money(0, "EUR")), "must be positive");
    refused(() -> Validation.positive("amount", money(-1, "EUR")), "must be positive");
    refused(() -> Validation.positive("amount", money(1, "eur")), "ISO 4217");
    refused(() -> Validation.positive("amount", money(1, "")), "ISO 4217");
  }

  @Test
  void accountIdsAreCanonicalUuids() {
    var id = java.util.UUID.randomUUID();
    assertThat(Validation.accountId("a", id.toString())).isEqualTo(id);
    refused(() -> Validation.accountId("a", "1-1-1-1-1"), "not an account id");
    refused(() -> Validation.accountId("a", ""), "required");
  }

  @Test
  void externalAccountsAreNotOpenedByCallers() {
    assertThat(Validation.kind(AccountKind.ACCOUNT_KIND_PLAYER)).isEqualTo("PLAYER");
    refused(() -> Validation.kind(AccountKind.ACCOUNT_KIND_EXTERNAL), "reserved");
    refused(() -> Validation.kind(AccountKind.ACCOUNT_KIND_UNSPECIFIED), "kind is required");
  }

  @Test
  void theFingerprintTellsEveryFieldAndTheMethodApart() {
    var a =
        DepositRequest.newBuilder()
            .setIdempotencyKey("k1")
            .setAccountId("x")
            .setAmount(money(5, "EUR"))
            .build();
    var sameRequestAgain = a.toBuilder().build();
    var otherAmount = a.toBuilder().setAmount(money(6, "EUR")).build();
    var otherCurrency = a.toBuilder().setAmount(money(5, "USD")).build();
    assertThat(fingerprint("Deposit", a))
        .isEqualTo(fingerprint("Deposit", sameRequestAgain))
        .isNotEqualTo(fingerprint("Deposit", otherAmount))
        .isNotEqualTo(fingerprint("Deposit", otherCurrency))
        .isNotEqualTo(fingerprint("Withdraw", a));
  }

  private static byte[] fingerprint(String method, DepositRequest request) {
    return Idempotency.fingerprint(method, request.toByteArray());
  }

  private static Money money(long units, String currency) {
    return Money.newBuilder().setMinorUnits(units).setCurrency(currency).build();
  }
}
