package dev.pitboss.engine.eval;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The evaluator's lookup tables, built once at class load (about 228 KB in all, so they stay in the
 * L2 cache; no 100 MB tables).
 *
 * <p>Each card has a 64-bit key: its rank's key in the upper half and a 4-bit suit counter in the
 * lower half. Summing the keys of 5, 6 or 7 cards gives
 *
 * <ul>
 *   <li>four suit counters (offset by 3, so a counter reaches 8, its top bit, at five cards: a
 *       flush), and
 *   <li>a rank sum that is unique for every multiset of up to seven ranks with at most four alike.
 *       The {@link #RANK_KEYS} were found by a greedy search (each the smallest value above the
 *       previous one that keeps all sums distinct); the largest sum is 18,393,157.
 * </ul>
 *
 * A rank sum maps to a table slot by a displacement perfect hash: the sum's low 14 bits pick a row,
 * the bits above are the column, and each row has an offset chosen so that its columns land in free
 * slots; the 73,775 sums of 5 to 7 cards fill exactly 73,775 slots. That is a mask, a shift, two
 * loads and an add per hand. A flush is rare (3% of seven-card hands) and takes the slow branch:
 * the suited cards' rank bits index a table of 8192 flush values. The flush value alone is right:
 * five suited cards leave at most two others, too few for a full house or four of a kind.
 */
final class Tables {

  static final int[] RANK_KEYS = {
    1, 5, 24, 112, 521, 2247, 9244, 30823, 103066, 250154, 667453, 1526359, 3453520
  };

  /** Suit counters start at 3 so that the top bit of a counter means five or more cards. */
  static final long SUIT_BIAS = 0x3333L;

  static final long FLUSH_BITS = 0x8888L;

  /** The largest rank sum: four aces, three kings. */
  static final int MAX_SUM = 4 * 3453520 + 3 * 1526359;

  /** A rank sum's row is its low {@code ROW_BITS} bits, its column the bits above. */
  static final int ROW_BITS = 14;

  static final int ROW_MASK = (1 << ROW_BITS) - 1;

  /** Card index to key: rank key in the high 32 bits, one in the card's suit counter. */
  static final long[] CARD_KEYS = new long[52];

  /** Row of a rank sum to the slot of the row's column 0 in {@link #RANK_VALUES}. */
  static final int[] ROW_OFFSETS;

  /** Strength of the best unsuited hand for each rank multiset of 5 to 7 cards. */
  static final char[] RANK_VALUES;

  /** Strength of the best flush (or straight flush) for each 13-bit rank set of 5 to 7 cards. */
  static final char[] FLUSH_VALUES = new char[1 << 13];

  static {
    for (int c = 0; c < 52; c++) {
      CARD_KEYS[c] = ((long) RANK_KEYS[c >> 2] << 32) | (1L << (4 * (c & 3)));
    }
    for (int mask = 0; mask < 1 << 13; mask++) {
      int n = Integer.bitCount(mask);
      if (n >= 5 && n <= 7) FLUSH_VALUES[mask] = (char) bestFlush(mask);
    }
    var sums = new ArrayList<int[]>(); // {rank sum, strength}
    multisets(new int[13], 0, 0, sums, new HashMap<>());
    ROW_OFFSETS = new int[1 << ROW_BITS];
    RANK_VALUES = place(sums);
  }

  private Tables() {}

  /** Visits every rank multiset of up to seven cards; records those of five or more. */
  private static void multisets(
      int[] count, int rank, int cards, List<int[]> out, Map<Integer, Integer> fives) {
    if (rank == 13) {
      if (cards >= 5) out.add(new int[] {rankSum(count), bestUnsuited(count, fives)});
      return;
    }
    for (int c = 0; c <= 4 && cards + c <= 7; c++) {
      count[rank] = c;
      multisets(count, rank + 1, cards + c, out, fives);
    }
    count[rank] = 0;
  }

  /**
   * First-fit displacement, rows with the most sums first: each row gets the smallest offset at
   * which its sums' slots are all free. With 2^14 rows this packs the 73,775 sums into exactly
   * 73,775 slots. Fills {@link #ROW_OFFSETS}, returns the value table.
   */
  private static char[] place(List<int[]> sums) {
    int rows = ROW_OFFSETS.length;
    int[] count = new int[rows];
    for (int[] s : sums) count[s[0] & (rows - 1)]++;
    int[][] columns = new int[rows][];
    for (int r = 0; r < rows; r++) columns[r] = new int[count[r]];
    int[] filled = new int[rows];
    for (int[] s : sums) {
      int row = s[0] & (rows - 1);
      columns[row][filled[row]++] = s[0] >>> ROW_BITS;
    }
    Integer[] order = new Integer[rows];
    for (int r = 0; r < rows; r++) order[r] = r;
    Arrays.sort(order, (x, y) -> count[y] - count[x]);
    boolean[] used = new boolean[2 * sums.size() + (MAX_SUM >>> ROW_BITS) + 2];
    // nextFree[i] leads (with path halving) to the lowest free slot at or above i.
    int[] nextFree = new int[used.length];
    for (int i = 0; i < used.length; i++) nextFree[i] = i;
    int size = 0;
    for (int row : order) {
      int[] cols = columns[row];
      if (cols.length == 0) break;
      Arrays.sort(cols);
      // Only bases that put the lowest column on a free slot can fit; visit just those.
      int slot = free(nextFree, cols[0]);
      while (!fits(cols, slot - cols[0], used)) slot = free(nextFree, slot + 1);
      int base = slot - cols[0];
      for (int c : cols) {
        used[base + c] = true;
        nextFree[base + c] = base + c + 1;
        size = Math.max(size, base + c + 1);
      }
      ROW_OFFSETS[row] = base;
    }
    char[] values = new char[size];
    for (int[] s : sums) {
      // Strengths start at 1, so a filled slot means two multisets share a sum: bad rank keys.
      if (values[slot(s[0])] != 0) throw new IllegalStateException("rank sum collision " + s[0]);
      values[slot(s[0])] = (char) s[1];
    }
    return values;
  }

  /** The value-table slot of a rank sum. */
  static int slot(int rankSum) {
    return ROW_OFFSETS[rankSum & ROW_MASK] + (rankSum >>> ROW_BITS);
  }

  private static int free(int[] nextFree, int i) {
    while (nextFree[i] != i) {
      nextFree[i] = nextFree[nextFree[i]];
      i = nextFree[i];
    }
    return i;
  }

  private static boolean fits(int[] cols, int base, boolean[] used) {
    for (int c : cols) {
      if (used[base + c]) return false;
    }
    return true;
  }

  private static int rankSum(int[] count) {
    int sum = 0;
    for (int r = 0; r < 13; r++) sum += count[r] * RANK_KEYS[r];
    return sum;
  }

  /**
   * The best five of a rank multiset played without a flush, by trying every five. {@code fives}
   * caches five-card values by rank sum, so each of the 6175 is classified only once.
   */
  private static int bestUnsuited(int[] count, Map<Integer, Integer> fives) {
    int[] ranks = new int[7];
    int n = 0;
    for (int r = 0; r < 13; r++) for (int c = 0; c < count[r]; c++) ranks[n++] = r;
    return bestOfFives(ranks, n, fives);
  }

  private static int bestFlush(int mask) {
    int[] ranks = new int[7];
    int n = 0;
    for (int r = 0; r < 13; r++) if ((mask >> r & 1) != 0) ranks[n++] = r;
    return bestOfFives(ranks, n, null);
  }

  /** Best of every five among n ranks: as flushes when {@code fives} is null, else unsuited. */
  private static int bestOfFives(int[] ranks, int n, Map<Integer, Integer> fives) {
    int best = 0;
    int[] five = new int[5];
    for (int skip = 0; skip < 1 << n; skip++) {
      if (Integer.bitCount(skip) != n - 5) continue;
      int k = 0;
      int sum = 0;
      for (int i = 0; i < n; i++) {
        if ((skip >> i & 1) == 0) {
          five[k++] = ranks[i];
          sum += RANK_KEYS[ranks[i]];
        }
      }
      int value =
          fives == null
              ? HandValues.strength(HandClass.ofFive(five, true))
              : fives.computeIfAbsent(sum, x -> HandValues.strength(HandClass.ofFive(five, false)));
      best = Math.max(best, value);
    }
    return best;
  }
}
