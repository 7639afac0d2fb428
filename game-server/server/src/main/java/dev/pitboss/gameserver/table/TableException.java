package dev.pitboss.gameserver.table;

import dev.pitboss.gameserver.protocol.ErrorCode;

/** A request the table refused; the table did not change. */
public final class TableException extends RuntimeException {
  private final ErrorCode code;

  public TableException(ErrorCode code, String message) {
    super(message, null, false, false);
    this.code = code;
  }

  public ErrorCode code() {
    return code;
  }
}
