package dev.pitboss.engine.history;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pitboss.engine.fairness.DeckCommitment;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Optional;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class HandHistoryTest {

  private static HandHistory committedHand(long seed) {
    var rng = new SplittableRandom(seed);
    var setup = RandomHands.setup(rng, 2 + rng.nextInt(9));
    var deck = RandomHands.shuffled(rng);
    var commitment = DeckCommitment.commit(deck, new SecureRandom());
    var hand = RandomHands.play(rng, setup, deck);
    return HandHistories.of(hand, "hand-" + seed, "table-7", Optional.of(commitment));
  }

  @Property(tries = 1000)
  void everyRandomHandReplaysToTheSameResult(
      @ForAll long seed, @ForAll @IntRange(min = 2, max = 10) int players) {
    var rng = new SplittableRandom(seed);
    var setup = RandomHands.setup(rng, players);
    var deck = RandomHands.shuffled(rng);
    var hand = RandomHands.play(rng, setup, deck);
    var history = HandHistories.of(hand, "h" + seed, "t1", Optional.empty());
    var report = Replayer.replay(history);
    assertThat(report.differences()).isEmpty();
    assertThat(report.matches()).isTrue();
    assertThat(report.hand().orElseThrow().outcome()).isEqualTo(hand.outcome());
    assertThat(report.replayed()).contains(history);
  }

  @Test
  void aCommittedDeckIsRevealedAndVerifiedCardByCard() {
    var history = committedHand(42);
    assertThat(history.deck().commitmentRoot()).isNotEmpty();
    assertThat(history.deck().reveals()).hasSameSizeAs(history.deck().dealt());
    var report = Replayer.replay(history);
    assertThat(report.commitmentVerified()).isTrue();
    assertThat(report.matches()).isTrue();
  }

  @Test
  void aTamperedRevealIsAMismatchThatSaysWhere() {
    var h = committedHand(7);
    var dealt = new ArrayList<>(h.deck().dealt());
    // swap the first two dealt cards: the engine still plays, but the reveals no longer agree
    dealt.set(0, h.deck().dealt().get(1));
    dealt.set(1, h.deck().dealt().get(0));
    var swapped =
        copy(
            h,
            new HandHistory.DeckSection(h.deck().commitmentRoot(), dealt, h.deck().reveals()),
            h.actions());
    var report = Replayer.replay(swapped);
    assertThat(report.matches()).isFalse();
    assertThat(report.commitmentVerified()).isFalse();
    assertThat(report.differences()).anyMatch(d -> d.contains("position 0 revealed"));
  }

  @Test
  void anActionTheEngineRefusesStopsTheReplayWithTheReason() {
    var h = committedHand(11);
    var actions = new ArrayList<>(h.actions());
    int firstPlayer = 0;
    while (actions.get(firstPlayer).startsWith("d ")) firstPlayer++;
    actions.add(firstPlayer, actions.get(firstPlayer)); // the same player acts twice
    var report = Replayer.replay(copy(h, h.deck(), actions));
    assertThat(report.matches()).isFalse();
    assertThat(report.differences().getLast()).contains("is rejected");
  }

  /** {@code h} with another deck section and action list: how the tests tamper with a history. */
  static HandHistory copy(
      HandHistory h, HandHistory.DeckSection deck, java.util.List<String> actions) {
    return new HandHistory(
        h.format(),
        h.variant(),
        h.handId(),
        h.table(),
        h.currency(),
        h.startedAt(),
        h.buttonSeat(),
        h.smallBlind(),
        h.bigBlind(),
        h.ante(),
        h.anteMode(),
        h.actionTimeMs(),
        h.players(),
        h.antes(),
        h.blindsOrStraddles(),
        h.minBet(),
        h.startingStacks(),
        h.postToPlay(),
        h.deadSmallBlind(),
        h.postings(),
        deck,
        actions,
        h.board(),
        h.pots(),
        h.uncalled(),
        h.showdown(),
        h.finishingStacks());
  }
}
