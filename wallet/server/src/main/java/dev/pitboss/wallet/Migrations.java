package dev.pitboss.wallet;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings the schema up to date. The common migrations run everywhere; the append-only triggers and
 * the multi-region localities are written per database, chosen by what {@code SELECT version()}
 * says the target is.
 */
final class Migrations {
  private static final Logger log = LoggerFactory.getLogger(Migrations.class);

  enum Target {
    POSTGRESQL,
    COCKROACHDB
  }

  private Migrations() {}

  static Target detect(DataSource pool) throws SQLException {
    try (var db = pool.getConnection();
        var st = db.createStatement();
        var rs = st.executeQuery("SELECT version()")) {
      rs.next();
      var target = rs.getString(1).contains("CockroachDB") ? Target.COCKROACHDB : Target.POSTGRESQL;
      db.rollback();
      return target;
    }
  }

  static Target migrate(DataSource pool, List<String> regions) throws SQLException {
    var target = detect(pool);
    if (target == Target.COCKROACHDB) {
      declareRegions(pool, regions);
    }
    var location = target == Target.COCKROACHDB ? "db/cockroachdb" : "db/postgresql";
    var result =
        Flyway.configure()
            .dataSource(pool)
            .locations("classpath:db/common", "classpath:" + location)
            .load()
            .migrate();
    log.info("schema on {} at version {}", target, result.targetSchemaVersion);
    return target;
  }

  /** Region names belong to the cluster, so they come from configuration, not from a migration. */
  private static void declareRegions(DataSource pool, List<String> regions) throws SQLException {
    if (regions.isEmpty()) {
      throw new IllegalStateException(
          "CockroachDB target: set PITBOSS_WALLET_REGIONS (first one is the primary region)");
    }
    try (Connection db = pool.getConnection();
        var st = db.createStatement()) {
      db.setAutoCommit(true);
      String database = db.getCatalog();
      st.execute(
          "ALTER DATABASE " + quote(database) + " SET PRIMARY REGION " + quote(regions.getFirst()));
      for (var region : regions.subList(1, regions.size())) {
        st.execute(
            "ALTER DATABASE " + quote(database) + " ADD REGION IF NOT EXISTS " + quote(region));
      }
      db.setAutoCommit(false);
    }
  }

  private static String quote(String identifier) {
    return '"' + identifier.replace("\"", "\"\"") + '"';
  }
}
