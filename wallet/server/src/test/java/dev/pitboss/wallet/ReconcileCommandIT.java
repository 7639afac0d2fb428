package dev.pitboss.wallet;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The reconciliation command says BALANCED (exit 0) or lists what is wrong (exit 1). */
class ReconcileCommandIT {

  @Test
  void reportsBalancedBooksAndThenATamperedBalance() throws Exception {
    try (var f = WalletFixture.start("wallet_reconcile_cmd_it")) {
      var alice = f.player("alice", 2_500, "EUR");
      var out = new ByteArrayOutputStream();
      // The URL comes from a file, as a mounted Secret would provide it.
      var urlFile = Files.createTempFile("wallet-db-url", "");
      Files.writeString(urlFile, f.databaseUrl + "\n");
      var env = Map.of("PITBOSS_WALLET_DB_URL_FILE", urlFile.toString());
      int exit =
          Reconcile.run(
              new String[0], env, new PrintStream(out, true, StandardCharsets.UTF_8), System.err);
      assertThat(exit).isZero();
      assertThat(out.toString(StandardCharsets.UTF_8))
          .startsWith("BALANCED")
          .contains("sum of postings in EUR: 0");

      try (var db = f.sql();
          var st = db.createStatement()) {
        st.execute("UPDATE accounts SET balance = balance - 7 WHERE id = '" + alice + "'");
      }
      out.reset();
      exit =
          Reconcile.run(
              new String[0],
              Map.of("PITBOSS_WALLET_DB_URL", f.databaseUrl),
              new PrintStream(out, true, StandardCharsets.UTF_8),
              System.err);
      assertThat(exit).isEqualTo(1);
      assertThat(out.toString(StandardCharsets.UTF_8))
          .startsWith("NOT BALANCED")
          .contains(
              "DISCREPANCY account " + alice + ": materialised balance 2493, postings sum to 2500");
    }
  }

  @Test
  void withoutADatabaseItExplainsUsage() throws Exception {
    var err = new ByteArrayOutputStream();
    assertThat(
            Reconcile.run(
                new String[0],
                Map.of(),
                System.out,
                new PrintStream(err, true, StandardCharsets.UTF_8)))
        .isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("usage: Reconcile");
  }

  @Test
  void refusesADatabaseUrlOnTheCommandLine() throws Exception {
    var err = new ByteArrayOutputStream();
    assertThat(
            Reconcile.run(
                new String[] {"jdbc:postgresql://127.0.0.1/x?user=u&password=secret"},
                Map.of(),
                System.out,
                new PrintStream(err, true, StandardCharsets.UTF_8)))
        .isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("never from the command line");
  }
}
