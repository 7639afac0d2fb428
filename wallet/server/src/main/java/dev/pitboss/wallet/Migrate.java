package dev.pitboss.wallet;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Brings the ledger's schema up to date and exits: the Helm chart's pre-install/pre-upgrade Job, so
 * a new wallet release never starts on an old schema. Exit 0 when migrated, 2 on usage errors; a
 * failed migration throws (exit 1) with Flyway's message.
 *
 * <p>Takes no arguments: {@code PITBOSS_WALLET_DB_URL} (or {@code PITBOSS_WALLET_DB_URL_FILE}), and
 * {@code PITBOSS_WALLET_REGIONS} for CockroachDB (comma-separated, first is primary).
 */
public final class Migrate {
  private Migrate() {}

  public static void main(String[] args) throws SQLException {
    System.exit(run(args, System.getenv(), System.out, System.err));
  }

  static int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err)
      throws SQLException {
    if (args.length > 0) {
      err.println(
          "usage: Migrate (no arguments). The database URL comes from PITBOSS_WALLET_DB_URL or"
              + " the file named by PITBOSS_WALLET_DB_URL_FILE, never from the command line.");
      return 2;
    }
    String url = env.get("PITBOSS_WALLET_DB_URL");
    var file = env.get("PITBOSS_WALLET_DB_URL_FILE");
    if ((url == null || url.isBlank()) && file != null && !file.isBlank()) {
      try {
        url = Files.readString(Path.of(file), StandardCharsets.UTF_8).strip();
      } catch (IOException e) {
        err.println("usage: Migrate: cannot read PITBOSS_WALLET_DB_URL_FILE " + file);
        return 2;
      }
    }
    if (url == null || url.isBlank()) {
      err.println("usage: Migrate, with PITBOSS_WALLET_DB_URL or PITBOSS_WALLET_DB_URL_FILE set");
      return 2;
    }
    List<String> regions =
        Arrays.stream(env.getOrDefault("PITBOSS_WALLET_REGIONS", "local").split(","))
            .map(String::strip)
            .filter(s -> !s.isEmpty())
            .toList();
    try (var pool = WalletServer.migrationPool(url, "pitboss-wallet-migrate")) {
      var target = Migrations.migrate(pool, regions);
      out.println("schema up to date on " + target);
      return 0;
    }
  }
}
