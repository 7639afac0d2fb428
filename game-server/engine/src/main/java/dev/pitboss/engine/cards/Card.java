package dev.pitboss.engine.cards;

import java.util.List;

/**
 * One playing card. Hot code (evaluator, shuffle) works on the dense {@link #index()} in 0..51,
 * {@code rank.ordinal() * 4 + suit.ordinal()}; everything else uses this value type.
 */
public record Card(Rank rank, Suit suit) {

  private static final List<Card> ALL =
      java.util.stream.IntStream.range(0, 52)
          .mapToObj(i -> new Card(Rank.values()[i >> 2], Suit.values()[i & 3]))
          .toList();

  public Card {
    if (rank == null || suit == null)
      throw new IllegalArgumentException("card needs a rank and a suit");
  }

  public int index() {
    return rank.ordinal() * 4 + suit.ordinal();
  }

  public static Card of(int index) {
    if (index < 0 || index > 51) {
      throw new IllegalArgumentException("card index " + index + " is outside 0..51");
    }
    return ALL.get(index);
  }

  /**
   * Parses the two-character form used in hand histories, e.g. {@code As}, {@code Td}, {@code 2c}.
   */
  public static Card parse(String text) {
    if (text == null || text.length() != 2) {
      throw new IllegalArgumentException(
          "a card is two characters like As or Td, got '" + text + "'");
    }
    return of(Rank.of(text.charAt(0)).ordinal() * 4 + Suit.of(text.charAt(1)).ordinal());
  }

  /** All 52 cards in index order. */
  public static List<Card> all() {
    return ALL;
  }

  @Override
  public String toString() {
    return "" + rank.symbol() + suit.symbol();
  }
}
