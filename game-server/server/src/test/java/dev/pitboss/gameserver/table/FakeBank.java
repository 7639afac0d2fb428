package dev.pitboss.gameserver.table;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/** An in-memory ledger for table unit tests: escrow per seat, house, player wallets. */
final class FakeBank implements Bank {
  final Map<Integer, Long> escrow = new HashMap<>();
  final Map<String, Long> players = new HashMap<>();
  final Set<Long> settled = new HashSet<>();
  long house;
  boolean refuseSettlement;
  boolean refuseCashOut;

  void fund(String player, long amount) {
    players.merge(player, amount, Long::sum);
  }

  long total() {
    long sum = house;
    for (long v : escrow.values()) sum += v;
    for (long v : players.values()) sum += v;
    return sum;
  }

  @Override
  public long buyIn(int seat, String player, String holdReference, long amount) {
    long has = players.getOrDefault(player, 0L);
    if (has < amount) throw new MoneyException("insufficient funds", null);
    players.put(player, has - amount);
    escrow.merge(seat, amount, Long::sum);
    return escrow.get(seat);
  }

  @Override
  public void settle(long hand, Map<Integer, Long> deltas, long rake, String history) {
    if (refuseSettlement) throw new IllegalStateException("wallet refused");
    if (!settled.add(hand)) throw new IllegalStateException("hand " + hand + " settled twice");
    long sum = rake;
    for (long d : deltas.values()) sum += d;
    if (sum != 0)
      throw new IllegalStateException("unbalanced settlement " + deltas + " rake " + rake);
    deltas.forEach((seat, d) -> escrow.merge(seat, d, Long::sum));
    house += rake;
  }

  @Override
  public void cashOut(int seat, String player, long amount) {
    if (refuseCashOut) throw new MoneyException("wallet refused the cash-out", null);
    long has = escrow.getOrDefault(seat, 0L);
    if (has != amount) throw new IllegalStateException("cash-out " + amount + " but escrow " + has);
    escrow.put(seat, 0L);
    players.merge(player, amount, Long::sum);
  }
}
