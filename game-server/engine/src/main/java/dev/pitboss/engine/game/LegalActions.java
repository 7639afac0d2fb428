package dev.pitboss.engine.game;

/**
 * What the seat to act may do. Amounts are round totals, like {@link Action.Bet} and {@link
 * Action.Raise}: a bet or raise may be anything in {@code [minTo, maxTo]}; {@code maxTo} is the
 * all-in total and may be below a full minimum, in which case only {@code maxTo} itself is legal.
 */
public record LegalActions(
    int seat,
    boolean canCheck,
    long callAmount,
    boolean canBet,
    boolean canRaise,
    long minTo,
    long maxTo) {

  public boolean canCall() {
    return callAmount > 0;
  }

  public boolean canBetOrRaise() {
    return canBet || canRaise;
  }

  /** True if {@code to} is a legal bet/raise total. */
  public boolean allowsTotal(long to) {
    return canBetOrRaise() && to <= maxTo && (to >= minTo || to == maxTo);
  }
}
