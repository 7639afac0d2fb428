package dev.pitboss.engine.eval;

/** The category of a five-card poker hand, weakest first; the ordinal orders categories. */
public enum HandCategory {
  HIGH_CARD,
  PAIR,
  TWO_PAIR,
  THREE_OF_A_KIND,
  STRAIGHT,
  FLUSH,
  FULL_HOUSE,
  FOUR_OF_A_KIND,
  STRAIGHT_FLUSH
}
