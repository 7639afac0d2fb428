package dev.pitboss.engine.eval;

import dev.pitboss.engine.cards.Card;
import java.util.List;

/**
 * Poker hand strength for 5, 6 or 7 cards: the best five-card hand, as a number from 1 (seven-high)
 * to 7462 (royal flush). Higher is better; equal strengths tie. Cards are given by {@link
 * Card#index()} on the hot path.
 */
public final class HandEvaluator {

  private HandEvaluator() {}

  /**
   * Strength of the best 5-card hand among 5, 6 or 7 cards; higher is better, equal means a tie.
   */
  public static int evaluate(List<Card> cards) {
    if (cards == null) throw new IllegalArgumentException("cards must not be null");
    int[] i = new int[cards.size()];
    for (int k = 0; k < i.length; k++) {
      var card = cards.get(k);
      if (card == null) throw new IllegalArgumentException("card " + k + " is null");
      i[k] = card.index();
    }
    return switch (i.length) {
      case 5 -> evaluate5(i[0], i[1], i[2], i[3], i[4]);
      case 6 -> evaluate6(i[0], i[1], i[2], i[3], i[4], i[5]);
      case 7 -> evaluate7(i[0], i[1], i[2], i[3], i[4], i[5], i[6]);
      default ->
          throw new IllegalArgumentException(
              "a hand is evaluated from 5, 6 or 7 cards, got " + i.length);
    };
  }

  public static int evaluate5(int a, int b, int c, int d, int e) {
    checkCards(5, a, b, c, d, e);
    return five(a, b, c, d, e);
  }

  public static int evaluate6(int a, int b, int c, int d, int e, int f) {
    checkCards(6, a, b, c, d, e, f);
    return best(new int[] {a, b, c, d, e, f});
  }

  public static int evaluate7(int a, int b, int c, int d, int e, int f, int g) {
    checkCards(7, a, b, c, d, e, f, g);
    return best(new int[] {a, b, c, d, e, f, g});
  }

  public static HandCategory category(int strength) {
    return HandValues.handClass(strength).category();
  }

  /** A player-facing name such as "full house, kings full of sevens". */
  public static String describe(int strength) {
    return HandValues.handClass(strength).describe();
  }

  private static int best(int[] cards) {
    int best = 0;
    int n = cards.length;
    for (int a = 0; a < n; a++)
      for (int b = a + 1; b < n; b++)
        for (int c = b + 1; c < n; c++)
          for (int d = c + 1; d < n; d++)
            for (int e = d + 1; e < n; e++)
              best = Math.max(best, five(cards[a], cards[b], cards[c], cards[d], cards[e]));
    return best;
  }

  private static int five(int a, int b, int c, int d, int e) {
    boolean flush =
        ((a ^ b) & 3) == 0 && ((a ^ c) & 3) == 0 && ((a ^ d) & 3) == 0 && ((a ^ e) & 3) == 0;
    return HandValues.strength(
        HandClass.ofFive(new int[] {a >> 2, b >> 2, c >> 2, d >> 2, e >> 2}, flush));
  }

  /** Rejects indices outside 0..51 and repeated cards, which would silently give a wrong value. */
  private static void checkCards(int n, int... cards) {
    long mask = 0;
    for (int c : cards) {
      if (c < 0 || c > 51) {
        throw new IllegalArgumentException("card index " + c + " is outside 0..51");
      }
      mask |= 1L << c;
    }
    if (Long.bitCount(mask) != n) {
      throw new IllegalArgumentException(
          "a card appears twice in " + java.util.Arrays.toString(cards));
    }
  }
}
