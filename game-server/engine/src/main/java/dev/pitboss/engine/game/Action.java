package dev.pitboss.engine.game;

/**
 * What a player may do when it is their turn. Amounts are chips in minor units. {@link Bet} and
 * {@link Raise} name the player's <em>total</em> for the betting round ("raise to"), as PHH's
 * {@code cbr} does, so a history line never depends on what the player had already put in.
 *
 * <p>The records do not validate: a bad amount is a player mistake, which {@link HandState#apply}
 * rejects with a reason instead of an exception.
 */
public sealed interface Action {

  record Fold() implements Action {}

  record Check() implements Action {}

  record Call() implements Action {}

  /** Opens the betting round with a total of {@code amount}. */
  record Bet(long amount) implements Action {}

  /** Raises the round's total to {@code to}. */
  record Raise(long to) implements Action {}

  /** Everything behind: a call, a bet or a raise depending on the situation. */
  record AllIn() implements Action {}

  static Action fold() {
    return new Fold();
  }

  static Action check() {
    return new Check();
  }

  static Action call() {
    return new Call();
  }

  static Action bet(long amount) {
    return new Bet(amount);
  }

  static Action raiseTo(long to) {
    return new Raise(to);
  }

  static Action allIn() {
    return new AllIn();
  }
}
