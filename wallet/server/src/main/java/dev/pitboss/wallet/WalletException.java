package dev.pitboss.wallet;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;

/**
 * A call the wallet refuses, with the gRPC status and the reason the caller sees. Thrown inside a
 * transaction, it rolls the transaction back, so a refused call never writes to the ledger.
 */
final class WalletException extends RuntimeException {
  private final Status.Code code;

  private WalletException(Status.Code code, String reason) {
    super(reason, null, false, false);
    this.code = code;
  }

  static WalletException invalid(String reason) {
    return new WalletException(Status.Code.INVALID_ARGUMENT, reason);
  }

  static WalletException notFound(String reason) {
    return new WalletException(Status.Code.NOT_FOUND, reason);
  }

  static WalletException precondition(String reason) {
    return new WalletException(Status.Code.FAILED_PRECONDITION, reason);
  }

  static WalletException keyReused(String reason) {
    return new WalletException(Status.Code.ALREADY_EXISTS, reason);
  }

  /** The caller is who it says, but the policy does not let it do this. */
  static WalletException denied(String reason) {
    return new WalletException(Status.Code.PERMISSION_DENIED, reason);
  }

  /** The caller proved no identity the wallet trusts. */
  static WalletException unauthenticated(String reason) {
    return new WalletException(Status.Code.UNAUTHENTICATED, reason);
  }

  static WalletException gaveUp(Status.Code code, String reason) {
    return new WalletException(code, reason);
  }

  Status.Code code() {
    return code;
  }

  StatusRuntimeException toStatus() {
    return Status.fromCode(code).withDescription(getMessage()).asRuntimeException();
  }
}
