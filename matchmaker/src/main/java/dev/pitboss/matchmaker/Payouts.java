package dev.pitboss.matchmaker;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Splits a prize pool by a Tournament's payout table. The written rule (README, "Payouts"):
 *
 * <ol>
 *   <li>Only places 1..min(payout places, entrants) are paid; their percentages are scaled to sum
 *       to the whole pool. Place i gets floor(pool × pct_i / Σ pct); the minor units the flooring
 *       leaves go to 1st place.
 *   <li>Players who share a place (busted in the same hand with equal starting stacks) share the
 *       prizes of every place they cover, equally; the minor units that do not divide go one each
 *       to the tied players in ascending player-id order.
 *   <li>The sum paid is always exactly the pool.
 * </ol>
 */
public final class Payouts {
  private Payouts() {}

  /** A finishing place; several players may share one. */
  public record Finish(String player, int place) {}

  /** Prizes per place, 1-based, for {@code entrants} players. */
  static long[] placePrizes(long pool, List<Integer> percents, int entrants) {
    int paid = Math.min(percents.size(), entrants);
    long[] prizes = new long[paid + 1];
    long weight = 0;
    for (int i = 0; i < paid; i++) {
      weight += percents.get(i);
    }
    long total = 0;
    for (int i = 0; i < paid; i++) {
      // floor(pool × pct / weight) without overflowing: pool = q × weight + r.
      prizes[i + 1] = pool / weight * percents.get(i) + pool % weight * percents.get(i) / weight;
      total += prizes[i + 1];
    }
    if (paid > 0) {
      prizes[1] += pool - total;
    }
    return prizes;
  }

  /** Player → amount, for the finishing places of every player (place 1 = the winner). */
  public static Map<String, Long> split(long pool, List<Integer> percents, List<Finish> finishes) {
    int entrants = finishes.size();
    long[] prizes = placePrizes(pool, percents, entrants);
    var byPlace = new TreeMap<Integer, List<String>>();
    for (var f : finishes) {
      byPlace.computeIfAbsent(f.place(), k -> new ArrayList<>()).add(f.player());
    }
    var result = new LinkedHashMap<String, Long>();
    for (var entry : byPlace.entrySet()) {
      int first = entry.getKey();
      var players = new ArrayList<>(entry.getValue());
      players.sort(null);
      long sum = 0;
      for (int p = first; p < first + players.size(); p++) {
        if (p < prizes.length) {
          sum += prizes[p];
        }
      }
      if (sum == 0) {
        continue;
      }
      long each = sum / players.size();
      long odd = sum % players.size();
      for (int i = 0; i < players.size(); i++) {
        result.put(players.get(i), each + (i < odd ? 1 : 0));
      }
    }
    return result;
  }
}
