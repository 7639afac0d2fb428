package dev.pitboss.wallet;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

/**
 * Command-line reconciliation: prints the report and exits 0 when the books balance, 1 when they do
 * not, 2 on usage errors. Reads only; safe against a live wallet.
 *
 * <p>{@code java -cp ... dev.pitboss.wallet.Reconcile jdbc:postgresql://host:port/db?user=...}
 */
public final class Reconcile {
  private Reconcile() {}

  public static void main(String[] args) throws Exception {
    String url = args.length > 0 ? args[0] : System.getenv("PITBOSS_WALLET_DB_URL");
    if (url == null || url.isBlank()) {
      System.err.println("usage: Reconcile <jdbc-url>   (or set PITBOSS_WALLET_DB_URL)");
      System.exit(2);
    }
    var config = new HikariConfig();
    config.setJdbcUrl(url);
    config.setMaximumPoolSize(1);
    config.setAutoCommit(false);
    config.setReadOnly(true);
    // One snapshot for every query, so a concurrent transfer cannot look like a discrepancy.
    config.setTransactionIsolation("TRANSACTION_REPEATABLE_READ");
    try (var pool = new HikariDataSource(config);
        var db = pool.getConnection()) {
      var report = Reconciler.check(db);
      db.rollback();
      System.out.print(Reconciler.describe(report));
      System.exit(report.getBalanced() ? 0 : 1);
    }
  }
}
