package dev.pitboss.wallet;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

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

  /**
   * The payments account (this worker's shard of it) that a deposit or withdrawal moves through.
   */
  UUID paymentsShard(Connection db, String currency) throws SQLException {
    var main = paymentsByCurrency.get(currency);
    if (main == null) {
      // Not a supported currency: the ledger refuses it with the usual message.
      return ledger.paymentsAccount(db, currency).id();
    }
    return pick(main);
  }

  /** The legs with every credit to a house main account sent to this worker's shard of it. */
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

  /**
   * Each worker thread has its own slot, so with at least as many shards as workers (the default:
   * twice the pool, which is the worker count) no two concurrent calls credit the same shard row.
   */
  private static final AtomicInteger SLOTS = new AtomicInteger();

  private static final ThreadLocal<Integer> SLOT = ThreadLocal.withInitial(SLOTS::getAndIncrement);

  private UUID pick(UUID main) {
    var list = shardsOf.getOrDefault(main, List.of());
    return list.isEmpty() ? main : list.get(Math.floorMod(SLOT.get(), list.size()));
  }

  /** A shard and the main account it is swept into. */
  record Shard(UUID main, UUID id) {}

  /**
   * The shards that hold a balance now, in id order, from one read. Most shards of most currencies
   * stay at zero, and asking each in a transaction of its own every round cost the database a
   * thousand transactions a second. The read is only a hint: it runs READ COMMITTED, so it takes no
   * predicate locks that would make writers of the shards fail serialization, and each sweep reads
   * its shard again in its own SERIALIZABLE transaction.
   */
  List<Shard> withBalance(Connection db) throws SQLException {
    var mainOf = new HashMap<UUID, UUID>();
    shardsOf.forEach((main, list) -> list.forEach(shard -> mainOf.put(shard, main)));
    if (mainOf.isEmpty()) {
      return List.of();
    }
    try (var st = db.createStatement()) {
      st.execute("SET TRANSACTION ISOLATION LEVEL READ COMMITTED, READ ONLY");
    }
    var found = new ArrayList<Shard>();
    try (var st =
        db.prepareStatement(
            "SELECT id FROM accounts WHERE id = ANY(?) AND balance <> 0 ORDER BY id")) {
      st.setArray(1, db.createArrayOf("uuid", mainOf.keySet().toArray()));
      try (var rs = st.executeQuery()) {
        while (rs.next()) {
          var id = rs.getObject(1, UUID.class);
          found.add(new Shard(mainOf.get(id), id));
        }
      }
    }
    return found;
  }

  /**
   * Moves one shard's balance into its main account: one SWEEP transfer, nothing when the shard is
   * at zero. One shard per transaction, so a sweep conflicts only with that shard's own writers.
   * Returns whether anything moved.
   */
  boolean sweep(Connection db, Batch batch, UUID main, UUID shard) throws SQLException {
    long balance;
    String currency;
    try (var st = db.prepareStatement("SELECT balance, currency FROM accounts WHERE id = ?")) {
      st.setObject(1, shard);
      try (var rs = st.executeQuery()) {
        if (!rs.next() || rs.getLong(1) == 0) {
          return false;
        }
        balance = rs.getLong(1);
        currency = rs.getString(2);
      }
    }
    ledger.post(
        db,
        batch,
        "SWEEP",
        "sweep/" + Ids.next(),
        "sweep of " + shard + " into " + main,
        List.of(new Leg(shard, -balance, 0, currency), new Leg(main, balance, 0, currency)),
        Ledger.LegCheck.NONE);
    return true;
  }
}
