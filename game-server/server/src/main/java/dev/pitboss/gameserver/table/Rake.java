package dev.pitboss.gameserver.table;

import dev.pitboss.engine.game.Outcome;
import dev.pitboss.engine.game.Pot;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The house's share of a cash hand: {@code basisPoints} of the pots (the uncalled bet is not in
 * them), at most {@code cap}, and nothing when no flop was dealt ("no flop, no drop"). It comes out
 * of the main pot's winnings first, then each side pot's in order; within a pot it is split in
 * proportion to what each winner won, and the remainder of the split (in minor units) is taken from
 * the winners in the pot's award order, one unit each, so the rake is always exact.
 */
record Rake(int basisPoints, long cap) {

  static final Rake NONE = new Rake(0, 0);

  /** The outcome with the rake taken from the winners, and the rake. */
  record Taken(Outcome outcome, long rake) {}

  Taken take(Outcome outcome, boolean flopDealt) {
    long total = 0;
    for (var pot : outcome.pots()) total = Math.addExact(total, pot.amount());
    // total <= 10 stacks of at most 10^12 and basisPoints <= 1000: the product fits in a long.
    long rake = flopDealt ? Math.multiplyExact(total, basisPoints) / 10_000 : 0;
    if (cap > 0) rake = Math.min(rake, cap);
    if (rake == 0) return new Taken(outcome, 0);

    long left = rake;
    var pots = new ArrayList<Pot>();
    var taken = new HashMap<Integer, Long>();
    for (var pot : outcome.pots()) {
      long fromPot = Math.min(left, pot.amount());
      left -= fromPot;
      pots.add(new Pot(pot.amount() - fromPot, pot.eligibleSeats(), share(pot, fromPot, taken)));
    }
    var results = new ArrayList<Outcome.SeatResult>();
    for (var r : outcome.results()) {
      long minus = taken.getOrDefault(r.seat(), 0L);
      results.add(
          new Outcome.SeatResult(
              r.seat(), r.playerId(), r.startingStack(), r.finalStack() - minus));
    }
    var raked =
        new Outcome(
            outcome.uncalledSeat(), outcome.uncalledAmount(), pots, outcome.showdowns(), results);
    return new Taken(raked, rake);
  }

  /** The pot's wins less {@code amount}, split in proportion to each win. */
  private static List<Pot.Win> share(Pot pot, long amount, Map<Integer, Long> taken) {
    if (amount == 0 || pot.amount() == 0) return pot.wins();
    long[] cut = new long[pot.wins().size()];
    long assigned = 0;
    for (int i = 0; i < cut.length; i++) {
      cut[i] = proportion(pot.wins().get(i).amount(), amount, pot.amount());
      assigned += cut[i];
    }
    for (int i = 0; assigned < amount; i = (i + 1) % cut.length) {
      if (cut[i] < pot.wins().get(i).amount()) {
        cut[i]++;
        assigned++;
      }
    }
    var wins = new ArrayList<Pot.Win>();
    for (int i = 0; i < cut.length; i++) {
      var w = pot.wins().get(i);
      taken.merge(w.seat(), cut[i], Long::sum);
      wins.add(new Pot.Win(w.seat(), w.amount() - cut[i]));
    }
    return wins;
  }

  /** {@code a * b / c} rounded down, exact even where {@code a * b} does not fit in a long. */
  private static long proportion(long a, long b, long c) {
    long high = Math.multiplyHigh(a, b);
    long low = a * b;
    if ((high == 0 && low >= 0) || (high == -1 && low < 0)) return low / c;
    return BigInteger.valueOf(a)
        .multiply(BigInteger.valueOf(b))
        .divide(BigInteger.valueOf(c))
        .longValueExact();
  }
}
