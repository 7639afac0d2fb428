package dev.pitboss.operator;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Reconciles, their durations and errors, placements, closes and open tables, per kind. */
final class OperatorMetrics {
  final PrometheusRegistry registry = new PrometheusRegistry();
  private final Counter reconciles;
  private final Counter errors;
  private final Histogram duration;
  private final Counter placements;
  private final Counter closes;
  private final Map<String, Map<String, Integer>> openTables = new ConcurrentHashMap<>();

  OperatorMetrics() {
    reconciles =
        Counter.builder()
            .name("pitboss_operator_reconciles_total")
            .help("Reconciles by kind and result")
            .labelNames("kind", "result")
            .register(registry);
    errors =
        Counter.builder()
            .name("pitboss_operator_reconcile_errors_total")
            .help("Reconciles that failed and will be retried")
            .labelNames("kind")
            .register(registry);
    duration =
        Histogram.builder()
            .name("pitboss_operator_reconcile_duration_seconds")
            .help("Time one reconcile took")
            .labelNames("kind")
            .register(registry);
    placements =
        Counter.builder()
            .name("pitboss_operator_table_placements_total")
            .help("Tables placed on game servers")
            .labelNames("kind")
            .register(registry);
    closes =
        Counter.builder()
            .name("pitboss_operator_table_closes_total")
            .help("Empty tables closed")
            .labelNames("kind")
            .register(registry);
    GaugeWithCallback.builder()
        .name("pitboss_operator_open_tables")
        .help("Poker tables open on game servers")
        .labelNames("kind")
        .callback(
            cb ->
                openTables.forEach(
                    (kind, byResource) ->
                        cb.call(byResource.values().stream().mapToInt(i -> i).sum(), kind)))
        .register(registry);
  }

  void reconciled(String kind, long nanos, boolean ok) {
    reconciles.labelValues(kind, ok ? "success" : "error").inc();
    if (!ok) errors.labelValues(kind).inc();
    duration.labelValues(kind).observe(nanos / 1e9);
  }

  void placed(String kind) {
    placements.labelValues(kind).inc();
  }

  void closed(String kind) {
    closes.labelValues(kind).inc();
  }

  void openTables(String kind, String resource, int count) {
    var byResource = openTables.computeIfAbsent(kind, k -> new ConcurrentHashMap<>());
    if (count == 0) byResource.remove(resource);
    else byResource.put(resource, count);
  }
}
