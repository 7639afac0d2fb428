package dev.pitboss.engine.bots;

import dev.pitboss.engine.cards.Card;
import dev.pitboss.engine.eval.HandCategory;
import dev.pitboss.engine.eval.HandEvaluator;
import dev.pitboss.engine.game.Action;
import dev.pitboss.engine.game.HandState;
import dev.pitboss.engine.game.LegalActions;
import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * A simple, readable strategy: it rates its hand (a preflop score from the hole cards; after the
 * flop, the category of its best five cards) and then raises strong hands about two thirds of the
 * pot, calls medium ones when the price is fair, and checks or folds the rest, bluffing rarely. It
 * plays like a tight-passive regular, which is what load tests and tournament tests need: hands
 * that go to showdown with sensible pots.
 */
public final class RuleBot implements Bot {

  enum Strength {
    WEAK,
    MEDIUM,
    STRONG
  }

  @Override
  public Action decide(HandState state, RandomGenerator rng) {
    var legal = state.legalActions().orElseThrow(() -> new IllegalStateException("hand is over"));
    var strength = rate(state.holeCards(legal.seat()), state.board());
    long pot = state.potTotal();
    return switch (strength) {
      case STRONG -> legal.canBetOrRaise() ? sized(legal, pot) : passive(legal);
      case MEDIUM -> {
        if (legal.canCheck()) yield Action.check();
        // call when the price is at most half the pot
        yield legal.callAmount() * 2 <= pot ? Action.call() : Action.fold();
      }
      case WEAK -> {
        if (legal.canCheck())
          yield legal.canBetOrRaise() && rng.nextInt(10) == 0 ? sized(legal, pot) : Action.check();
        yield Action.fold();
      }
    };
  }

  private static Action passive(LegalActions legal) {
    return legal.canCheck() ? Action.check() : Action.call();
  }

  private static Action sized(LegalActions legal, long pot) {
    long target =
        Math.max(legal.minTo(), Math.min(legal.maxTo(), pot * 2 / 3 + legal.callAmount()));
    return legal.canBet() ? Action.bet(target) : Action.raiseTo(target);
  }

  static Strength rate(List<Card> hole, List<Card> board) {
    if (board.isEmpty()) return preflop(hole.get(0), hole.get(1));
    var cards = new ArrayList<Card>(hole);
    cards.addAll(board);
    var category = HandEvaluator.category(HandEvaluator.evaluate(cards));
    if (category.compareTo(HandCategory.TWO_PAIR) >= 0) return Strength.STRONG;
    if (category == HandCategory.PAIR) return Strength.MEDIUM;
    return Strength.WEAK;
  }

  private static Strength preflop(Card a, Card b) {
    int high = Math.max(a.rank().ordinal(), b.rank().ordinal());
    int low = Math.min(a.rank().ordinal(), b.rank().ordinal());
    if (high == low) return high >= 8 ? Strength.STRONG : Strength.MEDIUM; // TT+ strong
    if (low >= 9) return Strength.STRONG; // two of J, Q, K, A
    if (high >= 10 || (a.suit() == b.suit() && high - low <= 2)) return Strength.MEDIUM;
    return Strength.WEAK;
  }
}
