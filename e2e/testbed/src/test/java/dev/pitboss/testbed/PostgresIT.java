package dev.pitboss.testbed;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.DriverManager;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;

/** The test bed's PostgreSQL is real and reachable on loopback. */
class PostgresIT {

  @Test
  void aRowRoundTrips() throws SQLException {
    try (var db = DriverManager.getConnection(TestBed.postgresUrl());
        var st = db.createStatement()) {
      st.execute("CREATE TEMP TABLE smoke (id BIGINT PRIMARY KEY, amount BIGINT NOT NULL)");
      st.execute("INSERT INTO smoke VALUES (1, 9223372036854775807)");
      try (var rs = st.executeQuery("SELECT amount, version() FROM smoke WHERE id = 1")) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getLong(1)).isEqualTo(Long.MAX_VALUE);
        assertThat(rs.getString(2)).startsWith("PostgreSQL");
      }
    }
  }
}
