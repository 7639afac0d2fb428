package dev.pitboss.gameserver.table;

import dev.pitboss.crds.TableRules;
import dev.pitboss.engine.clock.BlindSchedule;
import dev.pitboss.engine.clock.Period;
import dev.pitboss.engine.clock.TournamentClock;
import dev.pitboss.engine.game.AnteMode;
import dev.pitboss.engine.game.HandConfig;
import dev.pitboss.engine.game.HandState;
import dev.pitboss.engine.game.Outcome;
import dev.pitboss.engine.game.Posting;
import dev.pitboss.engine.game.TableSeating;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;

/** What differs between a cash table and a tournament table. */
final class TableModes {
  private TableModes() {}

  interface Mode {
    /** The blinds and clock of a hand dealt now. */
    HandConfig config(Instant now);

    TableSeating join(TableSeating seating, int seat, String player, long chips);

    Rake rake();

    void handFinished(Table table, long hand, HandState finished, Outcome outcome);

    /** A tournament player released for a move left with {@code chips}. */
    default void released(Table table, String player, long chips) {}

    void left(Table table, String player, long chips);
  }

  static Mode of(TableRules rules, TournamentDirector director) {
    return rules.cash() != null ? new Cash(rules) : new Tournament(rules, director);
  }

  /** Fixed blinds in the table's currency; new players owe a big blind (TableSeating's rules). */
  record Cash(HandConfig fixed, Rake rake) implements Mode {
    Cash(TableRules rules) {
      this(
          HandConfig.blinds(
                  rules.cash().currency(), rules.cash().smallBlind(), rules.cash().bigBlind())
              .withActionTime(Duration.ofSeconds(rules.actionSeconds())),
          new Rake(rules.cash().rakeBasisPoints(), rules.cash().rakeCap()));
    }

    @Override
    public HandConfig config(Instant now) {
      return fixed;
    }

    @Override
    public TableSeating join(TableSeating seating, int seat, String player, long chips) {
      return seating.join(seat, player, chips);
    }

    @Override
    public void handFinished(Table table, long hand, HandState finished, Outcome outcome) {}

    @Override
    public void left(Table table, String player, long chips) {}
  }

  /**
   * Tournament chips, blinds from the tournament clock (TDA big-blind ante), and every player dealt
   * in from the moment they sit: a player moved here owes nothing. Results go to the director.
   */
  static final class Tournament implements Mode {
    private final TableRules rules;
    private final TournamentDirector director;
    private TournamentClock clock;

    Tournament(TableRules rules, TournamentDirector director) {
      this.rules = rules;
      this.director = director;
      var start =
          rules.tournament().startTime() == null
              ? Instant.EPOCH
              : Instant.parse(rules.tournament().startTime());
      this.clock = TournamentClock.startingAt(start, schedule(rules));
    }

    static BlindSchedule schedule(TableRules rules) {
      var periods = new ArrayList<Period>();
      for (var l : rules.tournament().blinds())
        periods.add(
            new Period.Level(
                l.smallBlind(), l.bigBlind(), l.ante(), Duration.ofMinutes(l.minutes())));
      return new BlindSchedule(periods);
    }

    /** The director's start instant replaces the scheduled one. */
    void startAt(Instant start) {
      clock = TournamentClock.startingAt(start, clock.schedule());
    }

    @Override
    public HandConfig config(Instant now) {
      var level = clock.at(now).blinds();
      var config =
          HandConfig.blinds("CHIPS", level.smallBlind(), level.bigBlind())
              .withActionTime(Duration.ofSeconds(rules.actionSeconds()));
      return level.ante() > 0 ? config.withAnte(level.ante(), AnteMode.BIG_BLIND) : config;
    }

    @Override
    public TableSeating join(TableSeating seating, int seat, String player, long chips) {
      var occupants = new HashMap<>(seating.join(seat, player, chips).occupants());
      occupants.put(seat, new TableSeating.Occupant(player, chips, false, false, false));
      return new TableSeating(
          seating.config(),
          seating.seatCount(),
          occupants,
          seating.buttonSeat(),
          seating.smallBlindSeat(),
          seating.bigBlindSeat());
    }

    @Override
    public Rake rake() {
      return Rake.NONE;
    }

    @Override
    public void handFinished(Table table, long hand, HandState finished, Outcome outcome) {
      var stacks = new ArrayList<TableEvent.Stack>();
      var busts = new ArrayList<TournamentDirector.Bust>();
      for (var r : outcome.results()) {
        stacks.add(new TableEvent.Stack(r.seat(), r.playerId(), r.finalStack()));
        if (r.finalStack() == 0)
          busts.add(new TournamentDirector.Bust(r.playerId(), r.startingStack()));
      }
      int bigBlind =
          finished.postings().stream()
              .filter(p -> p.kind() == Posting.Kind.BIG_BLIND)
              .mapToInt(Posting::seat)
              .findFirst()
              .orElse(0);
      director.handFinished(table.id(), hand, bigBlind, List.copyOf(stacks), List.copyOf(busts));
    }

    @Override
    public void released(Table table, String player, long chips) {
      director.released(table.id(), player, chips);
    }

    @Override
    public void left(Table table, String player, long chips) {}
  }
}
