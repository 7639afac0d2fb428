package dev.pitboss.engine.game;

import static dev.pitboss.engine.game.Action.allIn;
import static dev.pitboss.engine.game.Action.bet;
import static dev.pitboss.engine.game.Action.call;
import static dev.pitboss.engine.game.Action.check;
import static dev.pitboss.engine.game.Action.fold;
import static dev.pitboss.engine.game.Action.raiseTo;
import static dev.pitboss.engine.game.TestHands.T0;
import static dev.pitboss.engine.game.TestHands.deck;
import static dev.pitboss.engine.game.TestHands.play;
import static dev.pitboss.engine.game.TestHands.start;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pitboss.engine.game.Rejection.Reason;
import java.util.List;
import org.junit.jupiter.api.Test;

/** One hand-written case per tricky rule. Seats 1..n, button on seat n. */
class HandRulesTest {

  static final HandConfig ONE_TWO = HandConfig.blinds("USD", 1, 2);
  static final String DRY_BOARD = "2c 7d 9h Js 3c";

  @Test
  void headsUpTheButtonPostsTheSmallBlindActsFirstPreflopAndLastAfter() {
    var s = start(ONE_TWO, deck(DRY_BOARD, "As Ah", "Ks Kh"), 100, 100);
    assertThat(s.postings())
        .containsExactly(
            new Posting(2, Posting.Kind.SMALL_BLIND, 1), new Posting(1, Posting.Kind.BIG_BLIND, 2));
    assertThat(s.seatToAct()).hasValue(2);
    s = play(s, call());
    var bbOption = s.legalActions().orElseThrow();
    assertThat(bbOption.seat()).isEqualTo(1);
    assertThat(bbOption.canCheck()).isTrue();
    assertThat(bbOption.canRaise()).isTrue();
    assertThat(bbOption.minTo()).isEqualTo(4);
    s = play(s, check());
    assertThat(s.street()).isEqualTo(Street.FLOP);
    assertThat(s.seatToAct()).hasValue(1);
    assertThat(s.board()).hasSize(3);
  }

  @Test
  void anIncompleteAllInRaiseDoesNotReopenTheBettingToPlayersWhoActed() {
    var cfg = HandConfig.blinds("USD", 5, 10);
    var s = start(cfg, deck(DRY_BOARD, "As Ah", "Ks Kh", "Qs Qh"), 1000, 1000, 150);
    s = play(s, call(), call(), check()); // preflop: button, small blind, big blind
    s = play(s, bet(100), call(), allIn()); // seat 3 all-in to 140: a raise of 40 < 100
    assertThat(s.currentBet()).isEqualTo(140);
    assertThat(s.seatToAct()).hasValue(1);
    var legal = s.legalActions().orElseThrow();
    assertThat(legal.canRaise()).isFalse();
    assertThat(legal.callAmount()).isEqualTo(40);
    var refused = s.apply(1, raiseTo(400), T0.plusSeconds(60));
    assertThat(refused)
        .isInstanceOfSatisfying(
            Result.Rejected.class,
            r -> {
              assertThat(r.rejection().reason()).isEqualTo(Reason.RAISE_NOT_ALLOWED);
              assertThat(r.rejection().message()).contains("not reopened");
            });
    s = play(s, call());
    assertThat(s.legalActions().orElseThrow().canRaise()).isFalse();
    s = play(s, call());
    assertThat(s.street()).isEqualTo(Street.TURN);
  }

  @Test
  void twoShortAllInsThatTogetherMakeAFullRaiseDoReopenTheBetting() {
    var cfg = HandConfig.blinds("USD", 5, 10);
    var s = start(cfg, deck(DRY_BOARD, "As Ah", "Ks Kh", "Qs Qh", "Ts Th"), 1000, 1000, 150, 220);
    s = play(s, call(), call(), call(), check());
    s = play(s, bet(100), call(), allIn(), allIn()); // to 140, then to 210: +110 over seat 1
    var legal = s.legalActions().orElseThrow();
    assertThat(legal.seat()).isEqualTo(1);
    assertThat(legal.canRaise()).isTrue();
    assertThat(legal.minTo()).isEqualTo(310); // last full raise is still the 100 bet
    assertThat(s.apply(1, raiseTo(309), T0.plusSeconds(60)))
        .isInstanceOfSatisfying(
            Result.Rejected.class,
            r -> assertThat(r.rejection().reason()).isEqualTo(Reason.BELOW_MINIMUM));
    assertThat(s.apply(1, raiseTo(310), T0.plusSeconds(60)).accepted()).isTrue();
  }

  @Test
  void threeWayAllInMakesAMainPotAndASidePotAndReturnsTheUncalledExcess() {
    var s = start(ONE_TWO, deck(DRY_BOARD, "As Ah", "Ks Kh", "Qs Qh"), 100, 300, 500);
    s = play(s, allIn(), allIn(), allIn()); // button shoves 500, SB calls 100, BB calls 300
    assertThat(s.isComplete()).isTrue();
    var out = s.outcome().orElseThrow();
    assertThat(out.uncalledSeat()).isEqualTo(3);
    assertThat(out.uncalledAmount()).isEqualTo(200);
    assertThat(out.pots())
        .containsExactly(
            new Pot(300, List.of(1, 2, 3), List.of(new Pot.Win(1, 300))),
            new Pot(400, List.of(2, 3), List.of(new Pot.Win(2, 400))));
    assertThat(out.finalStack(1)).isEqualTo(300);
    assertThat(out.finalStack(2)).isEqualTo(400);
    assertThat(out.finalStack(3)).isEqualTo(200);
    assertThat(out.showdowns()).allMatch(Showdown::shown); // all-in: every hand is tabled
    assertThat(s.board()).hasSize(5);
  }

  @Test
  void theOddChipGoesToTheFirstWinnerClockwiseFromTheButton() {
    var s = start(ONE_TWO, deck("As Ks Qs Js Ts", "2c 3d", "4h 5h", "6c 7c"), 100, 100, 100);
    s = play(s, call(), fold(), check()); // pot 5: the small blind's chip is dead
    s = play(s, check(), check(), check(), check(), check(), check());
    var out = s.outcome().orElseThrow();
    assertThat(out.pots()).hasSize(1);
    assertThat(out.pots().getFirst().wins()).containsExactly(new Pot.Win(2, 3), new Pot.Win(3, 2));
    assertThat(out.finalStack(1)).isEqualTo(99);
    assertThat(out.finalStack(2)).isEqualTo(101);
    assertThat(out.finalStack(3)).isEqualTo(100);
  }

  @Test
  void theBigBlindAnteIsDeadMoneyInTheMainPot() {
    var cfg = HandConfig.blinds("CHIPS", 50, 100).withAnte(100, AnteMode.BIG_BLIND);
    var s = start(cfg, deck(DRY_BOARD, "As Ah", "Ks Kh", "Qs Qh"), 1000, 1000, 1000);
    assertThat(s.postings()).contains(new Posting(2, Posting.Kind.BIG_BLIND_ANTE, 100));
    assertThat(s.potTotal()).isEqualTo(250);
    s = play(s, fold(), fold());
    var out = s.outcome().orElseThrow();
    assertThat(out.uncalledAmount()).isEqualTo(50);
    assertThat(out.pots()).containsExactly(new Pot(200, List.of(2), List.of(new Pot.Win(2, 200))));
    assertThat(out.finalStack(2)).isEqualTo(1050);
    assertThat(out.finalStack(1)).isEqualTo(950);
  }

  @Test
  void aShortBigBlindPostsTheBlindBeforeTheAnte() {
    var cfg = HandConfig.blinds("CHIPS", 50, 100).withAnte(100, AnteMode.BIG_BLIND);
    var s = start(cfg, deck(DRY_BOARD, "As Ah", "Ks Kh", "Qs Qh"), 1000, 150, 1000);
    assertThat(s.postings())
        .containsExactly(
            new Posting(1, Posting.Kind.SMALL_BLIND, 50),
            new Posting(2, Posting.Kind.BIG_BLIND, 100),
            new Posting(2, Posting.Kind.BIG_BLIND_ANTE, 50));
    s = play(s, call(), call()); // the big blind is all-in: no option, straight to the flop
    assertThat(s.street()).isEqualTo(Street.FLOP);
  }

  @Test
  void aPlayerAllInOnTheAnteCanWinOnlyTheMainPot() {
    var cfg = HandConfig.blinds("CHIPS", 1, 2).withAnte(5, AnteMode.EACH);
    var s = start(cfg, deck(DRY_BOARD, "Ks Kh", "4d 5d", "As Ah"), 100, 100, 5);
    assertThat(s.seatToAct()).hasValue(1); // the button is all-in on the ante
    s = play(s, call(), check());
    s = play(s, check(), check(), check(), check(), check(), check());
    var out = s.outcome().orElseThrow();
    assertThat(out.pots())
        .containsExactly(
            new Pot(15, List.of(1, 2, 3), List.of(new Pot.Win(3, 15))),
            new Pot(4, List.of(1, 2), List.of(new Pot.Win(1, 4))));
    assertThat(out.finalStack(1)).isEqualTo(97);
    assertThat(out.finalStack(2)).isEqualTo(93);
    assertThat(out.finalStack(3)).isEqualTo(15);
  }

  @Test
  void anUncalledBetIsReturnedAndTheHandEndsWithoutShowdown() {
    var s = start(ONE_TWO, deck(DRY_BOARD, "As Ah", "Ks Kh"), 100, 100);
    s = play(s, raiseTo(10), fold());
    var out = s.outcome().orElseThrow();
    assertThat(out.uncalledSeat()).isEqualTo(2);
    assertThat(out.uncalledAmount()).isEqualTo(8);
    assertThat(out.finalStack(2)).isEqualTo(102);
    assertThat(out.showdowns()).singleElement().satisfies(sd -> assertThat(sd.shown()).isFalse());
    assertThat(s.board()).isEmpty();
  }

  @Test
  void theRiverAggressorShowsFirstAndABeatenHandIsMucked() {
    var s = start(ONE_TWO, deck(DRY_BOARD, "Ks Kh", "As Ah"), 100, 100);
    s = play(s, call(), check(), check(), check(), check(), check());
    s = play(s, bet(10), call()); // seat 1 bets the river with the worse hand
    var out = s.outcome().orElseThrow();
    assertThat(out.showdowns())
        .extracting(Showdown::seat, Showdown::shown)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(1, true),
            org.assertj.core.groups.Tuple.tuple(2, true));
    s = start(ONE_TWO, deck(DRY_BOARD, "As Ah", "Ks Kh"), 100, 100);
    s = play(s, call(), check(), check(), check(), check(), check(), bet(10), call());
    assertThat(s.outcome().orElseThrow().showdowns())
        .extracting(Showdown::seat, Showdown::shown)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(1, true),
            org.assertj.core.groups.Tuple.tuple(2, false));
    assertThat(s.outcome().orElseThrow().finalStack(1)).isEqualTo(112);
  }

  @Test
  void everyIllegalActionIsRejectedWithItsReasonAndChangesNothing() {
    var s = start(ONE_TWO, deck(DRY_BOARD, "As Ah", "Ks Kh", "Qs Qh"), 100, 100, 50);
    var at = T0.plusSeconds(1);
    assertRejected(s, 1, call(), Reason.OUT_OF_TURN);
    assertRejected(s, 7, call(), Reason.UNKNOWN_SEAT);
    assertRejected(s, 3, check(), Reason.CANNOT_CHECK);
    assertRejected(s, 3, bet(10), Reason.BET_NOT_ALLOWED);
    assertRejected(s, 3, raiseTo(3), Reason.BELOW_MINIMUM);
    assertRejected(s, 3, raiseTo(2), Reason.BELOW_MINIMUM);
    assertRejected(s, 3, raiseTo(51), Reason.ABOVE_STACK);
    assertRejected(s, 3, raiseTo(-5), Reason.INVALID_AMOUNT);
    assertThat(s.apply(3, call(), T0.minusSeconds(1)))
        .isInstanceOfSatisfying(
            Result.Rejected.class,
            r -> assertThat(r.rejection().reason()).isEqualTo(Reason.CLOCK_WENT_BACKWARDS));
    assertThat(s.seatToAct()).hasValue(3);
    assertThat(s.stack(3)).isEqualTo(50);
    assertThat(s.actions()).isEmpty();

    var flop = play(s, call(), call(), check());
    assertRejected(flop, 1, call(), Reason.NOTHING_TO_CALL);
    assertRejected(flop, 1, raiseTo(10), Reason.RAISE_NOT_ALLOWED);
    assertRejected(flop, 1, bet(1), Reason.BELOW_MINIMUM);

    var over = play(s, fold(), fold());
    assertRejected(over, 2, check(), Reason.HAND_OVER);
    assertThat(over.timeout(T0.plusSeconds(999)))
        .isInstanceOfSatisfying(
            Result.Rejected.class,
            r -> assertThat(r.rejection().reason()).isEqualTo(Reason.HAND_OVER));
  }

  @Test
  void aShortAllInRaiseBelowTheMinimumIsLegalOnlyAsAllIn() {
    var s = start(ONE_TWO, deck(DRY_BOARD, "As Ah", "Ks Kh", "Qs Qh"), 100, 100, 3);
    assertThat(s.legalActions().orElseThrow().maxTo()).isEqualTo(3);
    assertThat(s.apply(3, raiseTo(3), T0).accepted()).isTrue();
  }

  @Test
  void theActionClockChecksWhenPossibleAndFoldsOtherwise() {
    var cfg = ONE_TWO.withActionTime(java.time.Duration.ofSeconds(20));
    var s = start(cfg, deck(DRY_BOARD, "As Ah", "Ks Kh", "Qs Qh"), 100, 100, 100);
    assertThat(s.deadline()).hasValue(T0.plusSeconds(20));
    assertThat(s.timeout(T0.plusSeconds(19)))
        .isInstanceOfSatisfying(
            Result.Rejected.class,
            r -> assertThat(r.rejection().reason()).isEqualTo(Reason.NOT_TIMED_OUT));
    s = s.timeout(T0.plusSeconds(20)).state(); // seat 3 faces the blind: folds
    assertThat(s.hasFolded(3)).isTrue();
    assertThat(s.actions().getLast().timedOut()).isTrue();
    s = s.apply(1, call(), T0.plusSeconds(21)).state();
    assertThat(s.deadline()).hasValue(T0.plusSeconds(41));
    s = s.timeout(T0.plusSeconds(41)).state(); // the big blind can check
    assertThat(s.actions().getLast().action()).isEqualTo(check());
    assertThat(s.street()).isEqualTo(Street.FLOP);
  }

  @Test
  void postToPlayIsALiveBigBlindAndAMissedSmallBlindIsDead() {
    var players =
        List.of(
            new SeatedPlayer(1, "a", 100),
            new SeatedPlayer(2, "b", 100),
            new SeatedPlayer(3, "c", 100),
            new SeatedPlayer(4, "d", 100));
    var setup = new HandSetup(ONE_TWO, players, 4, java.util.Set.of(3), java.util.Set.of(3));
    var s = Hand.start(setup, deck(DRY_BOARD, "As Ah", "Ks Kh", "Qs Qh", "Ts Th"), T0);
    assertThat(s.postings())
        .contains(
            new Posting(3, Posting.Kind.DEAD_SMALL_BLIND, 1),
            new Posting(3, Posting.Kind.POST_TO_PLAY, 2));
    assertThat(s.streetBet(3)).isEqualTo(2);
    assertThat(s.seatToAct()).hasValue(3); // first to act, and the live post lets it check
    assertThat(s.legalActions().orElseThrow().canCheck()).isTrue();
    s = play(s, check(), fold(), fold(), check());
    assertThat(s.street()).isEqualTo(Street.FLOP);
    assertThat(s.potTotal()).isEqualTo(6); // dead 1 + post 2 + small blind 1 + big blind 2
  }

  @Test
  void noRaiseWhenNoOpponentCouldPutInMoreThanTheCurrentBet() {
    var s = start(ONE_TWO, deck(DRY_BOARD, "As Ah", "Ks Kh", "Qs Qh"), 1000, 100, 500);
    s = play(s, allIn()); // the button shoves 500; the big blind has only 100 in total
    var legal = s.legalActions().orElseThrow();
    assertThat(legal.seat()).isEqualTo(1);
    assertThat(legal.canRaise()).isFalse();
    assertThat(s.apply(1, raiseTo(1000), T0.plusSeconds(9)))
        .isInstanceOfSatisfying(
            Result.Rejected.class,
            r -> assertThat(r.rejection().message()).contains("no opponent can put in more"));
    assertThat(s.apply(1, call(), T0.plusSeconds(9)).accepted()).isTrue();
  }

  @Test
  void aMalformedSetupIsRefusedWithTheReason() {
    var a = new SeatedPlayer(1, "a", Long.MAX_VALUE);
    var b = new SeatedPlayer(2, "b", 10);
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> HandSetup.of(ONE_TWO, List.of(a, b), 1))
        .hasMessageContaining("add up beyond a long");
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> HandSetup.of(ONE_TWO, List.of(b, new SeatedPlayer(2, "c", 5)), 2))
        .hasMessageContaining("seat 2 is dealt in twice");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> HandSetup.of(ONE_TWO, List.of(b), 2))
        .hasMessageContaining("2 to 10 players");
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> HandSetup.of(ONE_TWO, List.of(b, new SeatedPlayer(3, "c", 5)), 4))
        .hasMessageContaining("button seat 4 has no player");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> new SeatedPlayer(3, "c", 0))
        .hasMessageContaining("no chips");
  }

  private static void assertRejected(HandState s, int seat, Action a, Reason reason) {
    var before = s.toString();
    var result = s.apply(seat, a, s.startedAt().plusSeconds(30));
    assertThat(result)
        .isInstanceOfSatisfying(
            Result.Rejected.class, r -> assertThat(r.rejection().reason()).isEqualTo(reason));
    assertThat(s.toString()).isEqualTo(before);
  }
}
