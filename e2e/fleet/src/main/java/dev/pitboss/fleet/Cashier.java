package dev.pitboss.fleet;

import dev.pitboss.wallet.v1.AccountKind;
import dev.pitboss.wallet.v1.DepositRequest;
import dev.pitboss.wallet.v1.GetBalanceRequest;
import dev.pitboss.wallet.v1.Money;
import dev.pitboss.wallet.v1.OpenAccountRequest;
import dev.pitboss.wallet.v1.ReconcileReport;
import dev.pitboss.wallet.v1.ReconcileRequest;
import dev.pitboss.wallet.v1.WalletGrpc;

/**
 * What sits outside Pitboss at a card room's edge, played for the fleet: the payment provider opens
 * players' accounts and deposits their money (as {@code spiffe://pitboss.dev/payments}), and the
 * auditor reconciles the ledger and reads balances (as {@code spiffe://pitboss.dev/reconcile} and
 * payments). Each calls the real wallet over mutual TLS with its own identity.
 */
final class Cashier {
  private final WalletGrpc.WalletBlockingStub payments;
  private final WalletGrpc.WalletBlockingStub auditor;

  Cashier(WalletGrpc.WalletBlockingStub payments, WalletGrpc.WalletBlockingStub auditor) {
    this.payments = payments;
    this.auditor = auditor;
  }

  /** A player's account with a deposit, as the payment provider makes them. */
  String player(String name, String currency, long deposit) {
    var id =
        payments
            .openAccount(
                OpenAccountRequest.newBuilder()
                    .setIdempotencyKey("open/" + name)
                    .setKind(AccountKind.ACCOUNT_KIND_PLAYER)
                    .setOwner(name)
                    .setCurrency(currency)
                    .build())
            .getAccount()
            .getAccountId();
    payments.deposit(
        DepositRequest.newBuilder()
            .setIdempotencyKey("deposit/" + name)
            .setAccountId(id)
            .setAmount(Money.newBuilder().setMinorUnits(deposit).setCurrency(currency).build())
            .setExternalReference("psp-" + name)
            .build());
    return id;
  }

  long balance(String account) {
    return payments
        .getBalance(GetBalanceRequest.newBuilder().setAccountId(account).build())
        .getAccount()
        .getBalanceMinorUnits();
  }

  ReconcileReport reconcile() {
    return auditor.reconcile(ReconcileRequest.getDefaultInstance());
  }
}
