package dev.pitboss.engine.eval;

import java.util.Arrays;

/**
 * An independent textbook ranking of exactly five cards, written without the evaluator's code: a
 * sortable key of category then tie-break ranks, each rank 2..14 in a 4-bit digit. Slow and obvious
 * on purpose; the evaluator must order every hand exactly as this does.
 */
final class ReferenceHand {

  private ReferenceHand() {}

  static long key(int[] cards) {
    int[] ranks = new int[5];
    boolean flush = true;
    for (int i = 0; i < 5; i++) {
      ranks[i] = cards[i] / 4 + 2; // deuce = 2 .. ace = 14
      flush &= cards[i] % 4 == cards[0] % 4;
    }
    Arrays.sort(ranks);
    int[] desc = {ranks[4], ranks[3], ranks[2], ranks[1], ranks[0]};
    boolean distinct =
        desc[0] != desc[1] && desc[1] != desc[2] && desc[2] != desc[3] && desc[3] != desc[4];
    boolean wheel = distinct && desc[0] == 14 && desc[1] == 5 && desc[4] == 2;
    boolean straight = distinct && (desc[0] - desc[4] == 4 || wheel);
    int high = wheel ? 5 : desc[0];
    if (straight && flush) return pack(8, high);
    if (flush) return pack(5, desc);
    if (straight) return pack(4, high);

    // Groups of equal rank, biggest group first, then higher rank first.
    int[][] groups = new int[5][]; // {size, rank}
    int g = 0;
    for (int i = 0; i < 5; ) {
      int j = i;
      while (j < 5 && desc[j] == desc[i]) j++;
      groups[g++] = new int[] {j - i, desc[i]};
      i = j;
    }
    int[][] sorted = Arrays.copyOf(groups, g);
    Arrays.sort(sorted, (x, y) -> x[0] != y[0] ? y[0] - x[0] : y[1] - x[1]);
    int[] order = new int[g];
    for (int i = 0; i < g; i++) order[i] = sorted[i][1];
    int category;
    if (sorted[0][0] == 4) category = 7;
    else if (sorted[0][0] == 3 && sorted[1][0] == 2) category = 6;
    else if (sorted[0][0] == 3) category = 3;
    else if (sorted[0][0] == 2 && sorted[1][0] == 2) category = 2;
    else if (sorted[0][0] == 2) category = 1;
    else category = 0;
    return pack(category, order);
  }

  static int category(long key) {
    return (int) (key >>> 20);
  }

  private static long pack(int category, int... ranks) {
    long key = category;
    for (int i = 0; i < 5; i++) key = key << 4 | (i < ranks.length ? ranks[i] : 0);
    return key;
  }
}
