package dev.pitboss.gameserver.table;

import dev.pitboss.engine.game.Action;
import java.util.random.RandomGenerator;

/**
 * A player that decides from what a client sees: the turn event's legal ranges. Mostly calls and
 * checks, sometimes bets, raises, folds or goes all in, so hands reach showdowns and side pots.
 */
public final class TurnBot {
  private TurnBot() {}

  public static Action decide(TableEvent.Turn turn, RandomGenerator rng) {
    int r = rng.nextInt(1000);
    boolean aggressive = turn.canBet() || turn.canRaise();
    if (aggressive && r < 5) return Action.allIn();
    if (aggressive && r < 200) {
      long to =
          turn.minTo()
              + (turn.maxTo() > turn.minTo()
                  ? rng.nextLong(turn.maxTo() - turn.minTo() + 1) / 20
                  : 0);
      return turn.canBet() ? Action.bet(to) : Action.raiseTo(to);
    }
    if (turn.canCheck()) return Action.check();
    if (r < 450) return Action.fold();
    return Action.call();
  }
}
