package dev.pitboss.wallet;

import dev.pitboss.wallet.v1.ReconcileReport;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * Proves the books balance, from one consistent snapshot: every transfer's postings sum to zero per
 * currency, so all postings do; every materialised balance, posting counter and held amount equals
 * what the postings and active holds say; no account other than the outside world is overdrawn.
 * Sums are computed as NUMERIC so a corrupted ledger cannot hide behind an overflow.
 */
final class Reconciler {
  private static final int MAX_LISTED = 100;

  private Reconciler() {}

  static ReconcileReport check(Connection db) throws SQLException {
    var report = ReconcileReport.newBuilder();
    report.setAccountsChecked(count(db, "SELECT COUNT(*) FROM accounts"));
    report.setTransfersChecked(count(db, "SELECT COUNT(*) FROM transfers"));
    report.setPostingsChecked(count(db, "SELECT COUNT(*) FROM postings"));

    try (var st = db.createStatement();
        var rs =
            st.executeQuery(
                "SELECT currency, SUM(amount) FROM postings GROUP BY currency ORDER BY currency")) {
      while (rs.next()) {
        BigDecimal sum = rs.getBigDecimal(2);
        String currency = rs.getString(1);
        if (sum.signum() != 0) {
          report.addDiscrepancies("postings in " + currency + " sum to " + sum + ", not zero");
        }
        long asLong =
            sum.abs().compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) <= 0
                ? sum.longValue()
                : sum.signum() * Long.MAX_VALUE;
        report.addPostingSums(Ledger.money(asLong, currency));
      }
    }
    list(
        db,
        report,
        "SELECT transfer_id, currency, SUM(amount) FROM postings GROUP BY transfer_id, currency"
            + " HAVING SUM(amount) <> 0",
        "transfer %s: postings in %s sum to %s");
    list(
        db,
        report,
        "SELECT t.id, COUNT(p.transfer_id), '' FROM transfers t"
            + " LEFT JOIN postings p ON p.transfer_id = t.id GROUP BY t.id HAVING COUNT(p.transfer_id) < 2",
        "transfer %s has %s posting(s); a transfer needs at least two%s");
    list(
        db,
        report,
        "SELECT p.transfer_id, COUNT(*), '' FROM postings p LEFT JOIN transfers t"
            + " ON t.id = p.transfer_id WHERE t.id IS NULL GROUP BY p.transfer_id",
        "%s: %s posting(s) belong to no transfer%s");
    list(
        db,
        report,
        "SELECT k.caller || ' ' || k.idempotency_key, k.method, '' FROM idempotency_keys k"
            + " LEFT JOIN idempotent_results r ON r.caller = k.caller"
            + " AND r.idempotency_key = k.idempotency_key WHERE r.idempotency_key IS NULL",
        "idempotency key %s (%s) has no stored result%s");
    list(
        db,
        report,
        "SELECT a.id, a.balance, COALESCE(s.total, 0) FROM accounts a LEFT JOIN"
            + " (SELECT account_id, SUM(amount) AS total FROM postings GROUP BY account_id) s"
            + " ON s.account_id = a.id WHERE a.balance <> COALESCE(s.total, 0)",
        "account %s: materialised balance %s, postings sum to %s");
    list(
        db,
        report,
        "SELECT a.id, a.posting_count, COALESCE(s.n, 0) FROM accounts a LEFT JOIN"
            + " (SELECT account_id, COUNT(*) AS n, MAX(seq) AS top FROM postings GROUP BY account_id) s"
            + " ON s.account_id = a.id WHERE a.posting_count <> COALESCE(s.n, 0)"
            + " OR a.posting_count <> COALESCE(s.top, 0)",
        "account %s: posting counter %s, but %s postings");
    list(
        db,
        report,
        "SELECT a.id, a.held, COALESCE(h.total, 0) FROM accounts a LEFT JOIN"
            + " (SELECT account_id, SUM(amount) AS total FROM holds WHERE status = 'ACTIVE'"
            + " GROUP BY account_id) h ON h.account_id = a.id WHERE a.held <> COALESCE(h.total, 0)",
        "account %s: held %s, active holds sum to %s");
    list(
        db,
        report,
        "SELECT id, balance, held FROM accounts WHERE kind <> 'EXTERNAL' AND (balance < 0 OR"
            + " balance < held)",
        "account %s is overdrawn: balance %s, held %s");
    list(
        db,
        report,
        "SELECT p.account_id, p.currency, a.currency FROM postings p JOIN accounts a"
            + " ON a.id = p.account_id WHERE p.currency <> a.currency",
        "account %s has a posting in %s but holds %s");
    return report.setBalanced(report.getDiscrepanciesCount() == 0).build();
  }

  private static long count(Connection db, String sql) throws SQLException {
    try (var st = db.createStatement();
        var rs = st.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private static void list(Connection db, ReconcileReport.Builder report, String sql, String format)
      throws SQLException {
    try (var st = db.createStatement();
        var rs = st.executeQuery(sql + " LIMIT " + MAX_LISTED)) {
      while (rs.next()) {
        report.addDiscrepancies(
            String.format(format, rs.getString(1), rs.getString(2), rs.getString(3)));
      }
    }
  }

  static String describe(ReconcileReport report) {
    var text = new StringBuilder();
    text.append(report.getBalanced() ? "BALANCED" : "NOT BALANCED")
        .append(": ")
        .append(report.getAccountsChecked())
        .append(" accounts, ")
        .append(report.getTransfersChecked())
        .append(" transfers, ")
        .append(report.getPostingsChecked())
        .append(" postings\n");
    report
        .getPostingSumsList()
        .forEach(
            m ->
                text.append("  sum of postings in ")
                    .append(m.getCurrency())
                    .append(": ")
                    .append(m.getMinorUnits())
                    .append('\n'));
    report
        .getDiscrepanciesList()
        .forEach(d -> text.append("  DISCREPANCY ").append(d).append('\n'));
    return text.toString();
  }
}
