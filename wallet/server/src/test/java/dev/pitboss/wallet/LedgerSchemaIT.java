package dev.pitboss.wallet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.SQLException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The database itself refuses to rewrite history and to overdraw an account, whoever connects:
 * these statements run as the superuser, bypassing the wallet's code entirely.
 */
class LedgerSchemaIT {
  private static WalletFixture f;

  @BeforeAll
  static void start() throws Exception {
    f = WalletFixture.start("wallet_schema_it");
    var alice = f.player("alice", 1_000, "EUR");
    f.player("bob", 1_000, "EUR");
    f.wallet.getBalance(
        dev.pitboss.wallet.v1.GetBalanceRequest.newBuilder().setAccountId(alice).build());
  }

  @AfterAll
  static void stop() throws Exception {
    f.close();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "UPDATE transfers SET reference = 'forged'",
        "DELETE FROM transfers",
        "TRUNCATE transfers CASCADE",
        "UPDATE postings SET amount = amount * 2",
        "DELETE FROM postings",
        "TRUNCATE postings",
        "UPDATE audit_log SET caller = 'someone-else'",
        "DELETE FROM audit_log",
        "TRUNCATE audit_log",
        "UPDATE idempotency_keys SET method = 'Withdraw'",
        "DELETE FROM idempotency_keys",
        "TRUNCATE idempotency_keys CASCADE",
        "UPDATE idempotent_results SET response = ''::bytea",
        "DELETE FROM idempotent_results",
      })
  void appendOnlyTablesRefuseRewrites(String statement) throws Exception {
    var before = f.ledgerFootprint();
    long audits = f.scalar("SELECT COUNT(*) FROM audit_log");
    try (var db = f.sql();
        var st = db.createStatement()) {
      assertThatThrownBy(() -> st.execute(statement))
          .isInstanceOfSatisfying(
              SQLException.class,
              e -> {
                assertThat(e.getSQLState()).isEqualTo("42501");
                assertThat(e.getMessage()).contains("append-only");
              });
    }
    assertThat(f.ledgerFootprint()).isEqualTo(before);
    assertThat(f.scalar("SELECT COUNT(*) FROM audit_log")).isEqualTo(audits);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "UPDATE accounts SET balance = -1 WHERE kind = 'PLAYER'",
        "UPDATE accounts SET held = balance + 1 WHERE kind = 'PLAYER'",
        "UPDATE accounts SET held = -1 WHERE kind = 'PLAYER'",
      })
  void noAccountButTheOutsideWorldCanBeOverdrawn(String statement) throws Exception {
    try (var db = f.sql();
        var st = db.createStatement()) {
      assertThatThrownBy(() -> st.execute(statement))
          .isInstanceOfSatisfying(
              SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("23514"));
    }
    assertThat(f.reconcile().getBalanced()).isTrue();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "INSERT INTO postings (account_id, seq, transfer_id, amount, currency, balance_after,"
            + " home_region) SELECT account_id, seq + 100, transfer_id, 0, currency, 0, 'local'"
            + " FROM postings LIMIT 1",
        "INSERT INTO holds (id, reference, account_id, amount, currency, status, home_region)"
            + " SELECT gen_random_uuid(), 'x', id, -5, currency, 'ACTIVE', 'local' FROM accounts"
            + " LIMIT 1",
        "INSERT INTO accounts (id, kind, owner, currency, home_region)"
            + " VALUES (gen_random_uuid(), 'PLAYER', 'mallory', 'XYZ', 'local')",
      })
  void malformedRowsAreRefusedByConstraints(String statement) throws Exception {
    try (var db = f.sql();
        var st = db.createStatement()) {
      assertThatThrownBy(() -> st.execute(statement)).isInstanceOf(SQLException.class);
    }
  }

  @org.junit.jupiter.api.Test
  void reconciliationCatchesABalanceEditedBehindTheLedgersBack() throws Exception {
    var fresh = WalletFixture.start("wallet_schema_tamper_it");
    try (fresh) {
      var victim = fresh.player("victim", 1_000, "EUR");
      assertThat(fresh.reconcile().getBalanced()).isTrue();
      try (var db = fresh.sql();
          var st = db.createStatement()) {
        st.execute("UPDATE accounts SET balance = balance + 1 WHERE id = '" + victim + "'");
      }
      var report = fresh.reconcile();
      assertThat(report.getBalanced()).isFalse();
      assertThat(report.getDiscrepanciesList())
          .anySatisfy(d -> assertThat(d).contains(victim).contains("materialised balance 1001"));
    }
  }
}
