package dev.pitboss.engine.history;

import dev.pitboss.engine.bots.Bot;
import dev.pitboss.engine.bots.RandomBot;
import dev.pitboss.engine.bots.RuleBot;
import dev.pitboss.engine.cards.Card;
import dev.pitboss.engine.cards.Deck;
import dev.pitboss.engine.game.AnteMode;
import dev.pitboss.engine.game.Hand;
import dev.pitboss.engine.game.HandConfig;
import dev.pitboss.engine.game.HandSetup;
import dev.pitboss.engine.game.HandState;
import dev.pitboss.engine.game.SeatedPlayer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.SplittableRandom;

/**
 * Plays whole random hands with bots (and now and then a timeout) for history tests; public for the
 * hand-history module's tests, which get it through this module's test jar.
 */
public final class RandomHands {

  public static final Instant T0 = Instant.parse("2026-03-01T18:00:00Z");

  private RandomHands() {}

  public static Deck shuffled(SplittableRandom rng) {
    var cards = new ArrayList<Card>(Card.all());
    for (int i = cards.size() - 1; i > 0; i--) Collections.swap(cards, i, rng.nextInt(i + 1));
    return new Deck(cards);
  }

  public static HandSetup setup(SplittableRandom rng, int n) {
    long bb = 2 + rng.nextInt(100);
    var mode = AnteMode.values()[rng.nextInt(3)];
    var config =
        HandConfig.blinds("EUR", bb / 2, bb)
            .withAnte(mode == AnteMode.NONE ? 0 : 1 + rng.nextLong(bb), mode);
    var players = new ArrayList<SeatedPlayer>();
    int seat = 1 + rng.nextInt(10);
    for (int i = 0; i < n; i++) {
      long stack = rng.nextInt(5) == 0 ? 1 + rng.nextLong(bb * 3) : bb * (10 + rng.nextInt(150));
      players.add(new SeatedPlayer(seat, "player-" + seat, stack));
      seat = seat % 10 + 1;
    }
    return HandSetup.of(config, players, players.get(rng.nextInt(n)).seat());
  }

  public static HandState play(SplittableRandom rng, HandSetup setup, Deck deck) {
    Bot[] bots = {new RandomBot(), new RuleBot()};
    var state = Hand.start(setup, deck, T0);
    var at = T0;
    while (!state.isComplete()) {
      at = at.plusMillis(200 + rng.nextInt(5000));
      if (rng.nextInt(20) == 0) {
        at = state.deadline().orElseThrow();
        state = state.timeout(at).state();
      } else {
        int seat = state.seatToAct().orElseThrow();
        state = state.apply(seat, bots[rng.nextInt(2)].decide(state, rng), at).state();
      }
    }
    return state;
  }
}
