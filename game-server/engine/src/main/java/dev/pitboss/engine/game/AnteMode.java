package dev.pitboss.engine.game;

/** How the ante is collected. */
public enum AnteMode {
  /** No ante. */
  NONE,
  /** Every player dealt in posts {@link HandConfig#ante()}. */
  EACH,
  /**
   * The big blind posts {@link HandConfig#ante()} once for the whole table (TDA big-blind ante). It
   * is dead money in the main pot; when the big blind is short, the blind is posted first.
   */
  BIG_BLIND
}
