package dev.pitboss.matchmaker;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/** The matchmaker's Prometheus metrics, one registry per process (README, "Operations"). */
public final class MatchmakerMetrics {
  final PrometheusRegistry registry = new PrometheusRegistry();
  private final PrometheusTextFormatWriter writer = PrometheusTextFormatWriter.create();

  final Counter requests =
      Counter.builder()
          .name("matchmaker_http_requests_total")
          .help("HTTP requests by route and status")
          .labelNames("method", "route", "status")
          .register(registry);
  final Histogram seatSeconds =
      Histogram.builder()
          .name("matchmaker_seat_duration_seconds")
          .help("Seat request latency, from the request to the answer, by outcome")
          .labelNames("outcome")
          .classicUpperBounds(
              0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30)
          .register(registry);
  final Gauge queue =
      Gauge.builder()
          .name("matchmaker_seat_queue_length")
          .help("Seat requests of this replica waiting for a free seat, by table type")
          .labelNames("owner")
          .register(registry);
  final Counter holds =
      Counter.builder()
          .name("matchmaker_holds_total")
          .help("Wallet holds by what became of them (held, released, captured)")
          .labelNames("event")
          .register(registry);
  final Counter rateLimited =
      Counter.builder()
          .name("matchmaker_rate_limited_total")
          .help("Requests refused by a rate limit, by limit (player, address)")
          .labelNames("limit")
          .register(registry);
  final Counter registrations =
      Counter.builder()
          .name("matchmaker_registrations_total")
          .help("Tournament registrations and unregistrations")
          .labelNames("event")
          .register(registry);
  final Counter balancingMoves =
      Counter.builder()
          .name("matchmaker_balancing_moves_total")
          .help("Players moved between tournament tables, by reason (balance, break)")
          .labelNames("reason")
          .register(registry);
  final Histogram balancingSeconds =
      Histogram.builder()
          .name("matchmaker_balancing_decision_seconds")
          .help("Time the director takes for one balancing decision")
          .classicUpperBounds(1e-6, 1e-5, 1e-4, 1e-3, 0.01, 0.1, 1)
          .register(registry);
  final Gauge directing =
      Gauge.builder()
          .name("matchmaker_tournaments_directed")
          .help("Tournaments this replica directs now (holds the lock of)")
          .register(registry);

  public MatchmakerMetrics() {
    JvmMetrics.builder().register(registry);
  }

  public String text() throws IOException {
    var out = new ByteArrayOutputStream();
    writer.write(out, registry.scrape());
    return out.toString(StandardCharsets.UTF_8);
  }

  public String contentType() {
    return writer.getContentType();
  }
}
