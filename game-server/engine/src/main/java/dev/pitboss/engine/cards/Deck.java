package dev.pitboss.engine.cards;

import java.util.Arrays;
import java.util.HashSet;
import java.util.List;

/**
 * A full 52-card deck in deal order: position 0 is dealt first. Immutable; a shuffle makes a new
 * one. A fixed deck (parsed from text) makes a hand reproducible without any RNG.
 */
public record Deck(List<Card> cards) {

  public Deck {
    cards = List.copyOf(cards);
    if (cards.size() != 52) {
      throw new IllegalArgumentException("a deck has 52 cards, got " + cards.size());
    }
    var seen = new HashSet<Card>();
    for (var c : cards) {
      if (!seen.add(c))
        throw new IllegalArgumentException("card " + c + " appears twice in the deck");
    }
  }

  /** The deck in index order (2c 2d 2h 2s 3c ... As). */
  public static Deck ordered() {
    return new Deck(Card.all());
  }

  /** Builds a deck from card indices in deal order. */
  public static Deck ofIndices(int[] indices) {
    return new Deck(Arrays.stream(indices).mapToObj(Card::of).toList());
  }

  /**
   * Parses space-separated cards in deal order. Fewer than 52 cards are completed with the
   * remaining cards in index order, so a test can fix only the cards it cares about.
   */
  public static Deck parse(String text) {
    var given =
        text.isBlank()
            ? List.<Card>of()
            : Arrays.stream(text.trim().split("\\s+")).map(Card::parse).toList();
    var rest = Card.all().stream().filter(c -> !given.contains(c)).toList();
    if (given.size() + rest.size() != 52) {
      throw new IllegalArgumentException("deck text repeats a card: " + text);
    }
    return new Deck(java.util.stream.Stream.concat(given.stream(), rest.stream()).toList());
  }

  public Card get(int position) {
    return cards.get(position);
  }

  @Override
  public String toString() {
    return String.join(" ", cards.stream().map(Card::toString).toList());
  }
}
