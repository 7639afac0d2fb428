package dev.pitboss.matchmaker;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.security.SecureRandom;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The director against a simulated 1,000-entrant tournament: real hands from the engine in-process
 * (bots), tables obeying the director's commands ({@link TableSims}, a stand-in for the game
 * server), the director's state thrown away and rebuilt from its JSON midway as a restarted
 * matchmaker would. After every balancing step: table sizes within one, nobody lost or twice, chips
 * conserved; at the end one winner and payouts summing to the prize pool.
 */
class DirectorSimulationTest {
  static final ObjectMapper JSON =
      new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

  /** 30 paid places: 20, 12, 8, seven times 4, twelve times 2, eight times 1 (sums to 100). */
  static final List<Integer> PERCENTS = percents();

  static List<Integer> percents() {
    var p = new ArrayList<>(List.of(20, 12, 8));
    for (int i = 0; i < 7; i++) p.add(4);
    for (int i = 0; i < 12; i++) p.add(2);
    for (int i = 0; i < 8; i++) p.add(1);
    return List.copyOf(p);
  }

  @Test
  void thousandEntrantsPlayDownToOneWinnerThroughARestart() throws Exception {
    int entrants = 1_000;
    var state = new TournamentDirector.State();
    state.seatsPerTable = 9;
    state.startingStack = 10_000;
    state.paidPlaces = PERCENTS.size();
    var director = new TournamentDirector(state, seeded(1));
    var sims = new TableSims(42);
    var players = new ArrayList<String>();
    for (int i = 0; i < entrants; i++) {
      players.add("p" + i);
    }
    var tableIds = new ArrayList<String>();
    for (int t = 1; t <= 112; t++) {
      tableIds.add("tournament/sim/main/" + t);
    }
    var queue = new ArrayDeque<TableSims.Report>();
    send(sims, queue, director.draw(players, tableIds, 0));
    drain(director, sims, queue);
    check(director.state(), sims, entrants);

    int steps = 0;
    boolean restarted = false;
    int maxTables = sims.tables.size();
    boolean sawHandForHand = false;
    while (!"finished".equals(director.state().phase)) {
      var dealt = false;
      for (var t : List.copyOf(sims.tables.values())) {
        if (sims.canDeal(t)) {
          queue.add(sims.play(t));
          dealt = true;
          drain(director, sims, queue);
          check(director.state(), sims, entrants);
          sawHandForHand |= director.state().handForHand;
          steps++;
        }
      }
      assertThat(dealt).as("some table can deal while the tournament runs").isTrue();
      if (!restarted && director.state().playersLeft() < entrants / 2) {
        var json = JSON.writeValueAsString(director.state());
        director =
            new TournamentDirector(JSON.readValue(json, TournamentDirector.State.class), seeded(2));
        restarted = true;
      }
    }
    assertThat(restarted).isTrue();
    assertThat(sawHandForHand).isTrue();
    assertThat(sims.errors).isEmpty();
    var finishes = director.state().finishes;
    assertThat(finishes).hasSize(entrants);
    assertThat(finishes.stream().map(Payouts.Finish::player).distinct()).hasSize(entrants);
    assertThat(finishes.stream().filter(f -> f.place() == 1)).hasSize(1);
    long pool = entrants * 10_000L;
    var prizes = Payouts.split(pool, PERCENTS, finishes);
    assertThat(prizes.values().stream().mapToLong(Long::longValue).sum()).isEqualTo(pool);
    assertThat(maxTables).isEqualTo(112);
    assertThat(steps).isPositive();
  }

  /**
   * A reproducible random source for the director: the simulated tables are seeded too, so the run
   * (and whether it reaches hand-for-hand at the bubble) is the same every time. SHA1PRNG seeded
   * before its first use is deterministic; production uses the DRBG.
   */
  static SecureRandom seeded(long seed) throws Exception {
    var random = SecureRandom.getInstance("SHA1PRNG");
    random.setSeed(seed);
    return random;
  }

  static void send(
      TableSims sims,
      ArrayDeque<TableSims.Report> queue,
      List<TournamentDirector.Command> commands) {
    for (var c : commands) {
      queue.addAll(sims.apply(c));
    }
  }

  static void drain(
      TournamentDirector director, TableSims sims, ArrayDeque<TableSims.Report> queue) {
    while (!queue.isEmpty()) {
      var report = queue.poll();
      var commands =
          switch (report) {
            case TableSims.HandReport h -> director.onHand(h.table(), h.stacks(), h.busts());
            case TableSims.Released r -> director.onReleased(r.table(), r.player(), r.chips());
            case TableSims.Refused r -> {
              // Commands and hands are synchronous here, so the director must never ask for this.
              sims.errors.add(r.message());
              yield List.<TournamentDirector.Command>of();
            }
          };
      send(sims, queue, commands);
    }
  }

  /** The invariants after each balancing step, once every move it asked for is done. */
  static void check(TournamentDirector.State state, TableSims sims, int entrants) {
    assertThat(sims.errors).isEmpty();
    var sizes =
        sims.tables.values().stream()
            .filter(t -> !t.closed)
            .mapToInt(t -> t.seats.size())
            .summaryStatistics();
    // Mid hand-for-hand round the director waits for every table before it balances (TDA).
    boolean midRound = state.handForHand && !state.roundReported.isEmpty();
    if ("running".equals(state.phase)
        && !midRound
        && state.playersLeft() > PERCENTS.size()
        && state.playersLeft() <= PERCENTS.size() + state.tables.size()
        && state.tables.size() > 1) {
      assertThat(state.handForHand).as("hand-for-hand on the bubble").isTrue();
    }
    if ("running".equals(state.phase) && !midRound) {
      assertThat(sizes.getMax() - sizes.getMin())
          .as("table sizes within one")
          .isLessThanOrEqualTo(1);
    }
    var seated = new ArrayList<String>();
    sims.tables.values().forEach(t -> t.seats.values().forEach(s -> seated.add(s.player)));
    // Busts of a hand-for-hand round are placed together when the round ends.
    var finished = new ArrayList<>(state.finishes.stream().map(Payouts.Finish::player).toList());
    state.roundBusts.forEach(b -> finished.add(b.player()));
    var all = new HashSet<String>(seated);
    all.addAll(finished);
    assertThat(seated.size() + finished.size() - (state.phase.equals("finished") ? 1 : 0))
        .as("nobody twice")
        .isEqualTo(all.size());
    assertThat(all).as("nobody lost").hasSize(entrants);
    assertThat(sims.chips()).as("chips conserved").isEqualTo(entrants * 10_000L);
  }
}
