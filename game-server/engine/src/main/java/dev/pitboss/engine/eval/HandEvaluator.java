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
    if (invalid(5, a | b | c | d | e, bit(a) | bit(b) | bit(c) | bit(d) | bit(e))) {
      throw badCards(a, b, c, d, e);
    }
    long key = SUIT_BIAS + KEYS[a] + KEYS[b] + KEYS[c] + KEYS[d] + KEYS[e];
    if ((key & FLUSH_BITS) != 0) {
      int suit = flushSuit(key);
      return FLUSHES[
          suited(a, suit) | suited(b, suit) | suited(c, suit) | suited(d, suit) | suited(e, suit)];
    }
    return unsuited(key);
  }

  public static int evaluate6(int a, int b, int c, int d, int e, int f) {
    if (invalid(6, a | b | c | d | e | f, bit(a) | bit(b) | bit(c) | bit(d) | bit(e) | bit(f))) {
      throw badCards(a, b, c, d, e, f);
    }
    long key = SUIT_BIAS + KEYS[a] + KEYS[b] + KEYS[c] + KEYS[d] + KEYS[e] + KEYS[f];
    if ((key & FLUSH_BITS) != 0) {
      int suit = flushSuit(key);
      return FLUSHES[
          suited(a, suit)
              | suited(b, suit)
              | suited(c, suit)
              | suited(d, suit)
              | suited(e, suit)
              | suited(f, suit)];
    }
    return unsuited(key);
  }

  /**
   * Strength of the best five of seven cards, checked: an index outside 0..51 or a repeated card is
   * an {@link IllegalArgumentException}. The range check is the array bounds check the lookup makes
   * anyway; the repeat check (seven bits and a popcount) costs about a third of the throughput.
   */
  public static int evaluate7(int a, int b, int c, int d, int e, int f, int g) {
    long key;
    try {
      key = key7(a, b, c, d, e, f, g);
    } catch (ArrayIndexOutOfBoundsException outside) {
      throw badCards(a, b, c, d, e, f, g);
    }
    if (Long.bitCount(bit(a) | bit(b) | bit(c) | bit(d) | bit(e) | bit(f) | bit(g)) != 7) {
      throw badCards(a, b, c, d, e, f, g);
    }
    return strength7(key, a, b, c, d, e, f, g);
  }

  /**
   * The showdown's hot path: no allocation, no loop, one table load unless the hand holds a flush.
   * For seven cards already known to be distinct, as a {@link dev.pitboss.engine.cards.Deck}'s are
   * (it refuses a repeated card when built). A repeated card is not detected here unless assertions
   * are on (they are in every test); an index outside 0..51 throws {@link
   * ArrayIndexOutOfBoundsException}.
   */
  public static int evaluate7Unchecked(int a, int b, int c, int d, int e, int f, int g) {
    assert distinct(a, b, c, d, e, f, g);
    return strength7(key7(a, b, c, d, e, f, g), a, b, c, d, e, f, g);
  }

  private static long key7(int a, int b, int c, int d, int e, int f, int g) {
    return SUIT_BIAS + KEYS[a] + KEYS[b] + KEYS[c] + KEYS[d] + KEYS[e] + KEYS[f] + KEYS[g];
  }

  private static int strength7(long key, int a, int b, int c, int d, int e, int f, int g) {
    if ((key & FLUSH_BITS) != 0) {
      int suit = flushSuit(key);
      return FLUSHES[
          suited(a, suit)
              | suited(b, suit)
              | suited(c, suit)
              | suited(d, suit)
              | suited(e, suit)
              | suited(f, suit)
              | suited(g, suit)];
    }
    return unsuited(key);
  }

  public static HandCategory category(int strength) {
    return HandValues.handClass(strength).category();
  }

  /** A player-facing name such as "full house, kings full of sevens". */
  public static String describe(int strength) {
    return HandValues.handClass(strength).describe();
  }

  private static final long[] KEYS = Tables.CARD_KEYS;
  private static final char[] FLUSHES = Tables.FLUSH_VALUES;
  private static final char[] RANKS = Tables.RANK_VALUES;
  private static final int[] ROWS = Tables.ROW_OFFSETS;
  private static final long SUIT_BIAS = Tables.SUIT_BIAS;
  private static final long FLUSH_BITS = Tables.FLUSH_BITS;

  private static int unsuited(long key) {
    int sum = (int) (key >>> 32);
    return RANKS[ROWS[sum & Tables.ROW_MASK] + (sum >>> Tables.ROW_BITS)];
  }

  /** The suit with five or more cards (there is at most one among seven cards). */
  private static int flushSuit(long key) {
    return Long.numberOfTrailingZeros(key & FLUSH_BITS) >>> 2;
  }

  /** The card's rank bit if it has the given suit, else 0. */
  private static int suited(int card, int suit) {
    return (card & 3) == suit ? 1 << (card >>> 2) : 0;
  }

  private static long bit(int card) {
    return 1L << card;
  }

  /**
   * Whether the cards include an index outside 0..51 or a repeated card, which would otherwise give
   * a wrong value or an index error. For five and six cards; the caller passes the OR of the
   * indices and of their bits, so the common case is one predictable branch.
   */
  private static boolean invalid(int n, int orOfIndices, long bits) {
    return (orOfIndices & ~63) != 0 || (bits >>> 52) != 0 || Long.bitCount(bits) != n;
  }

  /** For assertions: throws the checked path's exception, so a test sees the same message. */
  private static boolean distinct(int... cards) {
    long bits = 0;
    for (int c : cards) bits |= bit(c);
    if (Long.bitCount(bits) != cards.length) throw badCards(cards);
    return true;
  }

  private static IllegalArgumentException badCards(int... cards) {
    for (int c : cards) {
      if (c < 0 || c > 51) {
        return new IllegalArgumentException("card index " + c + " is outside 0..51");
      }
    }
    return new IllegalArgumentException(
        "a card appears twice in " + java.util.Arrays.toString(cards));
  }
}
