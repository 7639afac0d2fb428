package dev.pitboss.engine.eval;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pitboss.engine.cards.Card;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class HandEvaluatorPropertiesTest {

  @Provide
  Arbitrary<List<Integer>> sevenCards() {
    return Arbitraries.integers().between(0, 51).list().ofSize(7).uniqueElements();
  }

  @Property(tries = 5000)
  void sevenCardsScoreTheBestOfTheirTwentyOneFives(@ForAll("sevenCards") List<Integer> c) {
    int best = 0;
    for (int skipA = 0; skipA < 7; skipA++)
      for (int skipB = skipA + 1; skipB < 7; skipB++) {
        int[] five = new int[5];
        int k = 0;
        for (int i = 0; i < 7; i++) if (i != skipA && i != skipB) five[k++] = c.get(i);
        best = Math.max(best, HandEvaluator.evaluate5(five[0], five[1], five[2], five[3], five[4]));
      }
    assertThat(eval7(c)).isEqualTo(best);
  }

  @Property(tries = 5000)
  void sixCardsScoreTheBestOfTheirSixFives(@ForAll("sevenCards") List<Integer> c) {
    int best = 0;
    for (int skip = 0; skip < 6; skip++) {
      int[] five = new int[5];
      int k = 0;
      for (int i = 0; i < 6; i++) if (i != skip) five[k++] = c.get(i);
      best = Math.max(best, HandEvaluator.evaluate5(five[0], five[1], five[2], five[3], five[4]));
    }
    assertThat(HandEvaluator.evaluate6(c.get(0), c.get(1), c.get(2), c.get(3), c.get(4), c.get(5)))
        .isEqualTo(best);
  }

  @Property(tries = 2000)
  void theOrderOfTheCardsDoesNotMatter(@ForAll("sevenCards") List<Integer> c, @ForAll long seed) {
    var shuffled = new ArrayList<>(c);
    Collections.shuffle(shuffled, new Random(seed));
    assertThat(eval7(shuffled)).isEqualTo(eval7(c));
    var hand = shuffled.stream().map(Card::of).toList();
    assertThat(HandEvaluator.evaluate(hand)).isEqualTo(eval7(c));
    assertThat(HandEvaluator.evaluate(hand.subList(0, 5)))
        .isEqualTo(
            HandEvaluator.evaluate5(
                shuffled.get(0),
                shuffled.get(1),
                shuffled.get(2),
                shuffled.get(3),
                shuffled.get(4)));
  }

  @Property(tries = 2000)
  void addingACardNeverWeakensTheHand(@ForAll("sevenCards") List<Integer> c) {
    int five = HandEvaluator.evaluate5(c.get(0), c.get(1), c.get(2), c.get(3), c.get(4));
    int six = HandEvaluator.evaluate6(c.get(0), c.get(1), c.get(2), c.get(3), c.get(4), c.get(5));
    assertThat(six).isGreaterThanOrEqualTo(five);
    assertThat(eval7(c)).isGreaterThanOrEqualTo(six);
  }

  @Property(tries = 2000)
  void theUncheckedPathAgreesWithTheCheckedOne(@ForAll("sevenCards") List<Integer> c) {
    assertThat(
            HandEvaluator.evaluate7Unchecked(
                c.get(0), c.get(1), c.get(2), c.get(3), c.get(4), c.get(5), c.get(6)))
        .isEqualTo(eval7(c));
  }

  private static int eval7(List<Integer> c) {
    return HandEvaluator.evaluate7(
        c.get(0), c.get(1), c.get(2), c.get(3), c.get(4), c.get(5), c.get(6));
  }
}
