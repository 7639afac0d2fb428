package dev.pitboss.wallet;

import dev.pitboss.wallet.v1.CaptureHoldRequest;
import dev.pitboss.wallet.v1.DepositRequest;
import dev.pitboss.wallet.v1.GetBalanceRequest;
import dev.pitboss.wallet.v1.GetBalanceResponse;
import dev.pitboss.wallet.v1.HistoryRequest;
import dev.pitboss.wallet.v1.HistoryResponse;
import dev.pitboss.wallet.v1.HoldRequest;
import dev.pitboss.wallet.v1.HoldResult;
import dev.pitboss.wallet.v1.OpenAccountRequest;
import dev.pitboss.wallet.v1.OpenAccountResponse;
import dev.pitboss.wallet.v1.ReconcileReport;
import dev.pitboss.wallet.v1.ReconcileRequest;
import dev.pitboss.wallet.v1.ReleaseHoldRequest;
import dev.pitboss.wallet.v1.ReleaseHoldsRequest;
import dev.pitboss.wallet.v1.ReleaseHoldsResponse;
import dev.pitboss.wallet.v1.TransferRequest;
import dev.pitboss.wallet.v1.TransferResult;
import dev.pitboss.wallet.v1.WalletGrpc;
import dev.pitboss.wallet.v1.WithdrawRequest;
import io.grpc.stub.StreamObserver;
import java.util.function.Supplier;

/**
 * The gRPC face of the ledger: each RPC goes to the handler of its family. What every call shares
 * (deadline, identity, retries, idempotency, audit) is {@link CallTemplate}; who may do what is
 * {@link Policy}.
 */
final class WalletService extends WalletGrpc.WalletImplBase {
  private final CallTemplate calls;
  private final AccountCalls accounts;
  private final CashCalls cash;
  private final HoldCalls holds;
  private final TransferCalls transfers;
  private final Supplier<ReconcileReport> reconciliation;

  WalletService(
      CallTemplate calls,
      AccountCalls accounts,
      CashCalls cash,
      HoldCalls holds,
      TransferCalls transfers,
      Supplier<ReconcileReport> reconciliation) {
    this.calls = calls;
    this.accounts = accounts;
    this.cash = cash;
    this.holds = holds;
    this.transfers = transfers;
    this.reconciliation = reconciliation;
  }

  @Override
  public void openAccount(OpenAccountRequest req, StreamObserver<OpenAccountResponse> out) {
    accounts.openAccount(req, out);
  }

  @Override
  public void getBalance(GetBalanceRequest req, StreamObserver<GetBalanceResponse> out) {
    accounts.getBalance(req, out);
  }

  @Override
  public void history(HistoryRequest req, StreamObserver<HistoryResponse> out) {
    accounts.history(req, out);
  }

  @Override
  public void deposit(DepositRequest req, StreamObserver<TransferResult> out) {
    cash.deposit(req, out);
  }

  @Override
  public void withdraw(WithdrawRequest req, StreamObserver<TransferResult> out) {
    cash.withdraw(req, out);
  }

  @Override
  public void hold(HoldRequest req, StreamObserver<HoldResult> out) {
    holds.hold(req, out);
  }

  @Override
  public void captureHold(CaptureHoldRequest req, StreamObserver<TransferResult> out) {
    holds.captureHold(req, out);
  }

  @Override
  public void releaseHold(ReleaseHoldRequest req, StreamObserver<HoldResult> out) {
    holds.releaseHold(req, out);
  }

  @Override
  public void releaseHolds(ReleaseHoldsRequest req, StreamObserver<ReleaseHoldsResponse> out) {
    holds.releaseHolds(req, out);
  }

  @Override
  public void transfer(TransferRequest req, StreamObserver<TransferResult> out) {
    transfers.transfer(req, out);
  }

  @Override
  public void getAttachment(
      dev.pitboss.wallet.v1.GetAttachmentRequest req,
      StreamObserver<dev.pitboss.wallet.v1.AttachmentRecord> out) {
    transfers.getAttachment(req, out);
  }

  @Override
  public void reconcile(ReconcileRequest req, StreamObserver<ReconcileReport> out) {
    calls.readAside("Reconcile", req, out, reconciliation);
  }
}
