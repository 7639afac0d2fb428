package dev.pitboss.engine.game;

import dev.pitboss.engine.cards.Card;
import dev.pitboss.engine.cards.Deck;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Builds hands for tests: seats 1..n, button on seat n, so seat k is deal index k-1. */
final class TestHands {

  static final Instant T0 = Instant.parse("2026-01-01T12:00:00Z");

  private TestHands() {}

  /**
   * A deck giving seat k the hole cards {@code holes[k-1]} (e.g. "As Kd") and the given board (five
   * cards); burn cards are taken from the unused ones.
   */
  static Deck deck(String board, String... holes) {
    int n = holes.length;
    var used = new ArrayList<Card>();
    var first = new Card[n];
    var second = new Card[n];
    for (int i = 0; i < n; i++) {
      var pair = holes[i].trim().split("\\s+");
      first[i] = Card.parse(pair[0]);
      second[i] = Card.parse(pair[1]);
      used.add(first[i]);
      used.add(second[i]);
    }
    var boardCards = new ArrayList<Card>();
    for (var c : board.trim().split("\\s+")) boardCards.add(Card.parse(c));
    used.addAll(boardCards);
    var spare = new ArrayList<>(Card.all().stream().filter(c -> !used.contains(c)).toList());
    var order = new ArrayList<Card>();
    order.addAll(List.of(first));
    order.addAll(List.of(second));
    order.add(spare.removeFirst());
    order.addAll(boardCards.subList(0, 3));
    order.add(spare.removeFirst());
    order.add(boardCards.get(3));
    order.add(spare.removeFirst());
    order.add(boardCards.get(4));
    order.addAll(spare);
    return new Deck(order);
  }

  static HandSetup setup(HandConfig config, long... stacks) {
    var players = new ArrayList<SeatedPlayer>();
    for (int i = 0; i < stacks.length; i++)
      players.add(new SeatedPlayer(i + 1, "p" + (i + 1), stacks[i]));
    return HandSetup.of(config, players, stacks.length);
  }

  static HandState start(HandConfig config, Deck deck, long... stacks) {
    return Hand.start(setup(config, stacks), deck, T0);
  }

  /** Applies actions in turn order; each must be accepted. */
  static HandState play(HandState state, Action... actions) {
    var at = state.actions().isEmpty() ? state.startedAt() : state.actions().getLast().at();
    for (var a : actions) {
      at = at.plusSeconds(1);
      int seat = state.seatToAct().orElseThrow();
      state = state.apply(seat, a, at).state();
    }
    return state;
  }

  static long startingTotal(HandState s) {
    return s.players().stream().mapToLong(SeatedPlayer::stack).sum();
  }
}
