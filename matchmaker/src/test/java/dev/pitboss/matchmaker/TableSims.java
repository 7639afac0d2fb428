package dev.pitboss.matchmaker;

import dev.pitboss.engine.bots.RandomBot;
import dev.pitboss.engine.bots.RuleBot;
import dev.pitboss.engine.fairness.Shuffler;
import dev.pitboss.engine.game.Hand;
import dev.pitboss.engine.game.HandConfig;
import dev.pitboss.engine.game.HandSetup;
import dev.pitboss.engine.game.SeatedPlayer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;

/**
 * A STAND-IN for the tournament side of the game server (game-server/server): tables that obey the
 * director's commands as the contract says and play real hands with the engine in-process and bots,
 * reporting each hand's stacks and busts. Hands are dealt whole, so "between hands" is whenever a
 * command arrives. Blinds rise with the number of hands dealt over all tables, like a clock, so a
 * tournament ends.
 */
final class TableSims {
  /** What a table reports, as the results stream carries it. */
  sealed interface Report {
    String table();
  }

  record HandReport(
      String table,
      Map<Integer, TournamentDirector.Seat> stacks,
      List<TournamentDirector.Bust> busts)
      implements Report {}

  record Released(String table, String player, long chips) implements Report {}

  /** A command the table could not carry out, e.g. releasing a player who just busted. */
  record Refused(String table, String player, String message) implements Report {}

  static final class Sim {
    final String id;
    final TreeMap<Integer, TournamentDirector.Seat> seats = new TreeMap<>();
    int button;
    boolean started;
    boolean handForHand;
    int credits;
    boolean closed;

    Sim(String id) {
      this.id = id;
    }
  }

  final TreeMap<String, Sim> tables = new TreeMap<>(TournamentDirector::byNumber);
  final List<String> errors = new ArrayList<>();
  private final Shuffler shuffler = new Shuffler();
  private final SplittableRandom rng;
  long handsDealt;

  TableSims(long seed) {
    this.rng = new SplittableRandom(seed);
  }

  Sim table(String id) {
    return tables.computeIfAbsent(id, Sim::new);
  }

  /** Applies one command; a release answers at once with the player's chips. */
  List<Report> apply(TournamentDirector.Command c) {
    var t = table(c.table());
    return apply(t, c.fields());
  }

  private List<Report> apply(Sim t, Map<String, String> f) {
    var out = new ArrayList<Report>();
    switch (f.get("cmd")) {
      case "seat" -> {
        int seat = Integer.parseInt(f.get("seat"));
        if (t.closed) {
          errors.add("seat at closed table " + t.id);
        }
        if (t.seats.containsKey(seat)) {
          errors.add("seat " + seat + " of " + t.id + " is taken by " + t.seats.get(seat).player);
        }
        t.seats.put(
            seat, new TournamentDirector.Seat(f.get("player"), Long.parseLong(f.get("chips"))));
      }
      case "release" -> {
        var player = f.get("player");
        var entry =
            t.seats.entrySet().stream().filter(e -> e.getValue().player.equals(player)).findFirst();
        if (entry.isEmpty()) {
          out.add(new Refused(t.id, player, "release of " + player + " who is not at " + t.id));
        } else {
          // Read before removing: a removed TreeMap entry may be reused for its successor.
          long chips = entry.get().getValue().stack;
          t.seats.remove(entry.get().getKey());
          out.add(new Released(t.id, player, chips));
        }
      }
      case "start" -> t.started = true;
      case "handForHand" -> {
        t.handForHand = "1".equals(f.get("on"));
        t.credits = t.handForHand ? 1 : 0;
      }
      case "deal" -> t.credits++;
      case "close" -> {
        if (t.seats.size() > 1) {
          errors.add("close of " + t.id + " with " + t.seats.size() + " players");
        }
        t.closed = true;
      }
      default -> errors.add("unknown command " + f);
    }
    return out;
  }

  boolean canDeal(Sim t) {
    return t.started && !t.closed && t.seats.size() >= 2 && (!t.handForHand || t.credits > 0);
  }

  /** Deals one hand at a table and reports it. */
  HandReport play(Sim t) {
    if (t.handForHand) {
      t.credits--;
    }
    long level = handsDealt++ / 150;
    long bb = Math.min(100L << Math.min(level, 20), 1L << 40);
    var config = HandConfig.blinds("CHIPS", bb / 2, bb);
    var players = new ArrayList<SeatedPlayer>();
    t.seats.forEach((seat, s) -> players.add(new SeatedPlayer(seat, s.player, s.stack)));
    Integer next = t.seats.higherKey(t.button);
    t.button = next != null ? next : t.seats.firstKey();
    var state =
        Hand.start(HandSetup.of(config, players, t.button), shuffler.shuffle(), Instant.EPOCH);
    var random = new RandomBot();
    var rule = new RuleBot();
    while (!state.isComplete()) {
      int seat = state.seatToAct().orElseThrow();
      var bot = (seat % 2 == 0) ? random : rule;
      state = state.apply(seat, bot.decide(state, rng), Instant.EPOCH).state();
    }
    var stacks = new TreeMap<Integer, TournamentDirector.Seat>();
    var busts = new ArrayList<TournamentDirector.Bust>();
    for (var r : state.outcome().orElseThrow().results()) {
      if (r.finalStack() == 0) {
        busts.add(new TournamentDirector.Bust(r.playerId(), r.startingStack()));
        t.seats.remove(r.seat());
      } else {
        t.seats.get(r.seat()).stack = r.finalStack();
        stacks.put(r.seat(), new TournamentDirector.Seat(r.playerId(), r.finalStack()));
      }
    }
    return new HandReport(t.id, stacks, busts);
  }

  long chips() {
    return tables.values().stream()
        .flatMap(t -> t.seats.values().stream())
        .mapToLong(s -> s.stack)
        .sum();
  }
}
