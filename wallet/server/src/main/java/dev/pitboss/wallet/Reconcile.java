package dev.pitboss.wallet;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.Map;

/**
 * Command-line reconciliation: prints the report and exits 0 when the books balance, 1 when they do
 * not, 2 on usage errors. Reads only; safe against a live wallet.
 *
 * <p>Takes no arguments: {@code PITBOSS_WALLET_DB_URL} (or {@code PITBOSS_WALLET_DB_URL_FILE}) and
 * optionally {@code PITBOSS_WALLET_DB_PASSWORD} (or {@code PITBOSS_WALLET_DB_PASSWORD_FILE}).
 */
public final class Reconcile {
  private Reconcile() {}

  public static void main(String[] args) throws SQLException {
    System.exit(run(args, System.getenv(), System.out, System.err));
  }

  static int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err)
      throws SQLException {
    if (args.length > 0) {
      err.println(
          "usage: Reconcile (no arguments). The database URL and password come from"
              + " PITBOSS_WALLET_DB_URL / PITBOSS_WALLET_DB_PASSWORD or the files named by"
              + " PITBOSS_WALLET_DB_URL_FILE / PITBOSS_WALLET_DB_PASSWORD_FILE, never from the"
              + " command line, where ps and shell history would show them.");
      return 2;
    }
    String url;
    String password;
    try {
      url = secret(env, "PITBOSS_WALLET_DB_URL");
      password = secret(env, "PITBOSS_WALLET_DB_PASSWORD");
    } catch (IOException e) {
      err.println("usage: Reconcile: cannot read " + e.getMessage());
      return 2;
    }
    if (url == null || url.isBlank()) {
      err.println(
          "usage: Reconcile, with PITBOSS_WALLET_DB_URL or PITBOSS_WALLET_DB_URL_FILE set"
              + " (and PITBOSS_WALLET_DB_PASSWORD or PITBOSS_WALLET_DB_PASSWORD_FILE if needed)");
      return 2;
    }
    var config = new HikariConfig();
    config.setJdbcUrl(url);
    if (password != null) {
      config.setPassword(password);
    }
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

  /** {@code NAME} from the environment, else the contents of the file {@code NAME_FILE} names. */
  private static String secret(Map<String, String> env, String name) throws IOException {
    var value = env.get(name);
    if (value != null && !value.isBlank()) {
      return value;
    }
    var file = env.get(name + "_FILE");
    if (file == null || file.isBlank()) {
      return null;
    }
    try {
      return Files.readString(Path.of(file), StandardCharsets.UTF_8).strip();
    } catch (IOException e) {
      throw new IOException(name + "_FILE " + file, e);
    }
  }
}
