package dev.pitboss.history;

import dev.pitboss.engine.cards.Deck;
import dev.pitboss.engine.game.AnteMode;
import dev.pitboss.engine.game.Hand;
import dev.pitboss.engine.game.HandConfig;
import dev.pitboss.engine.game.HandSetup;
import dev.pitboss.engine.game.HandState;
import dev.pitboss.engine.game.Result;
import dev.pitboss.engine.game.SeatedPlayer;
import dev.pitboss.engine.history.HandHistories;
import dev.pitboss.engine.history.HandHistory;
import dev.pitboss.engine.history.PhhActions;
import dev.pitboss.engine.history.Replayer;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The auditor's command line.
 *
 * <pre>
 * replay &lt;history.json&gt;
 *     re-runs the hand, prints the outcome and MATCH or MISMATCH (exit 0 or 1)
 * play --deck "As Kd ..." --stacks 100,100 --blinds 1/2 [--ante N [--ante-mode each|bb]]
 *      [--button SEAT] [--currency USD] [--history out.json] --actions "cbr 6, cc, f, ..."
 *     deals a fixed deck (no RNG) to seats 1..n, applies PHH actions, prints each seat's final stack
 * </pre>
 *
 * Bad input exits with 2 and says what is wrong.
 */
public final class ReplayCli {

  static final Instant PLAY_START = Instant.parse("2026-01-01T00:00:00Z");

  private ReplayCli() {}

  public static void main(String[] args) {
    int code = run(args, System.out, System.err);
    if (code != 0) System.exit(code);
  }

  static int run(String[] args, PrintStream out, PrintStream err) {
    if (args.length == 0) return usage(err, "no command given");
    try {
      return switch (args[0]) {
        case "replay" -> {
          if (args.length != 2) yield usage(err, "replay takes one history file");
          yield replay(HandHistoryJson.read(Path.of(args[1])), out);
        }
        case "play" -> play(options(args), out, err);
        default -> usage(err, "unknown command '" + args[0] + "'");
      };
    } catch (IllegalArgumentException | java.io.UncheckedIOException e) {
      err.println("error: " + e.getMessage());
      return 2;
    }
  }

  private static int replay(HandHistory recorded, PrintStream out) {
    var report = Replayer.replay(recorded);
    out.println(
        "hand "
            + recorded.handId()
            + " at table "
            + recorded.table()
            + " ("
            + recorded.currency()
            + ", blinds "
            + recorded.smallBlind()
            + "/"
            + recorded.bigBlind()
            + ")");
    report.hand().ifPresent(h -> printOutcome(h, out));
    if (recorded.deck().commitmentRoot().isEmpty()) out.println("deck: fixed, no commitment");
    else
      out.println(
          "deck commitment "
              + recorded.deck().commitmentRoot()
              + (report.commitmentVerified() ? ": every dealt card verified" : ": NOT verified"));
    for (var d : report.differences()) out.println("difference: " + d);
    out.println(report.matches() ? "MATCH" : "MISMATCH");
    return report.matches() ? 0 : 1;
  }

  private static int play(Map<String, String> o, PrintStream out, PrintStream err) {
    var stacksText = required(o, "stacks").split(",");
    var blinds = required(o, "blinds").split("/");
    if (blinds.length != 2) throw new IllegalArgumentException("--blinds is small/big, e.g. 1/2");
    long ante = number(o.getOrDefault("ante", "0"), "--ante");
    var mode =
        ante == 0
            ? AnteMode.NONE
            : switch (o.getOrDefault("ante-mode", "each")) {
              case "each" -> AnteMode.EACH;
              case "bb" -> AnteMode.BIG_BLIND;
              default -> throw new IllegalArgumentException("--ante-mode is each or bb");
            };
    var config =
        HandConfig.blinds(
                o.getOrDefault("currency", "USD"),
                number(blinds[0], "small blind"),
                number(blinds[1], "big blind"))
            .withAnte(ante, mode);
    var players = new ArrayList<SeatedPlayer>();
    for (int i = 0; i < stacksText.length; i++)
      players.add(new SeatedPlayer(i + 1, "p" + (i + 1), number(stacksText[i], "stack")));
    int button = (int) number(o.getOrDefault("button", "" + players.size()), "--button");
    var state =
        Hand.start(
            HandSetup.of(config, players, button), Deck.parse(required(o, "deck")), PLAY_START);
    var at = PLAY_START;
    int k = 0;
    for (var item : required(o, "actions").split("[,;\\n]")) {
      if (item.isBlank()) continue;
      k++;
      at = at.plusSeconds(1);
      var text = item.trim();
      if (!text.startsWith("p")) {
        int seat = state.seatToAct().orElse(0);
        text = "p" + (seat == 0 ? 1 : HandHistories.phhIndex(state.players(), seat)) + " " + text;
      }
      var line = PhhActions.parse(text);
      if (line.dealer())
        throw new IllegalArgumentException("action " + k + ": dealer lines are not taken here");
      if (line.actor() > players.size())
        throw new IllegalArgumentException("action " + k + ": there is no p" + line.actor());
      int seat = state.players().get(line.actor() - 1).seat();
      var result = state.apply(seat, PhhActions.toAction(line, state), at);
      if (result instanceof Result.Rejected r) {
        err.println(
            "error: action "
                + k
                + " '"
                + item.trim()
                + "' is rejected: "
                + r.rejection().reason()
                + ": "
                + r.rejection().message());
        return 2;
      }
      state = result.state();
    }
    if (!state.isComplete()) {
      err.println(
          "error: the actions end before the hand does; seat "
              + state.seatToAct().getAsInt()
              + " is to act");
      return 2;
    }
    printOutcome(state, out);
    if (o.containsKey("history")) {
      var history = HandHistories.of(state, "play", "cli", Optional.empty());
      HandHistoryJson.write(history, Path.of(o.get("history")));
      out.println("history written to " + o.get("history"));
    }
    return 0;
  }

  private static void printOutcome(HandState hand, PrintStream out) {
    var outcome = hand.outcome().orElseThrow();
    out.println("board: " + String.join(" ", HandHistories.cards(hand.board())));
    int k = 0;
    for (var pot : outcome.pots()) {
      k++;
      var wins = new ArrayList<String>();
      for (var w : pot.wins()) wins.add("seat " + w.seat() + " wins " + w.amount());
      out.println(
          (k == 1 ? "main pot " : "side pot " + (k - 1) + " ")
              + pot.amount()
              + " (seats "
              + pot.eligibleSeats()
              + "): "
              + String.join(", ", wins));
    }
    if (outcome.uncalledAmount() > 0)
      out.println(
          "uncalled " + outcome.uncalledAmount() + " returned to seat " + outcome.uncalledSeat());
    for (var s : outcome.showdowns())
      if (s.shown())
        out.println(
            "seat "
                + s.seat()
                + " shows "
                + HandHistories.cards(s.holeCards())
                + ": "
                + s.description());
    for (var r : outcome.results())
      out.println("seat " + r.seat() + " " + r.playerId() + ": " + r.finalStack());
  }

  private static Map<String, String> options(String[] args) {
    var o = new HashMap<String, String>();
    for (int i = 1; i < args.length; i += 2) {
      if (!args[i].startsWith("--"))
        throw new IllegalArgumentException(
            "expected an option like --stacks, got '" + args[i] + "'");
      if (i + 1 >= args.length) throw new IllegalArgumentException(args[i] + " needs a value");
      o.put(args[i].substring(2), args[i + 1]);
    }
    for (var key : o.keySet())
      if (!java.util.Set.of(
              "deck",
              "stacks",
              "blinds",
              "ante",
              "ante-mode",
              "button",
              "currency",
              "history",
              "actions")
          .contains(key)) throw new IllegalArgumentException("unknown option --" + key);
    return o;
  }

  private static String required(Map<String, String> o, String key) {
    var v = o.get(key);
    if (v == null) throw new IllegalArgumentException("--" + key + " is required");
    return v;
  }

  private static long number(String text, String what) {
    try {
      return Long.parseLong(text.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          what + " must be a whole number of chips, got '" + text + "'");
    }
  }

  private static int usage(PrintStream err, String problem) {
    err.println("error: " + problem);
    err.println("usage: replay <history.json>");
    err.println(
        "       play --deck \"As Kd ...\" --stacks 100,100 --blinds 1/2 [--ante N [--ante-mode each|bb]]"
            + " [--button SEAT] [--currency USD] [--history out.json] --actions \"cbr 6, cc, ...\"");
    return 2;
  }
}
