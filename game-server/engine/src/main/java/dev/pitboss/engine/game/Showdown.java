package dev.pitboss.engine.game;

import dev.pitboss.engine.cards.Card;
import java.util.List;

/**
 * A player's hand at the end, in showdown order. A mucked hand keeps its cards here (the auditor
 * sees them in the history) but {@code shown} is false; {@code description} is empty when the hand
 * ended without a showdown.
 */
public record Showdown(int seat, List<Card> holeCards, boolean shown, String description) {

  public Showdown {
    holeCards = List.copyOf(holeCards);
  }
}
