package dev.pitboss.wallet;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.grpc.Contexts;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The wallet process: migrates the schema, serves the gRPC API, and serves health, Prometheus
 * metrics and reconciliation over HTTP. Closing it drains: readiness turns false first so no new
 * traffic is routed here, then in-flight calls get the grace period to finish.
 */
public final class WalletServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(WalletServer.class);
  static final Metadata.Key<String> CALLER_HEADER =
      Metadata.Key.of("x-pitboss-caller", Metadata.ASCII_STRING_MARSHALLER);

  private final WalletConfig config;
  private final HikariDataSource pool;
  private final WalletMetrics metrics = new WalletMetrics();
  private final Server grpc;
  private final HttpServer http;
  private final ExecutorService calls;
  private final AtomicBoolean draining = new AtomicBoolean();

  private WalletServer(WalletConfig config) throws IOException, SQLException {
    this.config = config;
    this.pool = pool(config);
    try {
      Migrations.migrate(pool, config.regions());
      var service =
          new WalletService(
              pool,
              new Ledger(config.regions().getFirst()),
              config.retry(),
              metrics,
              config.callDeadline());
      // Calls block on JDBC. Platform threads, a few more than connections, block in the kernel on
      // the socket; virtual threads would add a poller hand-off to each of a call's round trips,
      // which on a busy machine costs more than the round trip itself.
      this.calls =
          Executors.newFixedThreadPool(
              config.poolSize() * 2, Thread.ofPlatform().name("wallet-call-", 0).factory());
      this.grpc =
          NettyServerBuilder.forAddress(
                  new InetSocketAddress(config.bindAddress(), config.grpcPort()))
              .executor(calls)
              .addService(ServerInterceptors.intercept(service, new CallerInterceptor()))
              .build()
              .start();
      this.http = config.httpPort() < 0 ? null : http(config);
    } catch (IOException | SQLException | RuntimeException e) {
      pool.close();
      throw e;
    }
    log.info(
        "wallet serving gRPC on {}:{}{}",
        config.bindAddress(),
        grpc.getPort(),
        http == null ? "" : ", HTTP on " + http.getAddress().getPort());
  }

  public static WalletServer start(WalletConfig config) throws IOException, SQLException {
    return new WalletServer(config);
  }

  public int grpcPort() {
    return grpc.getPort();
  }

  public int httpPort() {
    return http == null ? -1 : http.getAddress().getPort();
  }

  private static HikariDataSource pool(WalletConfig config) {
    var hikari = new HikariConfig();
    hikari.setJdbcUrl(config.jdbcUrl());
    hikari.setMaximumPoolSize(config.poolSize());
    hikari.setMinimumIdle(config.poolSize());
    hikari.setAutoCommit(false);
    hikari.setTransactionIsolation("TRANSACTION_SERIALIZABLE");
    hikari.setPoolName("wallet");
    // A statement can never outlive the longest call deadline, even if its client vanished.
    hikari.setConnectionInitSql(
        "SET statement_timeout = " + Math.max(1, config.callDeadline().toMillis()));
    return new HikariDataSource(hikari);
  }

  private HttpServer http(WalletConfig config) throws IOException {
    var server =
        HttpServer.create(new InetSocketAddress(config.bindAddress(), config.httpPort()), 0);
    var writer = PrometheusTextFormatWriter.create();
    server.createContext("/health/liveness", x -> reply(x, 200, "UP\n"));
    server.createContext(
        "/health/readiness",
        x -> {
          if (draining.get()) {
            reply(x, 503, "DRAINING\n");
          } else if (!databaseAnswers()) {
            reply(x, 503, "DATABASE DOWN\n");
          } else {
            reply(x, 200, "UP\n");
          }
        });
    server.createContext(
        "/metrics",
        x -> {
          var body = new ByteArrayOutputStream();
          writer.write(body, metrics.registry.scrape());
          x.getResponseHeaders().set("Content-Type", writer.getContentType());
          x.sendResponseHeaders(200, body.size());
          try (var out = x.getResponseBody()) {
            body.writeTo(out);
          }
        });
    server.createContext(
        "/reconcile",
        x -> {
          try (var db = pool.getConnection()) {
            var report = Reconciler.check(db);
            db.rollback();
            reply(x, report.getBalanced() ? 200 : 409, Reconciler.describe(report));
          } catch (SQLException e) {
            reply(x, 503, "reconciliation failed: " + e.getMessage() + "\n");
          }
        });
    server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    server.start();
    return server;
  }

  private boolean databaseAnswers() {
    try (var db = pool.getConnection()) {
      boolean valid = db.isValid(2);
      db.rollback();
      return valid;
    } catch (SQLException e) {
      return false;
    }
  }

  private static void reply(HttpExchange x, int status, String body) throws IOException {
    var bytes = body.getBytes(StandardCharsets.UTF_8);
    x.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
    x.sendResponseHeaders(status, bytes.length);
    try (var out = x.getResponseBody()) {
      out.write(bytes);
    }
  }

  /** Graceful: stop taking calls, let in-flight ones finish within the grace period, then stop. */
  @Override
  public void close() {
    if (!draining.compareAndSet(false, true)) {
      return;
    }
    grpc.shutdown();
    try {
      if (!grpc.awaitTermination(config.shutdownGrace().toMillis(), TimeUnit.MILLISECONDS)) {
        log.warn("calls still running after {}; cancelling them", config.shutdownGrace());
        grpc.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      grpc.shutdownNow();
    }
    calls.shutdown();
    if (http != null) {
      http.stop(0);
    }
    pool.close();
    log.info("wallet stopped");
  }

  /** Puts the caller's self-declared identity where the audit log finds it. */
  private static final class CallerInterceptor implements ServerInterceptor {
    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(
        ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
      String caller = headers.get(CALLER_HEADER);
      var context =
          io.grpc.Context.current()
              .withValue(
                  WalletService.CALLER,
                  caller == null || caller.isBlank() ? "anonymous" : clip(caller));
      return Contexts.interceptCall(context, call, headers, next);
    }

    private static String clip(String s) {
      return s.length() <= 128 ? s : s.substring(0, 128);
    }
  }

  public static void main(String[] args) throws Exception {
    var server = start(WalletConfig.fromEnvironment(System.getenv()));
    var stopped = new java.util.concurrent.CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  server.close();
                  stopped.countDown();
                },
                "wallet-shutdown"));
    stopped.await();
  }
}
