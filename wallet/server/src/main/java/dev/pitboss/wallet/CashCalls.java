package dev.pitboss.wallet;

import dev.pitboss.wallet.v1.DepositRequest;
import dev.pitboss.wallet.v1.Money;
import dev.pitboss.wallet.v1.TransferResult;
import dev.pitboss.wallet.v1.WithdrawRequest;
import io.grpc.stub.StreamObserver;
import java.util.List;

/**
 * Deposit and Withdraw: money crossing the wallet's edge. A deposit moves it from the currency's
 * payments account to the player, a withdrawal from the player to it; the debit leg comes first.
 */
final class CashCalls {
  private final CallTemplate calls;
  private final Ledger ledger;
  private final HotAccounts hot;

  CashCalls(CallTemplate calls, Ledger ledger, HotAccounts hot) {
    this.calls = calls;
    this.ledger = ledger;
    this.hot = hot;
  }

  void deposit(DepositRequest req, StreamObserver<TransferResult> out) {
    move(
        "Deposit",
        "DEPOSIT",
        +1,
        req,
        req.getIdempotencyKey(),
        req.getAccountId(),
        req.getAmount(),
        req.getExternalReference(),
        out);
  }

  void withdraw(WithdrawRequest req, StreamObserver<TransferResult> out) {
    move(
        "Withdraw",
        "WITHDRAWAL",
        -1,
        req,
        req.getIdempotencyKey(),
        req.getAccountId(),
        req.getAmount(),
        req.getExternalReference(),
        out);
  }

  private void move(
      String method,
      String kind,
      int direction,
      com.google.protobuf.Message req,
      String key,
      String accountId,
      Money money,
      String externalReference,
      StreamObserver<TransferResult> out) {
    calls.mutate(
        method,
        req,
        key,
        TransferResult.parser(),
        out,
        CallTemplate.Keys.CLAIMED,
        () -> {
          var account = Validation.accountId("account_id", accountId);
          long amount = Validation.positive("amount", money);
          String currency = money.getCurrency();
          String ref =
              Validation.text(
                  "external_reference", externalReference, Validation.MAX_REFERENCE_LENGTH, true);
          return tx -> {
            var payments = hot.paymentsShard(tx.db(), currency);
            var from = direction > 0 ? payments : account;
            var to = direction > 0 ? account : payments;
            return ledger.post(
                tx.db(),
                tx.batch(),
                kind,
                key,
                ref,
                List.of(new Leg(from, -amount, 0, currency), new Leg(to, amount, 0, currency)),
                (legs, rows) -> {
                  var row = rows.get(account);
                  calls.policy().require(tx.caller(), method, Policy.Access.account(row.kind()));
                  if (row.external()) {
                    throw WalletException.precondition(
                        "account " + account + " is an external account");
                  }
                });
          };
        });
  }
}
