package dev.pitboss.wallet;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * How a wallet server is started. {@link #fromEnvironment} reads the variables the Helm chart sets.
 *
 * @param jdbcUrl PostgreSQL or CockroachDB JDBC URL
 * @param grpcPort 0 picks a free port
 * @param httpPort health, metrics and reconciliation; 0 picks a free port, -1 disables
 * @param regions the first is the home region of new accounts and the primary region
 * @param callDeadline the longest a call may take, retries included, when the caller sets none
 * @param shutdownGrace how long in-flight calls may run on after shutdown begins
 */
public record WalletConfig(
    String jdbcUrl,
    String bindAddress,
    int grpcPort,
    int httpPort,
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
  }

  /** Loopback defaults for tests and local runs. */
  public static WalletConfig local(String jdbcUrl) {
    return new WalletConfig(
        jdbcUrl,
        "127.0.0.1",
        0,
        0,
        16,
        List.of("local"),
        RetryPolicy.DEFAULT,
        Duration.ofSeconds(5),
        Duration.ofSeconds(10));
  }

  public WalletConfig withRetry(RetryPolicy policy) {
    return new WalletConfig(
        jdbcUrl,
        bindAddress,
        grpcPort,
        httpPort,
        poolSize,
        regions,
        policy,
        callDeadline,
        shutdownGrace);
  }

  public WalletConfig withPoolSize(int size) {
    return new WalletConfig(
        jdbcUrl,
        bindAddress,
        grpcPort,
        httpPort,
        size,
        regions,
        retry,
        callDeadline,
        shutdownGrace);
  }

  static WalletConfig fromEnvironment(Map<String, String> env) {
    String url = env.get("PITBOSS_WALLET_DB_URL");
    if (url == null || url.isBlank()) {
      throw new IllegalArgumentException("PITBOSS_WALLET_DB_URL (a JDBC URL) is required");
    }
    return new WalletConfig(
        url,
        env.getOrDefault("PITBOSS_WALLET_BIND", "0.0.0.0"),
        Integer.parseInt(env.getOrDefault("PITBOSS_WALLET_GRPC_PORT", "9090")),
        Integer.parseInt(env.getOrDefault("PITBOSS_WALLET_HTTP_PORT", "8080")),
        Integer.parseInt(env.getOrDefault("PITBOSS_WALLET_POOL_SIZE", "16")),
        Arrays.stream(env.getOrDefault("PITBOSS_WALLET_REGIONS", "local").split(","))
            .map(String::strip)
            .filter(s -> !s.isEmpty())
            .toList(),
        RetryPolicy.DEFAULT,
        Duration.ofMillis(Long.parseLong(env.getOrDefault("PITBOSS_WALLET_DEADLINE_MS", "5000"))),
        Duration.ofSeconds(
            Long.parseLong(env.getOrDefault("PITBOSS_WALLET_SHUTDOWN_GRACE_SECONDS", "20"))));
  }
}
