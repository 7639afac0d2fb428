package dev.pitboss.wallet;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The reconciliation command says BALANCED (exit 0) or lists what is wrong (exit 1). */
class ReconcileCommandIT {

  @Test
  void reportsBalancedBooksAndThenATamperedBalance() throws Exception {
    try (var f = WalletFixture.start("wallet_reconcile_cmd_it")) {
      var alice = f.player("alice", 2_500, "EUR");
      var out = new ByteArrayOutputStream();
      int exit =
          Reconcile.run(
              f.databaseUrl, new PrintStream(out, true, StandardCharsets.UTF_8), System.err);
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
              f.databaseUrl, new PrintStream(out, true, StandardCharsets.UTF_8), System.err);
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
    assertThat(Reconcile.run("", System.out, new PrintStream(err, true, StandardCharsets.UTF_8)))
        .isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("usage: Reconcile");
  }
}
