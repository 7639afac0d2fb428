package dev.pitboss.engine.game;

import dev.pitboss.engine.bots.Bot;
import dev.pitboss.engine.bots.RandomBot;
import dev.pitboss.engine.bots.RuleBot;
import dev.pitboss.engine.cards.Card;
import dev.pitboss.engine.cards.Deck;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Complete random hands per second: deal, every action chosen by a bot and applied through the
 * engine's legality checks, pots and showdown. Decks are shuffled up front so the figure is the
 * engine's, not the shuffle's. The same hands with their JSON history are {@code
 * dev.pitboss.history.RecordedHandsBenchmark} in the hand-history module.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
@Fork(1)
public class RandomHandsBenchmark {

  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  @Param({"2", "6", "10"})
  int players;

  @Param({"random", "rule"})
  String bot;

  private Deck[] decks;
  private HandSetup setup;
  private Bot strategy;
  private SplittableRandom rng;
  private int next;

  @Setup
  public void setUp() {
    var seed = new SplittableRandom(2026);
    decks = new Deck[1024];
    for (int d = 0; d < decks.length; d++) {
      var cards = new ArrayList<Card>(Card.all());
      for (int i = cards.size() - 1; i > 0; i--) Collections.swap(cards, i, seed.nextInt(i + 1));
      decks[d] = new Deck(cards);
    }
    var seated = new ArrayList<SeatedPlayer>();
    for (int s = 1; s <= players; s++) seated.add(new SeatedPlayer(s, "p" + s, 10_000));
    setup = HandSetup.of(HandConfig.blinds("USD", 50, 100), seated, players);
    strategy = bot.equals("rule") ? new RuleBot() : new RandomBot();
    rng = new SplittableRandom(7);
  }

  private HandState playOne() {
    var state = Hand.start(setup, decks[next++ & (decks.length - 1)], T0);
    var at = T0;
    while (!state.isComplete()) {
      at = at.plusSeconds(1);
      state = state.apply(state.seatToAct().getAsInt(), strategy.decide(state, rng), at).state();
    }
    return state;
  }

  @Benchmark
  public Outcome play() {
    return playOne().outcome().orElseThrow();
  }
}
