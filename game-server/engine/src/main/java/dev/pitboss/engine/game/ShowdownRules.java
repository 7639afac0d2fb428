package dev.pitboss.engine.game;

import dev.pitboss.engine.cards.Card;
import dev.pitboss.engine.cards.Deck;
import dev.pitboss.engine.eval.HandEvaluator;
import dev.pitboss.engine.game.PotRules.Layer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The end of a hand: who shows and who mucks, how strong each hand is, and who wins each pot, odd
 * chips included. Players are indices in deal order, as in {@link HandState}; hole cards and board
 * are read from the deck positions the deal used.
 */
final class ShowdownRules {

  private ShowdownRules() {}

  /** The strength of every player still in the hand ({@link HandEvaluator}); 0 for a fold. */
  static int[] strengths(Deck deck, boolean[] folded) {
    int n = folded.length;
    int[] strength = new int[n];
    for (int i = 0; i < n; i++) if (!folded[i]) strength[i] = strengthOf(deck, n, i);
    return strength;
  }

  /**
   * Who shows and who mucks. The last aggressor of the river shows first, otherwise the first
   * player left of the button, then clockwise (TDA rules, "Showdown Order"). A later player shows
   * only a hand that wins or ties a pot they are in against the hands already shown, and mucks
   * otherwise. When the showdown follows an all-in with no more betting possible ({@code runout}),
   * every hand is tabled.
   *
   * @param aggressor the river's last aggressor, or -1 if nobody bet
   */
  static List<Showdown> showOrder(
      SeatedPlayer[] players,
      Deck deck,
      boolean[] folded,
      List<Layer> layers,
      int[] strength,
      int aggressor,
      boolean runout) {
    int n = players.length;
    int first = aggressor >= 0 && !runout ? aggressor : 0;
    int[] bestShown = new int[layers.size()];
    Arrays.fill(bestShown, Integer.MIN_VALUE);
    var shows = new ArrayList<Showdown>();
    for (int k = 0; k < n; k++) {
      int i = (first + k) % n;
      if (folded[i]) continue;
      boolean show = runout;
      for (int p = 0; p < layers.size(); p++)
        if (layers.get(p).eligible().contains(i) && strength[i] >= bestShown[p]) show = true;
      if (show)
        for (int p = 0; p < layers.size(); p++)
          if (layers.get(p).eligible().contains(i))
            bestShown[p] = Math.max(bestShown[p], strength[i]);
      shows.add(
          new Showdown(
              players[i].seat(), hole(deck, n, i), show, HandEvaluator.describe(strength[i])));
    }
    return shows;
  }

  /** The hands left when everyone else folded: nothing is shown or described. */
  static List<Showdown> unshown(SeatedPlayer[] players, Deck deck, boolean[] folded) {
    int n = players.length;
    var shows = new ArrayList<Showdown>();
    for (int i = 0; i < n; i++)
      if (!folded[i]) shows.add(new Showdown(players[i].seat(), hole(deck, n, i), false, ""));
    return shows;
  }

  /**
   * Splits a pot between the best hands among its eligible players and adds the winnings to {@code
   * stack}. Odd chips (the remainder of the division, in minor units) go one each to the winners in
   * clockwise order starting left of the button (TDA rules, "Odd Chips"; Robert's Rules: "the odd
   * chip goes to the first hand clockwise from the button").
   */
  static Pot award(Layer layer, int[] strength, SeatedPlayer[] players, long[] stack) {
    int best = Integer.MIN_VALUE;
    for (int i : layer.eligible()) best = Math.max(best, strength[i]);
    var winners = new ArrayList<Integer>();
    for (int i : layer.eligible()) if (strength[i] == best) winners.add(i);
    long share = layer.amount() / winners.size();
    long odd = layer.amount() % winners.size();
    var wins = new ArrayList<Pot.Win>();
    for (int k = 0; k < winners.size(); k++) {
      int i = winners.get(k);
      long won = share + (k < odd ? 1 : 0);
      stack[i] = Math.addExact(stack[i], won);
      wins.add(new Pot.Win(players[i].seat(), won));
    }
    var seats = layer.eligible().stream().map(i -> players[i].seat()).toList();
    return new Pot(layer.amount(), seats, wins);
  }

  private static List<Card> hole(Deck deck, int n, int i) {
    return List.of(deck.get(i), deck.get(n + i));
  }

  private static int strengthOf(Deck deck, int n, int i) {
    // The deck is a permutation (Deck refuses a repeated card), so the unchecked path is safe.
    return HandEvaluator.evaluate7Unchecked(
        deck.get(i).index(),
        deck.get(n + i).index(),
        deck.get(2 * n + 1).index(),
        deck.get(2 * n + 2).index(),
        deck.get(2 * n + 3).index(),
        deck.get(2 * n + 5).index(),
        deck.get(2 * n + 7).index());
  }
}
