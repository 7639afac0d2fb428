package dev.pitboss.wallet;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.sql.DriverManager;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The chart's migration Job: an empty database gets the schema, a second run changes nothing. */
class MigrateCommandIT {

  @Test
  void migratesAnEmptyDatabaseOnceAndThenIsANoOp() throws Exception {
    var url = WalletFixture.freshDatabase("wallet_migrate_cmd_it");
    var out = new ByteArrayOutputStream();
    var print = new PrintStream(out, true, StandardCharsets.UTF_8);
    var env = Map.of("PITBOSS_WALLET_DB_URL", url);

    assertThat(Migrate.run(new String[0], env, print, System.err)).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("schema up to date on POSTGRESQL");
    long applied = appliedMigrations(url);
    assertThat(applied).isPositive();

    assertThat(Migrate.run(new String[0], env, print, System.err)).isZero();
    assertThat(appliedMigrations(url)).isEqualTo(applied);
  }

  @Test
  void withoutADatabaseUrlItSaysWhatToSet() throws Exception {
    var err = new ByteArrayOutputStream();
    int exit =
        Migrate.run(
            new String[0],
            Map.of(),
            System.out,
            new PrintStream(err, true, StandardCharsets.UTF_8));
    assertThat(exit).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("PITBOSS_WALLET_DB_URL");
  }

  private static long appliedMigrations(String url) throws Exception {
    try (var db = DriverManager.getConnection(url);
        var st = db.createStatement();
        var rs = st.executeQuery("SELECT count(*) FROM flyway_schema_history WHERE success")) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
