package dev.pitboss.engine.game;

/** Chips a player puts in before the cards are dealt. */
public record Posting(int seat, Kind kind, long amount) {

  public enum Kind {
    ANTE,
    SMALL_BLIND,
    BIG_BLIND,
    BIG_BLIND_ANTE,
    /** A new or returning cash-game player posts a live big blind to be dealt in. */
    POST_TO_PLAY,
    /** A returning player's missed small blind: dead money, not part of their bet. */
    DEAD_SMALL_BLIND
  }
}
