package dev.pitboss.engine.bots;

import dev.pitboss.engine.game.Action;
import dev.pitboss.engine.game.HandState;
import dev.pitboss.engine.game.LegalActions;
import java.util.ArrayList;
import java.util.random.RandomGenerator;

/**
 * Uniform over the kinds of legal action (fold only when facing a bet, check, call, bet/raise),
 * with a uniform bet size in the legal range, and all-in a quarter of the time it bets, so the
 * property tests reach side pots and short all-ins often.
 */
public final class RandomBot implements Bot {

  @Override
  public Action decide(HandState state, RandomGenerator rng) {
    var legal = state.legalActions().orElseThrow(() -> new IllegalStateException("hand is over"));
    var kinds = new ArrayList<Action>(4);
    if (legal.canCall()) kinds.add(Action.fold());
    if (legal.canCheck()) kinds.add(Action.check());
    if (legal.canCall()) kinds.add(Action.call());
    if (legal.canBetOrRaise()) kinds.add(sized(legal, rng));
    return kinds.get(rng.nextInt(kinds.size()));
  }

  static Action sized(LegalActions legal, RandomGenerator rng) {
    long to =
        legal.minTo() >= legal.maxTo() || rng.nextInt(4) == 0
            ? legal.maxTo()
            : rng.nextLong(legal.minTo(), legal.maxTo() + 1);
    return legal.canBet() ? Action.bet(to) : Action.raiseTo(to);
  }
}
