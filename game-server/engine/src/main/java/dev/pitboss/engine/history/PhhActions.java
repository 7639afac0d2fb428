package dev.pitboss.engine.history;

import dev.pitboss.engine.game.Action;
import dev.pitboss.engine.game.HandState;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * PHH action lines: {@code p2 cbr 600}, {@code p1 cc}, {@code p3 f}, dealer lines {@code d dh p1
 * AsKd} and {@code d db 2c7d9h}. The instant (and a timeout mark) ride in a PHH comment: {@code p1
 * f # 2026-01-01T12:00:31Z timeout}.
 */
public final class PhhActions {

  private PhhActions() {}

  /** A parsed line: actor is 0 for the dealer, else the PHH player number (1-based). */
  public record Line(int actor, String verb, String argument, Instant at, boolean timeout) {

    public boolean dealer() {
      return actor == 0;
    }
  }

  static String player(int p, Action a, Instant at, boolean timeout) {
    String body =
        switch (a) {
          case Action.Fold f -> "p" + p + " f";
          case Action.Check c -> "p" + p + " cc";
          case Action.Call c -> "p" + p + " cc";
          case Action.Bet b -> "p" + p + " cbr " + b.amount();
          case Action.Raise r -> "p" + p + " cbr " + r.to();
          case Action.AllIn x -> throw new IllegalArgumentException("all-in is recorded as cbr/cc");
        };
    return body + " # " + at + (timeout ? " timeout" : "");
  }

  static String dealer(String body, Instant at) {
    return "d " + body + " # " + at;
  }

  /** Parses one line; a malformed one is an {@link IllegalArgumentException} saying why. */
  public static Line parse(String text) {
    if (text == null) throw new IllegalArgumentException("an action line is null");
    String body = text;
    Instant at = null;
    boolean timeout = false;
    int hash = text.indexOf('#');
    if (hash >= 0) {
      body = text.substring(0, hash);
      var comment = text.substring(hash + 1).trim().split("\\s+");
      if (!comment[0].isEmpty()) {
        try {
          at = Instant.parse(comment[0]);
        } catch (DateTimeParseException e) {
          throw new IllegalArgumentException("bad instant in action line '" + text + "'");
        }
        timeout = comment.length > 1 && comment[1].equals("timeout");
      }
    }
    var tokens = body.trim().split("\\s+");
    if (tokens.length < 2)
      throw new IllegalArgumentException("action line '" + text + "' needs an actor and a verb");
    int actor;
    if (tokens[0].equals("d")) actor = 0;
    else if (tokens[0].matches("p[1-9][0-9]?")) actor = Integer.parseInt(tokens[0].substring(1));
    else throw new IllegalArgumentException("unknown actor '" + tokens[0] + "' in '" + text + "'");
    String argument =
        tokens.length > 2
            ? String.join(" ", java.util.Arrays.copyOfRange(tokens, 2, tokens.length))
            : "";
    String verb = tokens[1];
    if (actor > 0 && !verb.matches("f|cc|cbr"))
      throw new IllegalArgumentException(
          "unknown player action '" + verb + "' in '" + text + "' (expected f, cc or cbr)");
    if (actor > 0 && verb.equals("cbr") && !argument.matches("[0-9]{1,18}"))
      throw new IllegalArgumentException("cbr needs a whole amount in '" + text + "'");
    if (actor > 0 && !verb.equals("cbr") && !argument.isEmpty())
      throw new IllegalArgumentException("'" + verb + "' takes no amount in '" + text + "'");
    return new Line(actor, verb, argument, at, timeout);
  }

  /**
   * The engine action a PHH player line means in this state: cc checks or calls, cbr bets or
   * raises.
   */
  public static Action toAction(Line line, HandState state) {
    return switch (line.verb()) {
      case "f" -> Action.fold();
      case "cc" ->
          state
              .legalActions()
              .map(l -> l.canCheck() ? Action.check() : Action.call())
              .orElse(Action.check());
      default -> {
        long amount = Long.parseLong(line.argument());
        yield state.currentBet() == 0 ? Action.bet(amount) : Action.raiseTo(amount);
      }
    };
  }
}
