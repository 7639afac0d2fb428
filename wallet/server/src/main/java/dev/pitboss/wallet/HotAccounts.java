package dev.pitboss.wallet;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The two accounts every settlement or cash movement would otherwise update: the house account per
 * currency (every hand's rake) and the payments account per currency (every deposit and
 * withdrawal). Under SERIALIZABLE one row serialises them, and concurrent updates of it abort each
 * other (40001). Each gets {@code shards} sub-accounts of the same kind, owner {@code house#k} /
 * {@code payments#k}: credits to the house go to a random shard, cash moves through a random
 * payments shard, and {@link #sweep} periodically moves every shard's balance into its main account
 * with a SWEEP transfer, so the journal shows it. Callers keep using the one main account id
 * (OpenAccount(HOUSE, "house", currency)); its balance lags by at most one sweep interval, and the
 * house's total is main + shards at any moment.
 */
final class HotAccounts {
  static final String PAYMENTS = Ledger.PAYMENTS_OWNER;

  private final Ledger ledger;
  private final int shards;

  /** Main account id → its shards' ids. Fixed after {@link #prepare}. */
  private final Map<UUID, List<UUID>> shardsOf = new HashMap<>();

  private final Map<String, UUID> paymentsByCurrency = new HashMap<>();
  private final Map<UUID, String> kindOfMain = new HashMap<>();

  HotAccounts(Ledger ledger, int shards) {
    this.ledger = ledger;
    this.shards = Math.max(0, shards);
  }

  /**
   * Opens the house and payments accounts of every supported currency and their shards (one
   * statement; ids from gen_random_uuid(), as unpredictable as the wallet's own), and remembers
   * them. Runs once at start, before any call; replicas starting together do not collide.
   */
  void prepare(Connection db) throws SQLException {
    try (var st =
        db.prepareStatement(
            "INSERT INTO accounts (id, kind, owner, currency, home_region)"
                + " SELECT gen_random_uuid(), k.kind,"
                + " k.owner || CASE WHEN s.n < 0 THEN '' ELSE '#' || s.n END, c.code, ?"
                + " FROM currencies c"
                + " CROSS JOIN (VALUES ('HOUSE', 'house'), ('EXTERNAL', 'payments'))"
                + " AS k (kind, owner)"
                + " CROSS JOIN generate_series(-1, ? - 1) AS s (n)"
                + " ON CONFLICT (kind, owner, currency) DO NOTHING")) {
      st.setString(1, ledger.defaultRegion());
      st.setInt(2, shards);
      st.executeUpdate();
    }
    var mains = new HashMap<String, UUID>();
    var shardRows = new ArrayList<String[]>();
    try (var st = db.createStatement();
        var rs =
            st.executeQuery(
                "SELECT id, kind, owner, currency FROM accounts"
                    + " WHERE (kind = 'HOUSE' AND (owner = 'house' OR owner LIKE 'house#%'))"
                    + " OR (kind = 'EXTERNAL' AND (owner = 'payments' OR owner LIKE 'payments#%'))"
                    + " ORDER BY id")) {
      while (rs.next()) {
        var id = UUID.fromString(rs.getString(1));
        String kind = rs.getString(2);
        String owner = rs.getString(3);
        String currency = rs.getString(4);
        if (owner.contains("#")) {
          shardRows.add(new String[] {id.toString(), kind, currency});
        } else {
          mains.put(kind + " " + currency, id);
          kindOfMain.put(id, kind);
          if (kind.equals("EXTERNAL")) {
            paymentsByCurrency.put(currency, id);
          }
        }
      }
    }
    db.commit();
    var lists = new HashMap<UUID, List<UUID>>();
    for (var row : shardRows) {
      var main = mains.get(row[1] + " " + row[2]);
      lists.computeIfAbsent(main, m -> new ArrayList<>()).add(UUID.fromString(row[0]));
    }
    lists.forEach((main, list) -> shardsOf.put(main, List.copyOf(list)));
  }

  /** The payments account (a random shard of it) that a deposit or withdrawal moves through. */
  UUID paymentsShard(Connection db, String currency) throws SQLException {
    var main = paymentsByCurrency.get(currency);
    if (main == null) {
      // Not a supported currency: the ledger refuses it with the usual message.
      return ledger.paymentsAccount(db, currency).id();
    }
    return pick(main);
  }

  /** The legs with every credit to a house main account sent to a random shard of it. */
  List<Leg> redirect(List<Leg> legs) {
    if (shards == 0 || legs.stream().noneMatch(l -> l.delta() > 0 && isHouse(l.account()))) {
      return legs;
    }
    var used = new HashSet<UUID>();
    legs.forEach(l -> used.add(l.account()));
    var out = new ArrayList<Leg>(legs.size());
    for (var leg : legs) {
      if (leg.delta() > 0 && isHouse(leg.account())) {
        var shard = pick(leg.account());
        if (used.add(shard)) {
          out.add(new Leg(shard, leg.delta(), leg.heldDelta(), leg.currency()));
          continue;
        }
      }
      out.add(leg);
    }
    return out;
  }

  private boolean isHouse(UUID account) {
    return Policy.HOUSE.equals(kindOfMain.get(account));
  }

  private UUID pick(UUID main) {
    var list = shardsOf.getOrDefault(main, List.of());
    return list.isEmpty() ? main : list.get(ThreadLocalRandom.current().nextInt(list.size()));
  }

  /** Main accounts that have shards. */
  List<UUID> mains() {
    return shardsOf.entrySet().stream()
        .filter(e -> !e.getValue().isEmpty())
        .map(Map.Entry::getKey)
        .sorted()
        .toList();
  }

  /**
   * Moves every shard's balance of one main account into it: one SWEEP transfer (nothing when all
   * shards are at zero). Returns the number of shards swept.
   */
  int sweep(Connection db, Batch batch, UUID main) throws SQLException {
    var legs = new ArrayList<Leg>();
    String currency = null;
    long total = 0;
    try (var st =
        db.prepareStatement(
            "SELECT id, balance, currency FROM accounts WHERE id = ANY (?) AND balance <> 0"
                + " ORDER BY id")) {
      st.setArray(1, db.createArrayOf("uuid", shardsOf.get(main).toArray()));
      try (var rs = st.executeQuery()) {
        while (rs.next()) {
          long balance = rs.getLong(2);
          currency = rs.getString(3);
          legs.add(new Leg(rs.getObject(1, UUID.class), -balance, 0, currency));
          total = Math.addExact(total, balance);
        }
      }
    }
    if (legs.isEmpty()) {
      return 0;
    }
    if (total != 0) {
      legs.add(new Leg(main, total, 0, currency));
    }
    if (legs.size() < 2) {
      return 0;
    }
    ledger.post(
        db, batch, "SWEEP", "sweep/" + Ids.next(), "sweep of " + main, legs, Ledger.LegCheck.NONE);
    return legs.size() - (total != 0 ? 1 : 0);
  }
}
