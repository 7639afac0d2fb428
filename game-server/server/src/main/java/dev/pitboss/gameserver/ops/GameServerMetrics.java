package dev.pitboss.gameserver.ops;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

/**
 * The game server's Prometheus metrics, in a registry per server so tests and benchmarks can run
 * several in one JVM. Hands per second is {@code rate(pitboss_gs_hands_total[1m])}.
 */
public final class GameServerMetrics {
  public final PrometheusRegistry registry = new PrometheusRegistry();

  public final Gauge tables =
      Gauge.builder()
          .name("pitboss_gs_tables")
          .help("Tables open on this server")
          .register(registry);

  public final Gauge players =
      Gauge.builder()
          .name("pitboss_gs_players")
          .help("Players seated at this server's tables")
          .register(registry);

  public final Gauge connections =
      Gauge.builder()
          .name("pitboss_gs_connections")
          .help("Open WebSocket connections")
          .register(registry);

  private final Counter hands =
      Counter.builder()
          .name("pitboss_gs_hands")
          .help("Hands played to the end, by outcome (settled, voided)")
          .labelNames("outcome")
          .register(registry);

  private final Counter rejected =
      Counter.builder()
          .name("pitboss_gs_rejected_frames")
          .help("Client frames refused, by error code")
          .labelNames("code")
          .register(registry);

  private final Histogram actionToBroadcast =
      Histogram.builder()
          .name("pitboss_gs_action_broadcast_seconds")
          .help("From a player's action frame read to its events handed to every viewer's socket")
          .classicUpperBounds(0.0005, 0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.25, 0.5, 1)
          .register(registry);

  private final Histogram wallet =
      Histogram.builder()
          .name("pitboss_gs_wallet_seconds")
          .help("Wallet call latency, by call (buyIn, settle, cashOut)")
          .labelNames("call")
          .classicUpperBounds(0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5)
          .register(registry);

  private final Counter walletRetries =
      Counter.builder()
          .name("pitboss_gs_wallet_retries")
          .help(
              "Wallet calls tried again after an unknown outcome (unavailable, aborted, deadline),"
                  + " by call: a rising rate is a wallet outage seen from the tables")
          .labelNames("call")
          .register(registry);

  public GameServerMetrics() {
    JvmMetrics.builder().register(registry);
  }

  public void hand(String outcome) {
    hands.labelValues(outcome).inc();
  }

  public void rejected(String code) {
    rejected.labelValues(code).inc();
  }

  public void actionBroadcast(long startNanos) {
    actionToBroadcast.observe((System.nanoTime() - startNanos) / 1e9);
  }

  public void wallet(String call, long startNanos) {
    wallet.labelValues(call).observe((System.nanoTime() - startNanos) / 1e9);
  }

  public void walletRetry(String call) {
    walletRetries.labelValues(call).inc();
  }
}
