package dev.pitboss.engine.cards;

/** A card suit. The ordinal is part of {@link Card#index()}, so the order is fixed. */
public enum Suit {
  CLUBS('c'),
  DIAMONDS('d'),
  HEARTS('h'),
  SPADES('s');

  private final char symbol;

  Suit(char symbol) {
    this.symbol = symbol;
  }

  public char symbol() {
    return symbol;
  }

  public static Suit of(char symbol) {
    for (var s : values()) {
      if (s.symbol == Character.toLowerCase(symbol)) return s;
    }
    throw new IllegalArgumentException("unknown suit '" + symbol + "' (expected one of c d h s)");
  }
}
