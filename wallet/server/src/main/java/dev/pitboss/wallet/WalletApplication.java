package dev.pitboss.wallet;

import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Value;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.runtime.Micronaut;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * The wallet process: a Micronaut application whose context owns the {@link WalletServer} (started
 * eagerly, closed on shutdown so in-flight calls drain) and serves health, metrics and
 * reconciliation over HTTP ({@link WalletEndpoints}). Configuration comes from Micronaut's property
 * sources, so the Helm chart's environment variables work as they are: PITBOSS_WALLET_DB_URL is
 * {@code pitboss.wallet.db-url}, and so on. The {@link Policy} and {@link Clock} are the standard
 * ones unless a test registers its own beans.
 */
@Factory
public class WalletApplication {

  public static void main(String[] args) {
    Micronaut.build(args).mainClass(WalletApplication.class).start();
  }

  @Context
  @Bean(preDestroy = "close")
  WalletServer walletServer(
      @Value("${pitboss.wallet.db-url}") String url,
      @Value("${pitboss.wallet.bind:127.0.0.1}") String bind,
      @Value("${pitboss.wallet.grpc-port:9090}") int grpcPort,
      @Value("${pitboss.wallet.pool-size:16}") int poolSize,
      @Value("${pitboss.wallet.regions:local}") List<String> regions,
      @Value("${pitboss.wallet.retry-attempts:12}") int retryAttempts,
      @Value("${pitboss.wallet.deadline-ms:5000}") long deadlineMillis,
      @Value("${pitboss.wallet.shutdown-grace-seconds:20}") long graceSeconds,
      @Value("${pitboss.wallet.tls.cert-chain:}") String certChain,
      @Value("${pitboss.wallet.tls.private-key:}") String privateKey,
      @Value("${pitboss.wallet.tls.trust-roots:}") String trustRoots,
      @Value("${pitboss.wallet.plaintext-development:false}") boolean plaintextDevelopment,
      @Value("${pitboss.wallet.hold-expiry-seconds:86400}") long holdExpirySeconds,
      @Value("${pitboss.wallet.housekeeping-ms:1000}") long housekeepingMillis,
      @Value("${pitboss.wallet.house-shards:32}") int houseShards,
      @Nullable Policy policy,
      @Nullable Clock clock)
      throws IOException, SQLException {
    var retry =
        retryAttempts == RetryPolicy.DEFAULT.maxAttempts()
            ? RetryPolicy.DEFAULT
            : new RetryPolicy(
                retryAttempts, RetryPolicy.DEFAULT.baseDelay(), RetryPolicy.DEFAULT.maxDelay());
    WalletConfig.Tls tls = null;
    if (!certChain.isBlank() || !privateKey.isBlank() || !trustRoots.isBlank()) {
      if (certChain.isBlank() || privateKey.isBlank() || trustRoots.isBlank()) {
        throw new IllegalStateException(
            "mutual TLS needs all of PITBOSS_WALLET_TLS_CERT_CHAIN, PITBOSS_WALLET_TLS_PRIVATE_KEY"
                + " and PITBOSS_WALLET_TLS_TRUST_ROOTS");
      }
      tls = new WalletConfig.Tls(Path.of(certChain), Path.of(privateKey), Path.of(trustRoots));
    }
    return WalletServer.start(
        new WalletConfig(
            url,
            bind,
            grpcPort,
            poolSize,
            regions,
            retry,
            Duration.ofMillis(deadlineMillis),
            Duration.ofSeconds(graceSeconds),
            tls,
            plaintextDevelopment,
            Duration.ofSeconds(holdExpirySeconds),
            Duration.ofMillis(housekeepingMillis),
            houseShards),
        policy == null ? Policy.STANDARD : policy,
        clock == null ? Clock.systemUTC() : clock);
  }
}
