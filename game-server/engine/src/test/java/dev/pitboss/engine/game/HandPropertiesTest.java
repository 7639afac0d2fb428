package dev.pitboss.engine.game;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pitboss.engine.bots.Bot;
import dev.pitboss.engine.bots.RandomBot;
import dev.pitboss.engine.bots.RuleBot;
import dev.pitboss.engine.cards.Card;
import dev.pitboss.engine.cards.Deck;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.statistics.Statistics;

/**
 * Thousands of random hands, random table sizes, stakes, antes and stacks, played by random and
 * rule bots, with random (often illegal) actions thrown in between. The deck is shuffled here from
 * the seed; the engine itself takes no randomness.
 */
class HandPropertiesTest {

  @Property(tries = 3000)
  void chipsAreConservedEveryPotIsAwardedAndLegalityMatchesTheOracle(
      @ForAll long seed,
      @ForAll @IntRange(min = 2, max = 10) int players,
      @ForAll @LongRange(min = 1, max = 50) long bigBlind,
      @ForAll @IntRange(min = 0, max = 2) int anteMode) {
    var rng = new SplittableRandom(seed);
    var setup = randomSetup(rng, players, bigBlind, AnteMode.values()[anteMode]);
    var deck = shuffled(rng);
    var bots = new Bot[] {new RandomBot(), new RuleBot()};
    long total = setup.players().stream().mapToLong(SeatedPlayer::stack).sum();

    var state = Hand.start(setup, deck, TestHands.T0);
    assertThat(state.chipsInPlay()).isEqualTo(total);
    var at = TestHands.T0;
    int steps = 0;
    while (!state.isComplete()) {
      assertThat(++steps).as("hand terminates").isLessThan(500);
      at = at.plusMillis(1 + rng.nextInt(2000));
      // a random action from a random seat: accepted exactly when the oracle says it is legal
      int seat = rng.nextInt(12);
      var random = randomAction(rng, state);
      var result = state.apply(seat, random, at);
      assertThat(result.accepted())
          .as("seat %d %s in %s", seat, random, state)
          .isEqualTo(oracleAllows(state, seat, random));
      if (result.accepted()) {
        state = result.state();
      } else {
        var bot = bots[rng.nextInt(bots.length)];
        int toAct = state.seatToAct().orElseThrow();
        var chosen = bot.decide(state, rng);
        var botResult = state.apply(toAct, chosen, at);
        assertThat(botResult.accepted()).as("bot action %s refused in %s", chosen, state).isTrue();
        state = botResult.state();
      }
      assertThat(state.chipsInPlay()).isEqualTo(total);
    }
    var out = state.outcome().orElseThrow();
    assertThat(out.results().stream().mapToLong(Outcome.SeatResult::finalStack).sum())
        .isEqualTo(total);
    long potsAwarded = 0;
    for (var pot : out.pots()) {
      assertThat(pot.wins()).isNotEmpty();
      assertThat(pot.wins().stream().mapToLong(Pot.Win::amount).sum()).isEqualTo(pot.amount());
      assertThat(pot.eligibleSeats()).containsAll(pot.wins().stream().map(Pot.Win::seat).toList());
      potsAwarded += pot.amount();
    }
    long putIn = 0;
    for (var r : out.results()) putIn += r.startingStack() - r.finalStack();
    long won = 0;
    for (var pot : out.pots()) for (var w : pot.wins()) won += w.amount();
    assertThat(potsAwarded).isEqualTo(won);
    assertThat(putIn).as("what losers lost equals what winners won").isZero();
    assertThat(state.apply(setup.buttonSeat(), Action.fold(), at).accepted()).isFalse();

    assertThat(replay(setup, deck, state.actions())).isEqualTo(out);

    // the random hands must actually reach the tricky paths, not just fold around
    Statistics.label("side pots").collect(out.pots().size() > 1);
    Statistics.label("showdown").collect(out.showdowns().stream().anyMatch(Showdown::shown));
    Statistics.label("split pot").collect(out.pots().stream().anyMatch(p -> p.wins().size() > 1));
    Statistics.label("side pots").coverage(c -> c.check(true).percentage(p -> p > 5));
    Statistics.label("showdown").coverage(c -> c.check(true).percentage(p -> p > 20));
    Statistics.label("split pot").coverage(c -> c.check(true).count(n -> n > 10));
  }

  /** Re-running the recorded actions on the same deck gives the same outcome. */
  static Outcome replay(HandSetup setup, Deck deck, List<ActionRecord> actions) {
    var s = Hand.start(setup, deck, TestHands.T0);
    for (var a : actions) {
      s = a.timedOut() ? s.timeout(a.at()).state() : s.apply(a.seat(), a.action(), a.at()).state();
    }
    return s.outcome().orElseThrow();
  }

  static boolean oracleAllows(HandState s, int seat, Action a) {
    var legalOpt = s.legalActions();
    if (legalOpt.isEmpty()) return false;
    var legal = legalOpt.get();
    if (seat != legal.seat()) return false;
    long allInTotal = s.streetBet(seat) + s.stack(seat);
    return switch (a) {
      case Action.Fold f -> true;
      case Action.Check c -> legal.canCheck();
      case Action.Call c -> legal.canCall();
      case Action.Bet b -> legal.canBet() && legal.allowsTotal(b.amount());
      case Action.Raise r -> legal.canRaise() && legal.allowsTotal(r.to());
      case Action.AllIn x -> allInTotal <= s.currentBet() || legal.canBetOrRaise();
    };
  }

  static Action randomAction(SplittableRandom rng, HandState s) {
    long scale = Math.max(1, s.currentBet() * 3 + s.config().bigBlind() * 4);
    return switch (rng.nextInt(6)) {
      case 0 -> rng.nextInt(4) == 0 ? Action.fold() : Action.check();
      case 1 -> Action.check();
      case 2 -> Action.call();
      case 3 -> Action.bet(rng.nextLong(-2, scale));
      case 4 -> Action.raiseTo(rng.nextLong(-2, scale));
      default -> Action.allIn();
    };
  }

  static HandSetup randomSetup(SplittableRandom rng, int n, long bigBlind, AnteMode mode) {
    var seats = new ArrayList<Integer>();
    for (int s = 1; s <= 10; s++) seats.add(s);
    Collections.shuffle(seats, new java.util.Random(rng.nextLong()));
    var players = new ArrayList<SeatedPlayer>();
    for (int i = 0; i < n; i++) {
      // mostly deep stacks, sometimes a few blinds or less, to force short all-ins
      long stack =
          rng.nextInt(4) == 0 ? 1 + rng.nextLong(bigBlind * 3) : bigBlind * (20 + rng.nextInt(200));
      players.add(new SeatedPlayer(seats.get(i), "p" + i, stack));
    }
    long sb = rng.nextBoolean() ? bigBlind / 2 : bigBlind;
    long ante = mode == AnteMode.NONE ? 0 : 1 + rng.nextLong(bigBlind);
    var config = HandConfig.blinds("USD", sb, bigBlind).withAnte(ante, mode);
    var post = new HashSet<Integer>();
    var dead = new HashSet<Integer>();
    var setup = HandSetup.of(config, players, players.get(rng.nextInt(n)).seat());
    if (n > 3) {
      var order = setup.inDealOrder();
      int poster = order.get(2 + rng.nextInt(n - 2)).seat(); // not a blind
      post.add(poster);
      if (rng.nextBoolean()) dead.add(poster);
    }
    return new HandSetup(config, players, setup.buttonSeat(), post, dead);
  }

  static Deck shuffled(SplittableRandom rng) {
    var cards = new ArrayList<Card>(Card.all());
    for (int i = cards.size() - 1; i > 0; i--) Collections.swap(cards, i, rng.nextInt(i + 1));
    return new Deck(cards);
  }

  static Instant at(Instant base, long millis) {
    return base.plusMillis(millis);
  }
}
