package dev.pitboss.engine.cards;

/**
 * A card rank, deuce lowest. The ordinal is part of {@link Card#index()}, so the order is fixed.
 */
public enum Rank {
  TWO('2'),
  THREE('3'),
  FOUR('4'),
  FIVE('5'),
  SIX('6'),
  SEVEN('7'),
  EIGHT('8'),
  NINE('9'),
  TEN('T'),
  JACK('J'),
  QUEEN('Q'),
  KING('K'),
  ACE('A');

  private final char symbol;

  Rank(char symbol) {
    this.symbol = symbol;
  }

  public char symbol() {
    return symbol;
  }

  public static Rank of(char symbol) {
    for (var r : values()) {
      if (r.symbol == Character.toUpperCase(symbol)) return r;
    }
    throw new IllegalArgumentException(
        "unknown rank '" + symbol + "' (expected one of 2 3 4 5 6 7 8 9 T J Q K A)");
  }
}
