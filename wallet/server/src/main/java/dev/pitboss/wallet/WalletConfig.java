package dev.pitboss.wallet;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * How a wallet server is started ({@link WalletApplication} builds one from Micronaut properties).
 *
 * @param jdbcUrl PostgreSQL or CockroachDB JDBC URL
 * @param bindAddress where the gRPC port listens; loopback unless configured otherwise
 * @param grpcPort 0 picks a free port
 * @param regions the first is the home region of new accounts and the primary region
 * @param callDeadline the longest a call may take, retries included, when the caller sets none
 * @param shutdownGrace how long in-flight calls may run on after shutdown begins
 * @param tls the server's certificate and the CA its callers' certificates must chain to; null only
 *     with {@code plaintextDevelopment}
 * @param plaintextDevelopment serve plaintext, callers named by a header: loopback only
 * @param holdExpiry how long a hold lives when its request says nothing
 * @param housekeeping how often the wallet releases expired holds and sweeps house/payments shards
 * @param houseShards sub-accounts per house and payments account (0: none); at least the worker
 *     count (twice the pool) keeps concurrent calls off each other's shard
 */
public record WalletConfig(
    String jdbcUrl,
    String bindAddress,
    int grpcPort,
    int poolSize,
    List<String> regions,
    RetryPolicy retry,
    Duration callDeadline,
    Duration shutdownGrace,
    Tls tls,
    boolean plaintextDevelopment,
    Duration holdExpiry,
    Duration housekeeping,
    int houseShards) {

  /** PEM files: the server's certificate chain and PKCS#8 key, and the callers' trust roots. */
  public record Tls(Path certificateChain, Path privateKey, Path trustRoots) {}

  public static final Duration DEFAULT_HOLD_EXPIRY = Duration.ofHours(24);

  public WalletConfig {
    regions = List.copyOf(regions);
    if (regions.isEmpty()) {
      throw new IllegalArgumentException("at least one region is required");
    }
    if (poolSize < 1) {
      throw new IllegalArgumentException("poolSize must be at least 1, got " + poolSize);
    }
    if (holdExpiry.isNegative() || holdExpiry.isZero()) {
      throw new IllegalArgumentException("holdExpiry must be positive");
    }
    if (houseShards < 0 || houseShards > 1024) {
      throw new IllegalArgumentException("houseShards must be 0..1024, got " + houseShards);
    }
  }

  /** Loopback defaults for tests, benchmarks and local runs; add TLS or the development flag. */
  public static WalletConfig local(String jdbcUrl) {
    return new WalletConfig(
        jdbcUrl,
        "127.0.0.1",
        0,
        16,
        List.of("local"),
        RetryPolicy.DEFAULT,
        Duration.ofSeconds(5),
        Duration.ofSeconds(10),
        null,
        false,
        DEFAULT_HOLD_EXPIRY,
        Duration.ofSeconds(1),
        32);
  }

  public WalletConfig withPoolSize(int size) {
    return new WalletConfig(
        jdbcUrl,
        bindAddress,
        grpcPort,
        size,
        regions,
        retry,
        callDeadline,
        shutdownGrace,
        tls,
        plaintextDevelopment,
        holdExpiry,
        housekeeping,
        houseShards);
  }

  public WalletConfig withTls(Tls files) {
    return new WalletConfig(
        jdbcUrl,
        bindAddress,
        grpcPort,
        poolSize,
        regions,
        retry,
        callDeadline,
        shutdownGrace,
        files,
        plaintextDevelopment,
        holdExpiry,
        housekeeping,
        houseShards);
  }

  public WalletConfig withHouseShards(int shards) {
    return new WalletConfig(
        jdbcUrl,
        bindAddress,
        grpcPort,
        poolSize,
        regions,
        retry,
        callDeadline,
        shutdownGrace,
        tls,
        plaintextDevelopment,
        holdExpiry,
        housekeeping,
        shards);
  }
}
