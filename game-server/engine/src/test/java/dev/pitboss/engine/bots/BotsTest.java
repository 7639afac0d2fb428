package dev.pitboss.engine.bots;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pitboss.engine.cards.Card;
import dev.pitboss.engine.cards.Deck;
import dev.pitboss.engine.game.Action;
import dev.pitboss.engine.game.Hand;
import dev.pitboss.engine.game.HandConfig;
import dev.pitboss.engine.game.HandSetup;
import dev.pitboss.engine.game.HandState;
import dev.pitboss.engine.game.SeatedPlayer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class BotsTest {

  static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  private static HandState hand(String deck) {
    var players =
        List.of(
            new SeatedPlayer(1, "a", 200),
            new SeatedPlayer(2, "b", 200),
            new SeatedPlayer(3, "c", 200));
    return Hand.start(
        HandSetup.of(HandConfig.blinds("USD", 1, 2), players, 3), Deck.parse(deck), T0);
  }

  private static List<Action> playOut(Bot bot, long seed) {
    var rng = new SplittableRandom(seed);
    var state = hand("");
    var actions = new ArrayList<Action>();
    var at = T0;
    while (!state.isComplete()) {
      at = at.plusSeconds(1);
      var a = bot.decide(state, rng);
      actions.add(a);
      state = state.apply(state.seatToAct().orElseThrow(), a, at).state();
    }
    return actions;
  }

  @Test
  void botsAreDeterministicGivenTheirGenerator() {
    for (Bot bot : new Bot[] {new RandomBot(), new RuleBot()}) {
      assertThat(playOut(bot, 99)).isEqualTo(playOut(bot, 99));
    }
  }

  @Test
  void theRandomBotUsesEveryKindOfActionAndSizes() {
    var seen = new java.util.HashSet<Class<?>>();
    var sizes = new java.util.HashSet<Long>();
    for (long seed = 0; seed < 200; seed++)
      for (var a : playOut(new RandomBot(), seed)) {
        seen.add(a.getClass());
        if (a instanceof Action.Raise r) sizes.add(r.to());
      }
    assertThat(seen)
        .contains(Action.Fold.class, Action.Check.class, Action.Call.class, Action.Raise.class);
    assertThat(sizes.size()).isGreaterThan(20);
  }

  @Test
  void theRuleBotRaisesStrongHandsAndFoldsTrashToARaise() {
    // seat 3 (button, first to act) holds aces; seat 1 holds 7-2 offsuit
    var s = hand("7c 2c As 2d 3h Ad");
    var rng = new SplittableRandom(1);
    var bot = new RuleBot();
    assertThat(bot.decide(s, rng)).isInstanceOf(Action.Raise.class);
    s = s.apply(3, bot.decide(s, rng), T0.plusSeconds(1)).state();
    assertThat(s.holeCards(1)).containsExactly(Card.parse("7c"), Card.parse("2d"));
    assertThat(bot.decide(s, rng)).isEqualTo(Action.fold());
  }
}
