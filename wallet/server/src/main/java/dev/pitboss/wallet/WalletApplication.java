package dev.pitboss.wallet;

import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Value;
import io.micronaut.runtime.Micronaut;
import java.io.IOException;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;

/**
 * The wallet process: a Micronaut application whose context owns the {@link WalletServer} (started
 * eagerly, closed on shutdown so in-flight calls drain) and serves health, metrics and
 * reconciliation over HTTP ({@link WalletEndpoints}). Configuration comes from Micronaut's property
 * sources, so the Helm chart's environment variables work as they are: PITBOSS_WALLET_DB_URL is
 * {@code pitboss.wallet.db-url}, and so on.
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
      @Value("${pitboss.wallet.bind:0.0.0.0}") String bind,
      @Value("${pitboss.wallet.grpc-port:9090}") int grpcPort,
      @Value("${pitboss.wallet.pool-size:16}") int poolSize,
      @Value("${pitboss.wallet.regions:local}") List<String> regions,
      @Value("${pitboss.wallet.retry-attempts:12}") int retryAttempts,
      @Value("${pitboss.wallet.deadline-ms:5000}") long deadlineMillis,
      @Value("${pitboss.wallet.shutdown-grace-seconds:20}") long graceSeconds)
      throws IOException, SQLException {
    var retry =
        retryAttempts == RetryPolicy.DEFAULT.maxAttempts()
            ? RetryPolicy.DEFAULT
            : new RetryPolicy(
                retryAttempts, RetryPolicy.DEFAULT.baseDelay(), RetryPolicy.DEFAULT.maxDelay());
    return WalletServer.start(
        new WalletConfig(
            url,
            bind,
            grpcPort,
            poolSize,
            regions,
            retry,
            Duration.ofMillis(deadlineMillis),
            Duration.ofSeconds(graceSeconds)));
  }
}
