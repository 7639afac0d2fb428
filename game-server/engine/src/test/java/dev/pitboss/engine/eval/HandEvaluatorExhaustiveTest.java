package dev.pitboss.engine.eval;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The evaluator against the independent reference and against published hand counts. */
class HandEvaluatorExhaustiveTest {

  /** Five-card hands per category, HIGH_CARD first (standard combinatorics). */
  private static final long[] FIVE_CARD_COUNTS = {
    1_302_540, 1_098_240, 123_552, 54_912, 10_200, 5_108, 3_744, 624, 40
  };

  /** Distinct hand values per category; they sum to 7462. */
  private static final int[] DISTINCT_VALUES = {1277, 2860, 858, 858, 10, 1277, 156, 156, 10};

  /** Seven-card hands per best-five category, over all 133,784,560 seven-card hands. */
  private static final long[] SEVEN_CARD_COUNTS = {
    23_294_460, 58_627_800, 31_433_400, 6_461_620, 6_180_020, 4_047_644, 3_473_184, 224_848, 41_584
  };

  @Test
  void everyFiveCardHandIsRankedExactlyAsTheReferenceRanksIt() {
    var strengthOfKey = new TreeMap<Long, Integer>();
    long[] perCategory = new long[9];
    int[] hand = new int[5];
    for (hand[0] = 0; hand[0] < 52; hand[0]++)
      for (hand[1] = hand[0] + 1; hand[1] < 52; hand[1]++)
        for (hand[2] = hand[1] + 1; hand[2] < 52; hand[2]++)
          for (hand[3] = hand[2] + 1; hand[3] < 52; hand[3]++)
            for (hand[4] = hand[3] + 1; hand[4] < 52; hand[4]++) {
              int s = HandEvaluator.evaluate5(hand[0], hand[1], hand[2], hand[3], hand[4]);
              long key = ReferenceHand.key(hand);
              Integer before = strengthOfKey.putIfAbsent(key, s);
              if (before != null && before != s) {
                throw new AssertionError("equal hands, different strengths at " + hand[0]);
              }
              perCategory[HandEvaluator.category(s).ordinal()]++;
              assertThat(HandEvaluator.category(s).ordinal())
                  .isEqualTo(ReferenceHand.category(key));
            }
    assertThat(perCategory).containsExactly(FIVE_CARD_COUNTS);
    // 7462 classes, and the reference's order of them is exactly 1, 2, ..., 7462.
    assertThat(strengthOfKey).hasSize(7462);
    int expected = 1;
    int[] distinct = new int[9];
    for (int s : strengthOfKey.values()) {
      assertThat(s).isEqualTo(expected++);
      distinct[HandEvaluator.category(s).ordinal()]++;
    }
    assertThat(distinct).containsExactly(DISTINCT_VALUES);
  }

  @Test
  void randomSevenAndSixCardHandsPlayTheReferencesBestFive() {
    var rng = new SplittableRandom(20261122);
    int[] cards = new int[7];
    for (int round = 0; round < 3_000_000; round++) {
      deal(rng, cards);
      int s7 =
          HandEvaluator.evaluate7(
              cards[0], cards[1], cards[2], cards[3], cards[4], cards[5], cards[6]);
      int s6 = HandEvaluator.evaluate6(cards[0], cards[1], cards[2], cards[3], cards[4], cards[5]);
      assertThat(s7).isEqualTo(ReferenceOrder.best(cards, 7));
      assertThat(
              HandEvaluator.evaluate7Unchecked(
                  cards[0], cards[1], cards[2], cards[3], cards[4], cards[5], cards[6]))
          .isEqualTo(s7);
      assertThat(s6).isEqualTo(ReferenceOrder.best(cards, 6));
    }
  }

  @Test
  void allSevenCardHandsFallIntoThePublishedCategoryCounts() {
    long[] perCategory = new long[9];
    for (int a = 0; a < 52; a++)
      for (int b = a + 1; b < 52; b++)
        for (int c = b + 1; c < 52; c++)
          for (int d = c + 1; d < 52; d++)
            for (int e = d + 1; e < 52; e++)
              for (int f = e + 1; f < 52; f++)
                for (int g = f + 1; g < 52; g++) {
                  perCategory[categoryIndex(HandEvaluator.evaluate7(a, b, c, d, e, f, g))]++;
                }
    assertThat(perCategory).containsExactly(SEVEN_CARD_COUNTS);
  }

  /** Category from the dense strength, by the per-category value counts (cheaper than describe). */
  private static int categoryIndex(int strength) {
    int upper = 0;
    for (int c = 0; c < 9; c++) {
      upper += DISTINCT_VALUES[c];
      if (strength <= upper) return c;
    }
    throw new AssertionError("strength " + strength);
  }

  /**
   * The reference's strength of every five-card hand: its key's place among all 7462 distinct
   * reference keys, counting from 1. Indexed by the hand's combinatorial number so that the
   * reference best-of-five for millions of seven-card hands is table lookups.
   */
  private static final class ReferenceOrder {
    private static final int[][] CHOOSE = new int[52][6];
    static final int[] STRENGTH = new int[2_598_960];

    static {
      for (int n = 0; n < 52; n++) {
        CHOOSE[n][0] = 1;
        for (int k = 1; k <= 5; k++)
          CHOOSE[n][k] = n == 0 ? 0 : CHOOSE[n - 1][k - 1] + CHOOSE[n - 1][k];
      }
      long[] keys = new long[STRENGTH.length];
      int[] h = new int[5];
      for (h[4] = 0; h[4] < 52; h[4]++)
        for (h[3] = 0; h[3] < h[4]; h[3]++)
          for (h[2] = 0; h[2] < h[3]; h[2]++)
            for (h[1] = 0; h[1] < h[2]; h[1]++)
              for (h[0] = 0; h[0] < h[1]; h[0]++) keys[index(h)] = ReferenceHand.key(h);
      long[] distinct = java.util.Arrays.stream(keys).distinct().sorted().toArray();
      for (int i = 0; i < keys.length; i++) {
        STRENGTH[i] = java.util.Arrays.binarySearch(distinct, keys[i]) + 1;
      }
    }

    /** Combinatorial number of five distinct cards (any order). */
    static int index(int[] five) {
      int[] h = five.clone();
      java.util.Arrays.sort(h);
      int i = 0;
      for (int k = 0; k < 5; k++) i += CHOOSE[h[k]][k + 1];
      return i;
    }

    static int best(int[] cards, int n) {
      int best = 0;
      int[] five = new int[5];
      for (int skip = 0; skip < 1 << n; skip++) {
        if (Integer.bitCount(skip) != n - 5) continue;
        int k = 0;
        for (int i = 0; i < n; i++) if ((skip >> i & 1) == 0) five[k++] = cards[i];
        best = Math.max(best, STRENGTH[index(five)]);
      }
      return best;
    }
  }

  static void deal(SplittableRandom rng, int[] cards) {
    long used = 0;
    for (int i = 0; i < cards.length; i++) {
      int c;
      do c = rng.nextInt(52);
      while ((used >>> c & 1) != 0);
      used |= 1L << c;
      cards[i] = c;
    }
  }
}
