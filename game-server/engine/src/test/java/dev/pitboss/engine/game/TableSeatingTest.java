package dev.pitboss.engine.game;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pitboss.engine.cards.Deck;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TableSeatingTest {

  static final HandConfig ONE_TWO = HandConfig.blinds("USD", 1, 2);

  private static TableSeating seated(int... seats) {
    var t = TableSeating.empty(ONE_TWO, 10);
    for (int s : seats) t = t.join(s, "p" + s, 200);
    return t;
  }

  private static TableSeating.Deal next(TableSeating t) {
    return t.nextHand().orElseThrow();
  }

  @Test
  void theButtonAndBlindsMoveOneDealtInPlayerAHand() {
    var d1 = next(seated(1, 3, 5));
    assertThat(d1.seating().buttonSeat()).isEqualTo(1);
    assertThat(d1.seating().smallBlindSeat()).isEqualTo(3);
    assertThat(d1.seating().bigBlindSeat()).isEqualTo(5);
    assertThat(d1.setup().postToPlay()).isEmpty();
    var d2 = next(d1.seating());
    assertThat(d2.setup().buttonSeat()).isEqualTo(3);
    assertThat(d2.seating().bigBlindSeat()).isEqualTo(1);
  }

  @Test
  void aLateJoinerWaitsOutTheSmallBlindThenPostsToPlay() {
    var d1 = next(seated(1, 3, 5, 7));
    var joined = d1.seating().join(4, "late", 300);
    assertThat(joined.occupants().get(4).owesBig()).isTrue();
    var d2 = next(joined); // seat 4 would be the small blind: it waits
    assertThat(d2.setup().players())
        .extracting(SeatedPlayer::seat)
        .containsExactlyInAnyOrder(1, 3, 5, 7);
    assertThat(d2.seating().smallBlindSeat()).isEqualTo(5);
    var d3 = next(d2.seating());
    assertThat(d3.setup().players()).extracting(SeatedPlayer::seat).contains(4);
    assertThat(d3.setup().postToPlay()).containsExactly(4);
    assertThat(d3.seating().occupants().get(4).owesBig()).isFalse();
    var hand = Hand.start(d3.setup(), Deck.ordered(), TestHands.T0);
    assertThat(hand.postings()).contains(new Posting(4, Posting.Kind.POST_TO_PLAY, 2));
  }

  @Test
  void aLateJoinerInTheBigBlindJustPostsTheBlind() {
    var d1 = next(seated(1, 2, 3));
    var d2 = next(d1.seating().join(4, "late", 300));
    assertThat(d2.seating().bigBlindSeat()).isEqualTo(4);
    assertThat(d2.setup().postToPlay()).isEmpty();
    assertThat(d2.seating().occupants().get(4).owesBig()).isFalse();
  }

  @Test
  void aSittingOutPlayerOwesTheBlindsThatPassedAndPostsThemOnReturn() {
    var d1 = next(seated(1, 2, 3, 4));
    var d2 = next(d1.seating().sitOut(4)); // big blind 3 -> 1 passes seat 4
    assertThat(d2.seating().occupants().get(4))
        .satisfies(o -> assertThat(o.owesBig()).isTrue())
        .satisfies(o -> assertThat(o.owesSmall()).isFalse());
    var d3 = next(d2.seating()); // small blind 3 -> 1 passes seat 4
    assertThat(d3.seating().occupants().get(4).owesSmall()).isTrue();
    var d4 = next(d3.seating().sitIn(4));
    assertThat(d4.setup().postToPlay()).isEqualTo(Set.of(4));
    assertThat(d4.setup().deadSmallBlind()).isEqualTo(Set.of(4));
    var hand = Hand.start(d4.setup(), Deck.ordered(), TestHands.T0);
    assertThat(hand.postings())
        .contains(
            new Posting(4, Posting.Kind.DEAD_SMALL_BLIND, 1),
            new Posting(4, Posting.Kind.POST_TO_PLAY, 2));
    assertThat(hand.chipsInPlay()).isEqualTo(800);
  }

  @Test
  void finalStacksComeBackAndABustedPlayerIsNotDealtIn() {
    var t = TableSeating.empty(ONE_TWO, 6).join(1, "a", 2).join(2, "b", 100).join(3, "c", 100);
    var d1 = next(t); // button 1, small blind 2, big blind 3; seat 1 shoves 2 and loses
    var deck = TestHands.deck("2c 7d 9h Js 3c", "4h 5d", "As Ah", "Ks Kh");
    var hand = Hand.start(d1.setup(), deck, TestHands.T0);
    hand = TestHands.play(hand, Action.allIn(), Action.call(), Action.check());
    hand =
        TestHands.play(
            hand,
            Action.check(),
            Action.check(),
            Action.check(),
            Action.check(),
            Action.check(),
            Action.check());
    var after = d1.seating().settle(hand.outcome().orElseThrow());
    assertThat(after.occupants().get(1).stack()).isZero();
    assertThat(after.occupants().get(2).stack() + after.occupants().get(3).stack()).isEqualTo(202);
    var d2 = next(after);
    assertThat(d2.setup().players()).extracting(SeatedPlayer::seat).containsExactlyInAnyOrder(2, 3);
    assertThat(TableSeating.empty(ONE_TWO, 6).join(1, "a", 5).nextHand()).isEmpty();
  }

  @Test
  void seatingMistakesAreRejected() {
    var t = seated(1);
    assertThatThrownBy(() -> t.join(1, "x", 10)).hasMessageContaining("seat 1 is taken");
    assertThatThrownBy(() -> t.join(2, "p1", 10)).hasMessageContaining("already seated");
    assertThatThrownBy(() -> t.join(11, "x", 10)).hasMessageContaining("seat must be 1..10");
    assertThatThrownBy(() -> t.join(2, "x", 0)).hasMessageContaining("buy-in must be positive");
    assertThatThrownBy(() -> t.sitOut(5)).hasMessageContaining("seat 5 is empty");
  }
}
