package dev.pitboss.engine.game;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The pots of a finished hand, before anyone wins them: the uncalled part of the top bet goes back,
 * the live contributions are cut into a main pot and side pots by contribution level, and dead
 * money joins the main pot. Players are indices in deal order, as in {@link HandState}.
 */
final class PotRules {

  private PotRules() {}

  /** A pot to award: its chips and the players still in the hand who may win it. */
  record Layer(long amount, List<Integer> eligible) {}

  /** The uncalled bet returned to player {@code index}; index -1 and amount 0 if there was none. */
  record Uncalled(int index, long amount) {}

  /**
   * Returns to the top contributor what they put in beyond anyone else: takes it out of {@code
   * committed} and puts it back on their {@code stack}.
   */
  static Uncalled returnUncalled(long[] committed, long[] stack) {
    int n = committed.length;
    int top = 0;
    for (int i = 1; i < n; i++) if (committed[i] > committed[top]) top = i;
    long second = 0;
    for (int i = 0; i < n; i++) if (i != top) second = Math.max(second, committed[i]);
    if (committed[top] <= second) return new Uncalled(-1, 0);
    long uncalled = committed[top] - second;
    committed[top] = second;
    stack[top] += uncalled;
    return new Uncalled(top, uncalled);
  }

  /**
   * Main pot and side pots from the contribution levels (adjacent levels with the same eligible
   * players merge); dead money goes to the main pot. Main pot first.
   */
  static List<Layer> layers(long[] committed, boolean[] folded, long dead) {
    int n = committed.length;
    long[] levels = committed.clone();
    Arrays.sort(levels);
    var layers = new ArrayList<Layer>();
    long prev = 0;
    for (long level : levels) {
      if (level <= prev) continue;
      long amount = 0;
      var eligible = new ArrayList<Integer>();
      for (int i = 0; i < n; i++) {
        amount += Math.min(committed[i], level) - Math.min(committed[i], prev);
        if (!folded[i] && committed[i] >= level) eligible.add(i);
      }
      if (eligible.isEmpty())
        throw new IllegalStateException("no player left for a pot layer at " + level);
      if (!layers.isEmpty() && layers.getLast().eligible().equals(eligible)) {
        var merged = layers.removeLast();
        layers.add(new Layer(merged.amount() + amount, eligible));
      } else {
        layers.add(new Layer(amount, List.copyOf(eligible)));
      }
      prev = level;
    }
    if (layers.isEmpty()) {
      // A walk with no small blind: the big blind came back as uncalled; only dead money is left.
      if (dead == 0) return layers;
      var inHand = new ArrayList<Integer>();
      for (int i = 0; i < n; i++) if (!folded[i]) inHand.add(i);
      layers.add(new Layer(0, List.copyOf(inHand)));
    }
    var main = layers.getFirst();
    layers.set(0, new Layer(Math.addExact(main.amount(), dead), main.eligible()));
    return layers;
  }
}
