package dev.pitboss.engine.game;

import dev.pitboss.engine.cards.Deck;
import java.time.Instant;
import java.util.Objects;

/**
 * Entry point of the engine: deals a hand. Everything the hand needs comes in (the deck, the
 * instant): the engine reads no clock and no RNG, so the same inputs always give the same hand.
 *
 * <p>Deal order: hole cards one at a time clockwise starting left of the button (deck positions 0
 * to 2n-1); then burn, three flop cards, burn, turn, burn, river.
 */
public final class Hand {

  private Hand() {}

  /**
   * Posts antes and blinds, deals the hole cards and returns the state waiting for the first
   * action. Throws {@link IllegalArgumentException} only for a malformed setup (a table-runtime
   * bug, not a player mistake).
   */
  public static HandState start(HandSetup setup, Deck deck, Instant at) {
    Objects.requireNonNull(setup, "setup");
    Objects.requireNonNull(deck, "deck");
    Objects.requireNonNull(at, "at");
    return HandState.start(setup, deck, at);
  }
}
