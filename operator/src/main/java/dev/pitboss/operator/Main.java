package dev.pitboss.operator;

import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.time.Clock;
import java.time.Duration;

/** Entry point in the operator's pod: configuration from the environment the Helm chart sets. */
public final class Main {
  private Main() {}

  public static void main(String[] args) throws Exception {
    var config = OperatorConfig.fromEnv(System.getenv());
    var client = new KubernetesClientBuilder().build();
    var walletTarget = System.getenv("PITBOSS_WALLET_TARGET");
    var holds =
        walletTarget == null || walletTarget.isBlank()
            ? BuyInHolds.unavailable()
            : WalletBuyInHolds.fromEnv(walletTarget, System.getenv(), Duration.ofSeconds(10));
    var operator = new PitbossOperator(client, config, holds, Clock.systemUTC());
    var bind = System.getenv("PITBOSS_METRICS_BIND");
    var health =
        new HealthServer(
            bind == null || bind.isBlank()
                ? new java.net.InetSocketAddress(config.metricsPort())
                : new java.net.InetSocketAddress(bind.strip(), config.metricsPort()),
            operator.metrics(),
            operator::ready);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  operator.close();
                  health.close();
                  client.close();
                }));
    operator.start();
  }
}
