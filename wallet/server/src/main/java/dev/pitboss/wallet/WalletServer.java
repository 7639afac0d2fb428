package dev.pitboss.wallet;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.pool.HikariPool;
import dev.pitboss.wallet.v1.ReconcileReport;
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
 * The wallet's engine room: migrates the schema, owns the connection pool and metrics, and serves
 * the gRPC API. The Micronaut application ({@link WalletApplication}) creates one and serves its
 * health, metrics and reconciliation over HTTP. Closing it drains: {@link #ready()} turns false
 * first so no new traffic is routed here, then in-flight calls get the grace period to finish.
 */
public final class WalletServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(WalletServer.class);
  static final Metadata.Key<String> CALLER_HEADER =
      Metadata.Key.of("x-pitboss-caller", Metadata.ASCII_STRING_MARSHALLER);

  private final WalletConfig config;
  private final HikariDataSource pool;
  private final HikariDataSource reconciliation;
  private final WalletMetrics metrics = new WalletMetrics();
  private final PrometheusTextFormatWriter metricsFormat = PrometheusTextFormatWriter.create();
  private final Server grpc;
  private final ExecutorService calls;
  private final AtomicBoolean draining = new AtomicBoolean();

  private WalletServer(WalletConfig config) throws IOException, SQLException {
    this.config = config;
    // Migrations run on a connection of their own, without the calls' short statement timeout.
    try (var migration = migrationPool(config.jdbcUrl(), "pitboss-wallet-migrate")) {
      Migrations.migrate(migration, config.regions());
    }
    this.pool = pool(config);
    this.reconciliation = reconciliationPool(config.jdbcUrl());
    try {
      // Calls block on JDBC. Platform threads, a few more than connections, block in the kernel on
      // the socket; virtual threads would add a poller hand-off to each of a call's round trips,
      // which on a busy machine costs more than the round trip itself.
      this.calls =
          Executors.newFixedThreadPool(
              config.poolSize() * 2, Thread.ofPlatform().name("wallet-call-", 0).factory());
      var hikari = (HikariPool) pool.getHikariPoolMXBean();
      var service =
          new WalletService(
              pool,
              hikari::getConnection,
              new Ledger(config.regions().getFirst()),
              config.retry(),
              metrics,
              config.callDeadline(),
              calls);
      // The transport's own callbacks (headers, message, half-close, completion) are short and
      // never block, so they run on the event loop; the service moves each call to a worker once.
      // With a server executor every callback would be a thread hand-off of its own.
      this.grpc =
          NettyServerBuilder.forAddress(
                  new InetSocketAddress(config.bindAddress(), config.grpcPort()))
              .directExecutor()
              .addService(ServerInterceptors.intercept(service, new CallerInterceptor()))
              .build()
              .start();
    } catch (IOException | RuntimeException e) {
      pool.close();
      reconciliation.close();
      throw e;
    }
    log.info("wallet serving gRPC on {}:{}", config.bindAddress(), grpc.getPort());
  }

  public static WalletServer start(WalletConfig config) throws IOException, SQLException {
    return new WalletServer(config);
  }

  public int grpcPort() {
    return grpc.getPort();
  }

  private static HikariDataSource pool(WalletConfig config) {
    var hikari = new HikariConfig();
    hikari.setJdbcUrl(config.jdbcUrl());
    hikari.setMaximumPoolSize(config.poolSize());
    hikari.setMinimumIdle(config.poolSize());
    hikari.setAutoCommit(false);
    hikari.setTransactionIsolation("TRANSACTION_SERIALIZABLE");
    hikari.setPoolName("wallet");
    // No call waits for a connection longer than its deadline (Transactor asks for less).
    hikari.setConnectionTimeout(Math.max(250, config.callDeadline().toMillis()));
    // A statement can never outlive the longest call deadline, even if its client vanished. Set as
    // a startup parameter, not by an init statement: with autocommit off such a statement opens a
    // transaction that stays idle until the first call, which then runs with a stale now(), and
    // whose rollback (a refused call) would undo the timeout.
    hikari.addDataSourceProperty(
        "options", "-c statement_timeout=" + Math.max(1, config.callDeadline().toMillis()));
    hikari.addDataSourceProperty("ApplicationName", "pitboss-wallet");
    return new HikariDataSource(hikari);
  }

  /**
   * Reconciliation reads the whole ledger: one read-only REPEATABLE READ snapshot on a connection
   * of its own, without the calls' statement timeout.
   */
  private static HikariDataSource reconciliationPool(String url) {
    var hikari = new HikariConfig();
    hikari.setJdbcUrl(url);
    hikari.setMaximumPoolSize(1);
    hikari.setMinimumIdle(0);
    hikari.setAutoCommit(false);
    hikari.setReadOnly(true);
    hikari.setTransactionIsolation("TRANSACTION_REPEATABLE_READ");
    hikari.setPoolName("wallet-reconcile");
    hikari.addDataSourceProperty("ApplicationName", "pitboss-wallet-reconcile");
    return new HikariDataSource(hikari);
  }

  private static HikariDataSource migrationPool(String url, String name) {
    var hikari = new HikariConfig();
    hikari.setJdbcUrl(url);
    // Flyway holds one connection for its lock and migrates on another.
    hikari.setMaximumPoolSize(2);
    hikari.setMinimumIdle(0);
    hikari.setAutoCommit(false);
    hikari.setPoolName(name);
    hikari.addDataSourceProperty("ApplicationName", name);
    return new HikariDataSource(hikari);
  }

  /** Ready for traffic: not draining, and the database answers. */
  boolean ready() {
    if (draining.get()) {
      return false;
    }
    try (var db = pool.getConnection()) {
      boolean valid = db.isValid(2);
      db.rollback();
      return valid;
    } catch (SQLException e) {
      return false;
    }
  }

  boolean draining() {
    return draining.get();
  }

  String metricsText() throws IOException {
    var body = new ByteArrayOutputStream();
    metricsFormat.write(body, metrics.registry.scrape());
    return body.toString(StandardCharsets.UTF_8);
  }

  String metricsContentType() {
    return metricsFormat.getContentType();
  }

  ReconcileReport reconcile() throws SQLException {
    try (var db = reconciliation.getConnection()) {
      var report = Reconciler.check(db);
      db.rollback();
      return report;
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
    pool.close();
    reconciliation.close();
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
}
