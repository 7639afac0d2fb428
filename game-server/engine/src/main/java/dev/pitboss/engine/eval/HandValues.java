package dev.pitboss.engine.eval;

import java.util.Arrays;
import java.util.TreeSet;

/**
 * Numbers the 7462 distinct five-card hand values 1 (seven-high) to 7462 (royal flush). A strength
 * is this number, so strengths are dense, compare directly and fit in 13 bits, which keeps the
 * evaluator's tables small.
 */
final class HandValues {

  static final int COUNT = 7462;

  /** The hand class of every strength: {@code CODES[s - 1]} for strength s, ascending. */
  private static final int[] CODES = enumerate();

  private HandValues() {}

  /**
   * Every rank multiset of five cards (at most four of a rank) as an unsuited hand, plus every set
   * of five distinct ranks as a flush: 6175 + 1287 = 7462 values.
   */
  private static int[] enumerate() {
    var codes = new TreeSet<Integer>();
    int[] r = new int[5];
    for (r[0] = 0; r[0] < 13; r[0]++)
      for (r[1] = r[0]; r[1] < 13; r[1]++)
        for (r[2] = r[1]; r[2] < 13; r[2]++)
          for (r[3] = r[2]; r[3] < 13; r[3]++)
            for (r[4] = r[3]; r[4] < 13; r[4]++) {
              if (r[0] == r[4]) continue; // five of a kind does not exist
              codes.add(HandClass.ofFive(r, false).code());
              boolean distinct = r[0] < r[1] && r[1] < r[2] && r[2] < r[3] && r[3] < r[4];
              if (distinct) codes.add(HandClass.ofFive(r, true).code());
            }
    int[] sorted = codes.stream().mapToInt(Integer::intValue).toArray();
    if (sorted.length != COUNT) {
      throw new IllegalStateException("expected 7462 hand values, built " + sorted.length);
    }
    return sorted;
  }

  static int strength(HandClass hand) {
    int i = Arrays.binarySearch(CODES, hand.code());
    if (i < 0) throw new IllegalStateException("not a five-card hand value: " + hand);
    return i + 1;
  }

  static HandClass handClass(int strength) {
    if (strength < 1 || strength > COUNT) {
      throw new IllegalArgumentException("hand strength " + strength + " is outside 1.." + COUNT);
    }
    return new HandClass(CODES[strength - 1]);
  }
}
