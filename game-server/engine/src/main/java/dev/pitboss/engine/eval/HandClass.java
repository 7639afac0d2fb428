package dev.pitboss.engine.eval;

/**
 * One of the 7462 distinct five-card hand values, in a form that sorts by hand strength: the
 * category in bits 20..23, then up to five ranks (0 = deuce .. 12 = ace) by significance, four bits
 * each from bit 16 down. For example a full house kings over sevens is {@code FULL_HOUSE, K, 7}.
 * Used to build the lookup tables and to describe a strength; never on the hot path.
 */
record HandClass(int code) {

  static HandClass of(HandCategory category, int... ranks) {
    int code = category.ordinal() << 20;
    for (int i = 0; i < ranks.length; i++) {
      code |= ranks[i] << (16 - 4 * i);
    }
    return new HandClass(code);
  }

  /**
   * The value of five cards given by rank (0..12, any order, at most four alike) and whether they
   * share a suit. Straightforward rules: group ranks by multiplicity, then look for straights.
   */
  static HandClass ofFive(int[] ranks, boolean flush) {
    int[] count = new int[13];
    for (int r : ranks) count[r]++;
    // Ranks ordered by (multiplicity, rank), most significant first.
    int[] order = new int[5];
    int n = 0;
    for (int m = 4; m >= 1; m--) {
      for (int r = 12; r >= 0; r--) {
        if (count[r] == m) order[n++] = r;
      }
    }
    int[] groups = java.util.Arrays.copyOf(order, n);
    if (n == 5) {
      int straightTop = straightTop(order);
      if (straightTop >= 0) {
        return of(flush ? HandCategory.STRAIGHT_FLUSH : HandCategory.STRAIGHT, straightTop);
      }
      return of(flush ? HandCategory.FLUSH : HandCategory.HIGH_CARD, groups);
    }
    int top = count[order[0]];
    int second = count[order[1]];
    HandCategory category =
        switch (top) {
          case 4 -> HandCategory.FOUR_OF_A_KIND;
          case 3 -> second == 2 ? HandCategory.FULL_HOUSE : HandCategory.THREE_OF_A_KIND;
          default -> second == 2 ? HandCategory.TWO_PAIR : HandCategory.PAIR;
        };
    return of(category, groups);
  }

  /** The top rank of a straight among five distinct ranks sorted descending, or -1. */
  private static int straightTop(int[] desc) {
    if (desc[0] - desc[4] == 4) return desc[0];
    // The wheel: the ace plays low, so the straight is five-high.
    if (desc[0] == 12 && desc[1] == 3 && desc[4] == 0) return 3;
    return -1;
  }

  HandCategory category() {
    return HandCategory.values()[code >>> 20];
  }

  int rank(int i) {
    return (code >>> (16 - 4 * i)) & 0xF;
  }

  private static final String[] ONE = {
    "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "jack", "queen", "king",
    "ace"
  };
  private static final String[] MANY = {
    "twos", "threes", "fours", "fives", "sixes", "sevens", "eights", "nines", "tens", "jacks",
    "queens", "kings", "aces"
  };

  String describe() {
    return switch (category()) {
      case HIGH_CARD -> ONE[rank(0)] + " high, " + kickers(1, 5);
      case PAIR -> "pair of " + MANY[rank(0)] + ", " + kickers(1, 4) + " kickers";
      case TWO_PAIR ->
          "two pair, " + MANY[rank(0)] + " and " + MANY[rank(1)] + ", " + ONE[rank(2)] + " kicker";
      case THREE_OF_A_KIND ->
          "three of a kind, " + MANY[rank(0)] + ", " + kickers(1, 3) + " kickers";
      case STRAIGHT -> "straight, " + ONE[rank(0)] + " high";
      case FLUSH -> "flush, " + kickers(0, 5);
      case FULL_HOUSE -> "full house, " + MANY[rank(0)] + " full of " + MANY[rank(1)];
      case FOUR_OF_A_KIND -> "four of a kind, " + MANY[rank(0)] + ", " + ONE[rank(1)] + " kicker";
      case STRAIGHT_FLUSH ->
          rank(0) == 12 ? "royal flush" : "straight flush, " + ONE[rank(0)] + " high";
    };
  }

  private String kickers(int from, int to) {
    var names = new java.util.ArrayList<String>();
    for (int i = from; i < to; i++) names.add(ONE[rank(i)]);
    return String.join("-", names);
  }
}
