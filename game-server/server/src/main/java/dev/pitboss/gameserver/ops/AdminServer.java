package dev.pitboss.gameserver.ops;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;

/**
 * Probes and metrics on their own port: {@code /healthz} (the process answers), {@code /readyz} (it
 * takes new seats; 503 while draining) and {@code /metrics} (Prometheus text format).
 */
public final class AdminServer implements AutoCloseable {
  private final HttpServer server;

  public AdminServer(InetSocketAddress bind, GameServerMetrics metrics, BooleanSupplier ready)
      throws IOException {
    server = HttpServer.create(bind, 64);
    server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    server.createContext("/healthz", x -> answer(x, 200, "ok\n", "text/plain"));
    server.createContext(
        "/readyz",
        x ->
            answer(
                x,
                ready.getAsBoolean() ? 200 : 503,
                ready.getAsBoolean() ? "ready\n" : "draining\n",
                "text/plain"));
    server.createContext(
        "/metrics",
        x -> {
          var out = new ByteArrayOutputStream();
          new PrometheusTextFormatWriter(false).write(out, metrics.registry.scrape());
          answer(
              x,
              200,
              out.toString(StandardCharsets.UTF_8),
              PrometheusTextFormatWriter.CONTENT_TYPE);
        });
    server.start();
  }

  public int port() {
    return server.getAddress().getPort();
  }

  private static void answer(HttpExchange x, int status, String body, String type)
      throws IOException {
    var bytes = body.getBytes(StandardCharsets.UTF_8);
    x.getResponseHeaders().set("Content-Type", type);
    x.sendResponseHeaders(status, bytes.length);
    try (var out = x.getResponseBody()) {
      out.write(bytes);
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
