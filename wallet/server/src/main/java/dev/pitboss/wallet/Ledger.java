package dev.pitboss.wallet;

import dev.pitboss.wallet.v1.Hold;
import dev.pitboss.wallet.v1.HoldStatus;
import dev.pitboss.wallet.v1.Money;
import dev.pitboss.wallet.v1.Posting;
import dev.pitboss.wallet.v1.TransferResult;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The ledger's SQL. Every method runs inside the caller's transaction; reads that decide something
 * happen at once, writes whose result is known in advance go into the {@link Batch} so they cost
 * one round trip together.
 */
final class Ledger {
  /** The outside world's account per currency: deposits come from it, withdrawals go to it. */
  static final String PAYMENTS_OWNER = "payments";

  /**
   * Inspects the accounts a transfer would touch before anything is written: the policy's check.
   * {@code rows} holds every leg's account as it is (or, on the refused path, as it was).
   */
  @FunctionalInterface
  interface LegCheck {
    LegCheck NONE = (legs, rows) -> {};

    void check(List<Leg> legs, Map<UUID, AccountRow> rows);
  }

  private final String defaultRegion;
  private final Clock clock;

  Ledger(String defaultRegion, Clock clock) {
    this.defaultRegion = defaultRegion;
    this.clock = clock;
  }

  OffsetDateTime now() {
    return OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC);
  }

  String defaultRegion() {
    return defaultRegion;
  }

  Optional<AccountRow> account(Connection db, UUID id) throws SQLException {
    try (var st =
        db.prepareStatement("SELECT " + AccountRow.COLUMNS + " FROM accounts WHERE id = ?")) {
      st.setObject(1, id);
      try (var rs = st.executeQuery()) {
        return rs.next() ? Optional.of(AccountRow.read(rs)) : Optional.empty();
      }
    }
  }

  AccountRow require(Connection db, UUID id) throws SQLException {
    return account(db, id).orElseThrow(() -> WalletException.notFound("unknown account " + id));
  }

  /** The existing account for (kind, owner, currency), or a new one; the flag says which. */
  Map.Entry<AccountRow, Boolean> openAccount(
      Connection db, String kind, String owner, String currency, String region)
      throws SQLException {
    try (var st =
        db.prepareStatement(
            "SELECT "
                + AccountRow.COLUMNS
                + " FROM accounts WHERE kind = ? AND owner = ? AND currency = ?")) {
      st.setString(1, kind);
      st.setString(2, owner);
      st.setString(3, currency);
      try (var rs = st.executeQuery()) {
        if (rs.next()) {
          return Map.entry(AccountRow.read(rs), false);
        }
      }
    }
    requireCurrency(db, currency);
    var id = Ids.next();
    String home = region.isEmpty() ? defaultRegion : region;
    try (var st =
        db.prepareStatement(
            "INSERT INTO accounts (id, kind, owner, currency, home_region) VALUES (?, ?, ?, ?, ?)")) {
      st.setObject(1, id);
      st.setString(2, kind);
      st.setString(3, owner);
      st.setString(4, currency);
      st.setString(5, home);
      st.executeUpdate();
    }
    return Map.entry(new AccountRow(id, kind, owner, currency, home, 0, 0, 0), true);
  }

  private static void requireCurrency(Connection db, String currency) throws SQLException {
    try (var st = db.prepareStatement("SELECT 1 FROM currencies WHERE code = ?")) {
      st.setString(1, currency);
      try (var rs = st.executeQuery()) {
        if (!rs.next()) {
          throw WalletException.invalid("currency " + currency + " is not supported by the wallet");
        }
      }
    }
  }

  /** The payments account for a currency, created on first use. */
  AccountRow paymentsAccount(Connection db, String currency) throws SQLException {
    return openAccount(db, "EXTERNAL", PAYMENTS_OWNER, currency, defaultRegion).getKey();
  }

  /**
   * Applies the legs of one transfer: balances, holds and posting counters change in one UPDATE
   * whose WHERE refuses overdrafts, then the journal row and postings join the batch.
   */
  TransferResult post(
      Connection db,
      Batch batch,
      String transferKind,
      String idempotencyKey,
      String reference,
      List<Leg> legs,
      LegCheck check)
      throws SQLException {
    return post(db, batch, transferKind, idempotencyKey, reference, legs, null, check);
  }

  /**
   * As above; with a {@link Claim}, the idempotency key is claimed by the same statement, and the
   * UPDATE changes nothing unless the claim succeeded.
   */
  TransferResult post(
      Connection db,
      Batch batch,
      String transferKind,
      String idempotencyKey,
      String reference,
      List<Leg> legs,
      Claim claim,
      LegCheck check)
      throws SQLException {
    return post(db, batch, transferKind, idempotencyKey, reference, legs, claim, check, null);
  }

  /** Evidence stored with a transfer, in the same transaction (see {@code attachments}). */
  record Evidence(String mediaType, byte[] content, String sha256) {}

  /** As above, storing {@code evidence} (if any) with the transfer, under its reference. */
  TransferResult post(
      Connection db,
      Batch batch,
      String transferKind,
      String idempotencyKey,
      String reference,
      List<Leg> legs,
      Claim claim,
      LegCheck check,
      Evidence evidence)
      throws SQLException {
    // One lock order for every transfer, so two settlements on the same accounts cannot deadlock.
    var ordered = legs.stream().sorted(Comparator.comparing(Leg::account)).toList();
    var sql = new StringBuilder();
    var params = new ArrayList<Object>();
    if (claim != null) {
      sql.append("WITH claim AS (INSERT INTO idempotency_keys (caller, idempotency_key, method,")
          .append(" request_hash) VALUES (?, ?, ?, ?) ON CONFLICT (caller, idempotency_key)")
          .append(" DO NOTHING RETURNING 1) ");
      params.addAll(List.of(claim.caller(), claim.key(), claim.method(), claim.fingerprint()));
    }
    sql.append("UPDATE accounts AS a SET balance = a.balance + v.delta,")
        .append(" held = a.held + v.held_delta, posting_count = a.posting_count + 1 FROM (VALUES ");
    for (int i = 0; i < ordered.size(); i++) {
      var leg = ordered.get(i);
      sql.append(i == 0 ? "" : ", ")
          .append("(CAST(? AS UUID), CAST(? AS BIGINT), CAST(? AS BIGINT), CAST(? AS CHAR(3)))");
      params.addAll(List.of(leg.account(), leg.delta(), leg.heldDelta(), leg.currency()));
    }
    sql.append(") AS v (id, delta, held_delta, currency)")
        .append(" WHERE a.id = v.id AND a.currency = v.currency")
        .append(" AND (a.kind = 'EXTERNAL' OR a.balance + v.delta >= a.held + v.held_delta)")
        .append(claim == null ? "" : " AND EXISTS (SELECT 1 FROM claim)")
        .append(" RETURNING a.id, a.kind, a.owner, a.currency, a.home_region, a.balance, a.held,")
        .append(" a.posting_count");
    var after = new HashMap<UUID, AccountRow>();
    try (var st = db.prepareStatement(sql.toString())) {
      for (int i = 0; i < params.size(); i++) {
        st.setObject(i + 1, params.get(i));
      }
      try (var rs = st.executeQuery()) {
        while (rs.next()) {
          var row = AccountRow.read(rs);
          after.put(row.id(), row);
        }
      }
    }
    if (after.size() != ordered.size()) {
      if (claim != null && after.isEmpty() && keyTaken(db, claim)) {
        throw new Claim.Taken();
      }
      throw explainRefusedLegs(db, ordered, check);
    }
    check.check(legs, after);
    if (transferKind.equals("TRANSFER") && after.values().stream().anyMatch(AccountRow::external)) {
      throw WalletException.precondition(
          "external accounts move money only through Deposit and Withdraw");
    }

    var now = now();
    var transferId = Ids.next(now.toInstant().toEpochMilli());
    String home =
        ordered.stream()
            .filter(l -> l.delta() < 0)
            .findFirst()
            .map(l -> after.get(l.account()).homeRegion())
            .orElse(defaultRegion);
    batch.add(
        "INSERT INTO transfers (id, kind, idempotency_key, reference, home_region, created_at)"
            + " VALUES (?, ?, ?, ?, ?, ?)",
        transferId,
        transferKind,
        idempotencyKey,
        reference,
        home,
        now);
    if (evidence != null) {
      batch.add(
          "INSERT INTO attachments (transfer_id, reference, media_type, content, sha256,"
              + " home_region, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
          transferId,
          reference,
          evidence.mediaType(),
          evidence.content(),
          evidence.sha256(),
          home,
          now);
    }
    var result = TransferResult.newBuilder().setTransferId(transferId.toString());
    var insert =
        new StringBuilder(
            "INSERT INTO postings (account_id, seq, transfer_id, amount, currency, balance_after,"
                + " home_region, created_at) VALUES ");
    var values = new ArrayList<Object>();
    for (int i = 0; i < legs.size(); i++) {
      var leg = legs.get(i);
      var row = after.get(leg.account());
      insert.append(i == 0 ? "" : ", ").append("(?, ?, ?, ?, ?, ?, ?, ?)");
      values.addAll(
          List.of(
              row.id(),
              row.postingCount(),
              transferId,
              leg.delta(),
              row.currency(),
              row.balance(),
              row.homeRegion(),
              now));
      result.addPostings(
          Posting.newBuilder()
              .setTransferId(transferId.toString())
              .setAccountId(row.id().toString())
              .setSequence(row.postingCount())
              .setAmount(money(leg.delta(), row.currency()))
              .setBalanceAfterMinorUnits(row.balance())
              .setCreatedAtMillis(now.toInstant().toEpochMilli())
              .setTransferKind(transferKind)
              .setReference(reference));
      result.addAccounts(row.toProto());
    }
    batch.add(insert.toString(), values);
    return result.build();
  }

  /**
   * Whether someone else holds the key. Our own claim, if it succeeded, is visible too, but only a
   * committed call has a stored result.
   */
  private static boolean keyTaken(Connection db, Claim claim) throws SQLException {
    try (var st =
        db.prepareStatement(
            "SELECT 1 FROM idempotent_results WHERE caller = ? AND idempotency_key = ?")) {
      st.setString(1, claim.caller());
      st.setString(2, claim.key());
      try (var rs = st.executeQuery()) {
        return rs.next();
      }
    }
  }

  /**
   * Says which leg was refused and why, in the order a caller would fix them: an unknown account,
   * then (before anything about money) the policy, then currency, then funds. Never another
   * account's balance.
   */
  private WalletException explainRefusedLegs(Connection db, List<Leg> legs, LegCheck check)
      throws SQLException {
    var rows = new HashMap<UUID, AccountRow>();
    for (var leg : legs) {
      var account = account(db, leg.account());
      if (account.isEmpty()) {
        return WalletException.notFound("unknown account " + leg.account());
      }
      rows.put(leg.account(), account.get());
    }
    check.check(legs, rows);
    for (var leg : legs) {
      var row = rows.get(leg.account());
      if (!row.currency().equals(leg.currency())) {
        return WalletException.precondition(
            "currency mismatch: account "
                + row.id()
                + " holds "
                + row.currency()
                + ", the amount is in "
                + leg.currency());
      }
    }
    for (var leg : legs) {
      var row = rows.get(leg.account());
      if (!row.external() && row.balance() + leg.delta() < row.held() + leg.heldDelta()) {
        return WalletException.precondition(
            "insufficient funds: account " + row.id() + " cannot cover " + (-leg.delta()));
      }
    }
    return WalletException.precondition("transfer refused");
  }

  /**
   * Reserves funds until {@code expiresAt}; the hold row joins the batch. Refused when the
   * reference falls under a closed prefix. The check sees the account before the hold is recorded.
   */
  Hold hold(
      Connection db,
      Batch batch,
      UUID accountId,
      long amount,
      String currency,
      String ref,
      OffsetDateTime expiresAt,
      java.util.function.Consumer<AccountRow> check)
      throws SQLException {
    try (var st =
        db.prepareStatement(
            "SELECT prefix FROM closed_hold_prefixes WHERE prefix = left(?, length(prefix))")) {
      st.setString(1, ref);
      try (var rs = st.executeQuery()) {
        if (rs.next()) {
          throw WalletException.precondition(
              "hold references under '" + rs.getString(1) + "' are closed");
        }
      }
    }
    AccountRow row = null;
    try (var st =
        db.prepareStatement(
            "UPDATE accounts SET held = held + ? WHERE id = ? AND currency = ?"
                + " AND kind <> 'EXTERNAL' AND balance - held >= ? RETURNING "
                + AccountRow.COLUMNS)) {
      st.setLong(1, amount);
      st.setObject(2, accountId);
      st.setString(3, currency);
      st.setLong(4, amount);
      try (var rs = st.executeQuery()) {
        if (rs.next()) {
          row = AccountRow.read(rs);
        }
      }
    }
    if (row == null) {
      var existing = require(db, accountId);
      check.accept(existing);
      if (existing.external()) {
        throw WalletException.precondition("external accounts cannot hold funds");
      }
      throw explainRefusedLegs(
          db, List.of(new Leg(accountId, -amount, 0, currency)), LegCheck.NONE);
    }
    check.accept(row);
    var id = Ids.next();
    batch.add(
        "INSERT INTO holds (id, reference, account_id, amount, currency, status, home_region,"
            + " created_at, expires_at) VALUES (?, ?, ?, ?, ?, 'ACTIVE', ?, ?, ?)",
        id,
        ref,
        accountId,
        amount,
        currency,
        row.homeRegion(),
        now(),
        expiresAt);
    return hold(id, ref, accountId, amount, currency, HoldStatus.HOLD_STATUS_ACTIVE, null)
        .toBuilder()
        .setExpiresAtMillis(expiresAt.toInstant().toEpochMilli())
        .build();
  }

  record ActiveHold(UUID id, UUID account, long amount, String currency, String reference) {}

  /** The live hold under a reference: active and not past its expiry. */
  ActiveHold activeHold(Connection db, String reference) throws SQLException {
    try (var st =
        db.prepareStatement(
            "SELECT id, account_id, amount, currency FROM holds"
                + " WHERE reference = ? AND status = 'ACTIVE'"
                + " AND (expires_at IS NULL OR expires_at > ?) FOR UPDATE")) {
      st.setString(1, reference);
      st.setObject(2, now());
      try (var rs = st.executeQuery()) {
        if (!rs.next()) {
          throw WalletException.notFound("no active hold with reference '" + reference + "'");
        }
        return new ActiveHold(
            rs.getObject(1, UUID.class),
            rs.getObject(2, UUID.class),
            rs.getLong(3),
            rs.getString(4),
            reference);
      }
    }
  }

  void settle(Batch batch, ActiveHold hold, String status, UUID transferId) {
    batch.add(
        "UPDATE holds SET status = ?, transfer_id = ?, settled_at = ? WHERE id = ?",
        status,
        transferId,
        now(),
        hold.id());
  }

  void unreserve(Batch batch, UUID account, long amount) {
    batch.add("UPDATE accounts SET held = held - ? WHERE id = ?", amount, account);
  }

  /** Releases every active hold whose reference starts with the prefix. */
  List<Hold> releaseAll(Connection db, Batch batch, String prefix) throws SQLException {
    return settleAll(
        db,
        batch,
        "RELEASED",
        "reference LIKE ? ESCAPE '!'",
        likePrefix(prefix),
        HoldStatus.HOLD_STATUS_RELEASED);
  }

  /** Releases every active hold past its expiry (status EXPIRED). */
  List<Hold> expire(Connection db, Batch batch) throws SQLException {
    return settleAll(
        db, batch, "EXPIRED", "expires_at <= ?", now(), HoldStatus.HOLD_STATUS_EXPIRED);
  }

  private List<Hold> settleAll(
      Connection db, Batch batch, String status, String where, Object param, HoldStatus proto)
      throws SQLException {
    var released = new ArrayList<Hold>();
    var perAccount = new LinkedHashMap<UUID, Long>();
    try (var st =
        db.prepareStatement(
            "UPDATE holds SET status = ?, settled_at = ? WHERE status = 'ACTIVE' AND "
                + where
                + " RETURNING id, reference, account_id, amount, currency")) {
      st.setString(1, status);
      st.setObject(2, now());
      st.setObject(3, param);
      try (var rs = st.executeQuery()) {
        while (rs.next()) {
          var account = rs.getObject(3, UUID.class);
          long amount = rs.getLong(4);
          perAccount.merge(account, amount, Math::addExact);
          released.add(
              hold(
                  rs.getObject(1, UUID.class),
                  rs.getString(2),
                  account,
                  amount,
                  rs.getString(5),
                  proto,
                  null));
        }
      }
    }
    perAccount.entrySet().stream()
        .sorted(Map.Entry.comparingByKey())
        .forEach(e -> unreserve(batch, e.getKey(), e.getValue()));
    released.sort(Comparator.comparing(Hold::getReference));
    return released;
  }

  /** No new hold under this prefix from now on; closing twice is fine. */
  void closePrefix(Batch batch, String prefix, Identity by) {
    batch.add(
        "INSERT INTO closed_hold_prefixes (prefix, closed_by, closed_at, home_region)"
            + " VALUES (?, ?, ?, ?) ON CONFLICT (prefix) DO NOTHING",
        prefix,
        by.spiffeId(),
        now(),
        defaultRegion);
  }

  private static String likePrefix(String prefix) {
    return prefix.replace("!", "!!").replace("%", "!%").replace("_", "!_") + "%";
  }

  /** One page of an account's postings, newest first, starting below {@code beforeSeq}. */
  List<Posting> history(Connection db, UUID account, long beforeSeq, int limit)
      throws SQLException {
    var page = new ArrayList<Posting>();
    try (var st =
        db.prepareStatement(
            "SELECT p.seq, p.transfer_id, p.amount, p.currency, p.balance_after, p.created_at,"
                + " t.kind, t.reference FROM postings p JOIN transfers t ON t.id = p.transfer_id"
                + " WHERE p.account_id = ? AND p.seq < ? ORDER BY p.seq DESC LIMIT ?")) {
      st.setObject(1, account);
      st.setLong(2, beforeSeq);
      st.setInt(3, limit);
      try (ResultSet rs = st.executeQuery()) {
        while (rs.next()) {
          page.add(
              Posting.newBuilder()
                  .setAccountId(account.toString())
                  .setSequence(rs.getLong(1))
                  .setTransferId(rs.getObject(2, UUID.class).toString())
                  .setAmount(money(rs.getLong(3), rs.getString(4)))
                  .setBalanceAfterMinorUnits(rs.getLong(5))
                  .setCreatedAtMillis(
                      rs.getObject(6, OffsetDateTime.class).toInstant().toEpochMilli())
                  .setTransferKind(rs.getString(7))
                  .setReference(rs.getString(8))
                  .build());
        }
      }
    }
    return page;
  }

  static Money money(long minorUnits, String currency) {
    return Money.newBuilder().setMinorUnits(minorUnits).setCurrency(currency).build();
  }

  static Hold hold(
      UUID id,
      String reference,
      UUID account,
      long amount,
      String currency,
      HoldStatus status,
      UUID transferId) {
    var hold =
        Hold.newBuilder()
            .setHoldId(id.toString())
            .setReference(reference)
            .setAccountId(account.toString())
            .setAmount(money(amount, currency))
            .setStatus(status);
    if (transferId != null) {
      hold.setTransferId(transferId.toString());
    }
    return hold.build();
  }

  /** The evidence stored with the transfer of {@code reference}, if any. */
  java.util.Optional<dev.pitboss.wallet.v1.AttachmentRecord> attachment(
      Connection db, String reference) throws SQLException {
    try (var st =
        db.prepareStatement(
            "SELECT transfer_id, media_type, content, sha256, created_at FROM attachments"
                + " WHERE reference = ?")) {
      st.setString(1, reference);
      try (var rs = st.executeQuery()) {
        if (!rs.next()) return java.util.Optional.empty();
        return java.util.Optional.of(
            dev.pitboss.wallet.v1.AttachmentRecord.newBuilder()
                .setTransferId(rs.getString(1))
                .setReference(reference)
                .setMediaType(rs.getString(2))
                .setContent(com.google.protobuf.ByteString.copyFrom(rs.getBytes(3)))
                .setSha256(rs.getString(4))
                .setCreatedAtMillis(
                    rs.getObject(5, OffsetDateTime.class).toInstant().toEpochMilli())
                .build());
      }
    }
  }
}
