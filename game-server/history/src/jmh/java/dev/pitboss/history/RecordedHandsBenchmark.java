package dev.pitboss.history;

import dev.pitboss.engine.bots.Bot;
import dev.pitboss.engine.bots.RandomBot;
import dev.pitboss.engine.bots.RuleBot;
import dev.pitboss.engine.cards.Card;
import dev.pitboss.engine.cards.Deck;
import dev.pitboss.engine.game.Hand;
import dev.pitboss.engine.game.HandConfig;
import dev.pitboss.engine.game.HandSetup;
import dev.pitboss.engine.game.HandState;
import dev.pitboss.engine.game.SeatedPlayer;
import dev.pitboss.engine.history.HandHistories;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Optional;
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
 * Complete random hands per second with their history: the hands of the engine's {@code
 * RandomHandsBenchmark} (same decks, stacks, blinds and bots), each followed by building its
 * {@code HandHistory} and writing its indented JSON. Its figures compare with that benchmark's
 * {@code play}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
@Fork(1)
public class RecordedHandsBenchmark {

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
  public String playAndRecord() {
    return HandHistoryJson.toJson(HandHistories.of(playOne(), "h", "t", Optional.empty()));
  }
}
