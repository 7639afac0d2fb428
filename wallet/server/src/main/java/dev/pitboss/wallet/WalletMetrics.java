package dev.pitboss.wallet;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

/**
 * The wallet's Prometheus metrics. A registry per server (not the global default) so that tests and
 * benchmarks can run several servers in one JVM.
 */
final class WalletMetrics {
  final PrometheusRegistry registry = new PrometheusRegistry();

  private final Counter calls =
      Counter.builder()
          .name("wallet_calls")
          .help(
              "Wallet gRPC calls by method and outcome (applied, replayed, read, rejected, failed)")
          .labelNames("method", "outcome")
          .register(registry);

  private final Counter errors =
      Counter.builder()
          .name("wallet_errors")
          .help("Wallet gRPC calls that ended in an error status, by method and status code")
          .labelNames("method", "code")
          .register(registry);

  private final Counter retries =
      Counter.builder()
          .name("wallet_transaction_retries")
          .help("Transactions retried, by method and the SQLSTATE that caused the retry")
          .labelNames("method", "sqlstate")
          .register(registry);

  private final Histogram latency =
      Histogram.builder()
          .name("wallet_call_duration_seconds")
          .help("Wallet gRPC call latency, including database retries")
          .labelNames("method")
          .classicUpperBounds(
              0.0005, 0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5)
          .register(registry);

  WalletMetrics() {
    JvmMetrics.builder().register(registry);
  }

  void call(String method, String outcome, long startNanos) {
    calls.labelValues(method, outcome).inc();
    latency.labelValues(method).observe((System.nanoTime() - startNanos) / 1e9);
  }

  void error(String method, String code) {
    errors.labelValues(method, code).inc();
  }

  void retried(String method, String sqlState) {
    retries.labelValues(method, sqlState).inc();
  }
}
