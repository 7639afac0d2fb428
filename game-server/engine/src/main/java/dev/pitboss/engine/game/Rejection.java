package dev.pitboss.engine.game;

/** Why an action was refused. The state it was applied to is unchanged. */
public record Rejection(Reason reason, String message) {

  public enum Reason {
    HAND_OVER,
    UNKNOWN_SEAT,
    OUT_OF_TURN,
    CLOCK_WENT_BACKWARDS,
    NOT_TIMED_OUT,
    CANNOT_CHECK,
    NOTHING_TO_CALL,
    BET_NOT_ALLOWED,
    RAISE_NOT_ALLOWED,
    INVALID_AMOUNT,
    BELOW_MINIMUM,
    ABOVE_STACK
  }

  static Rejection of(Reason reason, String message) {
    return new Rejection(reason, message);
  }
}
