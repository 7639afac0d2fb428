package dev.pitboss.engine.game;

/** Betting rounds in order; {@link #COMPLETE} once the pots are awarded. */
public enum Street {
  PREFLOP,
  FLOP,
  TURN,
  RIVER,
  COMPLETE;

  /** Board cards visible during this street. */
  int boardCards() {
    return switch (this) {
      case PREFLOP -> 0;
      case FLOP -> 3;
      case TURN -> 4;
      case RIVER, COMPLETE -> 5;
    };
  }
}
