package dev.pitboss.wallet;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The SQL a batch sends; that it runs and commits is proven by every wallet integration test. */
class BatchTest {

  @Test
  void consecutiveInsertsBecomeOneStatement() {
    var batch =
        new Batch()
            .add("INSERT INTO transfers (id) VALUES (?)", 1)
            .add("INSERT INTO postings (id) VALUES (?), (?)", 2, 3)
            .add("INSERT INTO audit_log (id) VALUES (?)", 4);
    assertThat(batch.sql())
        .isEqualTo(
            "WITH i0 AS (INSERT INTO transfers (id) VALUES (?)),"
                + " i1 AS (INSERT INTO postings (id) VALUES (?), (?))\n"
                + "INSERT INTO audit_log (id) VALUES (?)");
  }

  @Test
  void otherStatementsStayApartAndKeepTheirOrder() {
    var batch =
        new Batch()
            .add("UPDATE holds SET status = ? WHERE id = ?", "CAPTURED", 1)
            .add("INSERT INTO transfers (id) VALUES (?)", 2)
            .add("INSERT INTO audit_log (id) VALUES (?)", 3)
            .add("UPDATE accounts SET held = held - ? WHERE id = ?", 4, 5)
            .add("INSERT INTO audit_log (id) VALUES (?)", 6);
    assertThat(batch.sql())
        .isEqualTo(
            "UPDATE holds SET status = ? WHERE id = ?;\n"
                + "WITH i0 AS (INSERT INTO transfers (id) VALUES (?))\n"
                + "INSERT INTO audit_log (id) VALUES (?);\n"
                + "UPDATE accounts SET held = held - ? WHERE id = ?;\n"
                + "INSERT INTO audit_log (id) VALUES (?)");
  }
}
