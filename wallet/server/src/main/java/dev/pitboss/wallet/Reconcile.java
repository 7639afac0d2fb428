package dev.pitboss.wallet;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.io.PrintStream;
import java.sql.SQLException;

/**
 * Command-line reconciliation: prints the report and exits 0 when the books balance, 1 when they do
 * not, 2 on usage errors. Reads only; safe against a live wallet.
 *
 * <p>{@code Reconcile jdbc:postgresql://host:port/db?user=...} (or PITBOSS_WALLET_DB_URL)
 */
public final class Reconcile {
  private Reconcile() {}

  public static void main(String[] args) throws SQLException {
    String url = args.length > 0 ? args[0] : System.getenv("PITBOSS_WALLET_DB_URL");
    System.exit(run(url, System.out, System.err));
  }

  static int run(String url, PrintStream out, PrintStream err) throws SQLException {
    if (url == null || url.isBlank()) {
      err.println("usage: Reconcile <jdbc-url>   (or set PITBOSS_WALLET_DB_URL)");
      return 2;
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
      out.print(Reconciler.describe(report));
      return report.getBalanced() ? 0 : 1;
    }
  }
}
