package dev.pitboss.operator;

import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.time.Clock;

/** Entry point in the operator's pod: configuration from the environment the Helm chart sets. */
public final class Main {
  private Main() {}

  public static void main(String[] args) throws Exception {
    var config = OperatorConfig.fromEnv(System.getenv());
    var client = new KubernetesClientBuilder().build();
    // The wallet's gRPC adapter plugs in here once the wallet client exists (see README).
    var operator = new PitbossOperator(client, config, BuyInHolds.unavailable(), Clock.systemUTC());
    var health = new HealthServer(config.metricsPort(), operator.metrics(), operator::ready);
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
