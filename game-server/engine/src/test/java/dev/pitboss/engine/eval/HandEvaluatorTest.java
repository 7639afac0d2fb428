package dev.pitboss.engine.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pitboss.engine.cards.Card;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class HandEvaluatorTest {

  static int eval(String cards) {
    return HandEvaluator.evaluate(Arrays.stream(cards.split(" ")).map(Card::parse).toList());
  }

  @Test
  void strengthsSpanOneToSevenThousandFourHundredSixtyTwo() {
    assertThat(eval("7c 5d 4h 3s 2c")).isEqualTo(1);
    assertThat(eval("As Ks Qs Js Ts")).isEqualTo(7462);
    assertThat(HandEvaluator.describe(7462)).isEqualTo("royal flush");
    assertThat(HandEvaluator.describe(1)).isEqualTo("seven high, five-four-three-two");
  }

  @Test
  void theWheelIsTheLowestStraightAndTheSteelWheelTheLowestStraightFlush() {
    int wheel = eval("Ac 2d 3h 4s 5c");
    int sixHigh = eval("2d 3h 4s 5c 6c");
    int aceHigh = eval("Ac Kc Qc Jc 2d 3h 4s");
    assertThat(HandEvaluator.category(wheel)).isEqualTo(HandCategory.STRAIGHT);
    assertThat(HandEvaluator.describe(wheel)).isEqualTo("straight, five high");
    assertThat(wheel).isLessThan(sixHigh);
    assertThat(HandEvaluator.category(aceHigh)).isEqualTo(HandCategory.HIGH_CARD);

    int steelWheel = eval("Ah 2h 3h 4h 5h");
    assertThat(HandEvaluator.describe(steelWheel)).isEqualTo("straight flush, five high");
    assertThat(steelWheel).isLessThan(eval("2h 3h 4h 5h 6h")).isGreaterThan(eval("As Ah Ad Ac Kh"));
  }

  @Test
  void kickersDecideWithinACategory() {
    assertThat(eval("Ah Ad Kc 9s 7d")).isGreaterThan(eval("Ah Ad Kc 9s 6d"));
    assertThat(eval("Ah Ad Kc 9s 7d")).isLessThan(eval("Ah Ad Kc Ts 2d"));
    assertThat(eval("Kh Kd 7c 7s Ad")).isGreaterThan(eval("Kh Kd 7c 7s Qd"));
    assertThat(eval("Kh Kd 8c 8s 2d")).isGreaterThan(eval("Kh Kd 7c 7s Ad"));
    assertThat(eval("9h 9d 9c As 2d")).isGreaterThan(eval("9h 9d 9c Ks Qd"));
    assertThat(eval("9h 9d 9c 9s 2d")).isLessThan(eval("9h 9d 9c 9s 3d"));
    // Two full houses: the trips decide before the pair.
    assertThat(eval("3h 3d 3c 2s 2d")).isGreaterThan(eval("2h 2d 2c As Ad"));
  }

  @Test
  void sevenCardsPlayTheBestFive() {
    int s = eval("Kh Kd Kc 7s 7d 7c 2h");
    assertThat(HandEvaluator.describe(s)).isEqualTo("full house, kings full of sevens");
    // Three pairs: the third pair only counts as a kicker.
    assertThat(eval("Ah Ad Kc Ks Qd Qc 2h")).isEqualTo(eval("Ah Ad Kc Ks Qd"));
    // A flush and a straight on seven cards: the flush wins.
    assertThat(HandEvaluator.category(eval("9h 8h 7h 6d 5c 2h Kh"))).isEqualTo(HandCategory.FLUSH);
    // The board plays: both players tie.
    assertThat(eval("2c 3d As Ks Qs Js Ts")).isEqualTo(eval("4c 4d As Ks Qs Js Ts"));
  }

  @Test
  void describesEachCategory() {
    assertThat(HandEvaluator.describe(eval("Ah Ad Kc 9s 7d")))
        .isEqualTo("pair of aces, king-nine-seven kickers");
    assertThat(HandEvaluator.describe(eval("Ah Ad Kc Ks 7d")))
        .isEqualTo("two pair, aces and kings, seven kicker");
    assertThat(HandEvaluator.describe(eval("6h 6d 6c As 7d")))
        .isEqualTo("three of a kind, sixes, ace-seven kickers");
    assertThat(HandEvaluator.describe(eval("Ah 9h 7h 4h 2h")))
        .isEqualTo("flush, ace-nine-seven-four-two");
    assertThat(HandEvaluator.describe(eval("Qh Qd Qc Qs 3d")))
        .isEqualTo("four of a kind, queens, three kicker");
  }

  @Test
  void theUncheckedPathAssertsDistinctCards() {
    assertThat(HandEvaluatorTest.class.desiredAssertionStatus()).as("tests run with -ea").isTrue();
    assertThatThrownBy(() -> HandEvaluator.evaluate7Unchecked(9, 1, 2, 3, 4, 5, 9))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("appears twice");
  }

  @Test
  void badInputIsRejectedWithTheReason() {
    assertThatThrownBy(() -> HandEvaluator.evaluate7(0, 1, 2, 3, 4, 5, 52))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("outside 0..51");
    assertThatThrownBy(() -> HandEvaluator.evaluate7(0, 1, 2, 3, 4, 5, -1))
        .hasMessageContaining("outside 0..51");
    assertThatThrownBy(() -> HandEvaluator.evaluate7(0, 1, 2, 3, 4, 5, 64))
        .hasMessageContaining("outside 0..51");
    assertThatThrownBy(() -> HandEvaluator.evaluate7(9, 1, 2, 3, 4, 5, 9))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("appears twice");
    assertThatThrownBy(() -> HandEvaluator.evaluate5(0, 1, 2, 3, 3))
        .hasMessageContaining("appears twice");
    assertThatThrownBy(() -> HandEvaluator.evaluate6(7, 1, 2, 3, 4, 7))
        .hasMessageContaining("appears twice");
    assertThatThrownBy(() -> HandEvaluator.evaluate(List.of(Card.of(0), Card.of(1))))
        .hasMessageContaining("5, 6 or 7 cards, got 2");
    assertThatThrownBy(() -> HandEvaluator.evaluate7Unchecked(0, 1, 2, 3, 4, 5, 52))
        .isInstanceOf(ArrayIndexOutOfBoundsException.class);
    assertThatThrownBy(() -> HandEvaluator.category(0)).hasMessageContaining("outside 1..7462");
    assertThatThrownBy(() -> HandEvaluator.describe(7463)).hasMessageContaining("outside 1..7462");
  }
}
