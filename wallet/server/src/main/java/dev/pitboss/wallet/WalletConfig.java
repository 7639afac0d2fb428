package dev.pitboss.wallet;

import java.time.Duration;
import java.util.List;

/**
 * How a wallet server is started ({@link WalletApplication} builds one from Micronaut properties).
 *
 * @param jdbcUrl PostgreSQL or CockroachDB JDBC URL
 * @param grpcPort 0 picks a free port
 * @param regions the first is the home region of new accounts and the primary region
 * @param callDeadline the longest a call may take, retries included, when the caller sets none
 * @param shutdownGrace how long in-flight calls may run on after shutdown begins
 */
public record WalletConfig(
    String jdbcUrl,
    String bindAddress,
    int grpcPort,
    int poolSize,
    List<String> regions,
    RetryPolicy retry,
    Duration callDeadline,
    Duration shutdownGrace) {

  public WalletConfig {
    regions = List.copyOf(regions);
    if (regions.isEmpty()) {
      throw new IllegalArgumentException("at least one region is required");
    }
    if (poolSize < 1) {
      throw new IllegalArgumentException("poolSize must be at least 1, got " + poolSize);
    }
  }

  /** Loopback defaults for tests, benchmarks and local runs. */
  public static WalletConfig local(String jdbcUrl) {
    return new WalletConfig(
        jdbcUrl,
        "127.0.0.1",
        0,
        16,
        List.of("local"),
        RetryPolicy.DEFAULT,
        Duration.ofSeconds(5),
        Duration.ofSeconds(10));
  }

  public WalletConfig withPoolSize(int size) {
    return new WalletConfig(
        jdbcUrl, bindAddress, grpcPort, size, regions, retry, callDeadline, shutdownGrace);
  }
}
