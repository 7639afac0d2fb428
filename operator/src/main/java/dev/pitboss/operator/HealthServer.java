package dev.pitboss.operator;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.function.BooleanSupplier;

/**
 * {@code /metrics} (Prometheus text format), {@code /healthz} (liveness) and {@code /readyz}
 * (readiness) on one small JDK HTTP server.
 */
final class HealthServer implements AutoCloseable {
  private final HttpServer server;

  HealthServer(int port, OperatorMetrics metrics, BooleanSupplier ready) throws IOException {
    this(new InetSocketAddress(port), metrics, ready);
  }

  /** Serves on {@code address}: every interface in a pod, loopback in the local fleet. */
  HealthServer(InetSocketAddress address, OperatorMetrics metrics, BooleanSupplier ready)
      throws IOException {
    server = HttpServer.create(address, 0);
    var writer = PrometheusTextFormatWriter.create();
    server.createContext(
        "/metrics",
        exchange -> {
          var body = new ByteArrayOutputStream();
          writer.write(body, metrics.registry.scrape());
          respond(exchange, 200, writer.getContentType(), body.toByteArray());
        });
    server.createContext("/healthz", exchange -> text(exchange, 200, "ok"));
    server.createContext(
        "/readyz",
        exchange -> {
          if (ready.getAsBoolean()) text(exchange, 200, "ready");
          else text(exchange, 503, "not ready: informers not synced or unhealthy");
        });
    server.start();
  }

  int port() {
    return server.getAddress().getPort();
  }

  private static void text(HttpExchange exchange, int code, String body) throws IOException {
    respond(exchange, code, "text/plain; charset=utf-8", body.getBytes(StandardCharsets.UTF_8));
  }

  private static void respond(HttpExchange exchange, int code, String type, byte[] body)
      throws IOException {
    exchange.getResponseHeaders().set("Content-Type", type);
    exchange.sendResponseHeaders(code, body.length);
    try (var out = exchange.getResponseBody()) {
      out.write(body);
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
