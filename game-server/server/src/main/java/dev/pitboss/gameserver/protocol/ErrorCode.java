package dev.pitboss.gameserver.protocol;

/**
 * Every error a client can receive, by code; {@code game-server/PROTOCOL.md} explains each. An
 * error never changes the table. {@code closes} marks the errors after which the server closes the
 * connection.
 */
public enum ErrorCode {
  // Frames
  BAD_FRAME(false),
  UNKNOWN_TYPE(false),
  BAD_FIELD(false),
  FRAME_TOO_LARGE(true),
  BINARY_NOT_SUPPORTED(false),
  RATE_LIMITED(false),
  // Session
  ALREADY_JOINED(false),
  UNKNOWN_TABLE(false),
  SERVER_DRAINING(false),
  RESUME_REFUSED(false),
  // Tickets
  TICKET_INVALID(false),
  TICKET_EXPIRED(false),
  TICKET_WRONG_TABLE(false),
  TICKET_REPLAYED(false),
  // Seats and money
  SEAT_TAKEN(false),
  ALREADY_SEATED(false),
  BUY_IN_OUT_OF_RANGE(false),
  BUY_IN_REFUSED(false),
  TABLE_CLOSING(false),
  // Play
  NOT_SEATED(false),
  NO_HAND(false),
  OUT_OF_TURN(false),
  ILLEGAL_ACTION(false);

  private final boolean closes;

  ErrorCode(boolean closes) {
    this.closes = closes;
  }

  public boolean closes() {
    return closes;
  }
}
