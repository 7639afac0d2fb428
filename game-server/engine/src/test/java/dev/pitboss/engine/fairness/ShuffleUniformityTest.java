package dev.pitboss.engine.fairness;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * A million shuffles through the production shuffle code, tested for two things a player would
 * notice: where each card lands (52 chi-square tests, one per card over its 52 positions, 51
 * degrees of freedom) and which card follows which (52 tests, one per card over the 51 cards that
 * can follow it, 50 degrees of freedom). Within one test every shuffle contributes one observation,
 * so each is an exact multinomial.
 *
 * <p>Threshold: the 104 tests share an overall false-alarm rate of 1e-6 (Bonferroni), so a test
 * fails when its p-value is below 1e-6 / 104 ≈ 9.6e-9; a correct shuffler fails this test about
 * once in a million runs. Negative controls show the same statistics reject two classic broken
 * shuffles by a wide margin.
 */
class ShuffleUniformityTest {

  static final double OVERALL_FALSE_ALARM = 1e-6;
  static final int TESTS = 52 + 52;
  static final double THRESHOLD = OVERALL_FALSE_ALARM / TESTS;

  @Test
  void aMillionShufflesPlaceAndPairEveryCardUniformly() {
    // The production shuffle; a longer reseed interval only saves entropy reads, the code is the
    // same.
    var shuffler = new Shuffler(100_000);
    var result = run(shuffler::shuffleIndices, 1_000_000);
    assertThat(result.smallestP())
        .as("smallest p-value of %d tests (%s)", TESTS, result)
        .isGreaterThan(THRESHOLD);
  }

  @Test
  void theNaiveSwapWithAnyPositionShuffleIsCaught() {
    var random = new SecureRandom();
    Supplier<int[]> naive =
        () -> {
          var draw = new UniformDraw(random);
          int[] deck = identity();
          for (int i = 0; i < 52; i++) swap(deck, i, draw.below(52));
          return deck;
        };
    assertThat(run(naive, 200_000).smallestP()).isLessThan(THRESHOLD);
  }

  @Test
  void aModuloBiasedFisherYatesIsCaught() {
    var random = new SecureRandom();
    Supplier<int[]> moduloBiased =
        () -> {
          byte[] bytes = new byte[51];
          random.nextBytes(bytes);
          int[] deck = identity();
          for (int i = 51; i > 0; i--) swap(deck, i, (bytes[51 - i] & 0xFF) % (i + 1));
          return deck;
        };
    assertThat(run(moduloBiased, 200_000).smallestP()).isLessThan(THRESHOLD);
  }

  record Result(double smallestP, String where) {
    @Override
    public String toString() {
      return "smallest p " + smallestP + " at " + where;
    }
  }

  static Result run(Supplier<int[]> shuffle, int shuffles) {
    long[][] position = new long[52][52]; // [card][position]
    long[][] next = new long[52][52]; // [card][card right after it]
    for (int n = 0; n < shuffles; n++) {
      int[] deck = shuffle.get();
      for (int p = 0; p < 52; p++) {
        position[deck[p]][p]++;
        if (p < 51) next[deck[p]][deck[p + 1]]++;
      }
    }
    double smallest = 1;
    String where = "";
    for (int card = 0; card < 52; card++) {
      double p = ChiSquare.pValue(ChiSquare.statistic(position[card]), 51);
      if (p < smallest) {
        smallest = p;
        where = "position of card " + card;
      }
      long[] followers = new long[51];
      for (int other = 0, k = 0; other < 52; other++) {
        if (other != card) followers[k++] = next[card][other];
      }
      p = ChiSquare.pValue(ChiSquare.statistic(followers), 50);
      if (p < smallest) {
        smallest = p;
        where = "cards following card " + card;
      }
    }
    return new Result(smallest, where);
  }

  private static int[] identity() {
    int[] deck = new int[52];
    for (int i = 0; i < 52; i++) deck[i] = i;
    return deck;
  }

  private static void swap(int[] deck, int i, int j) {
    int t = deck[i];
    deck[i] = deck[j];
    deck[j] = t;
  }
}
