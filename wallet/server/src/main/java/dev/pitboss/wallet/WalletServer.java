package dev.pitboss.wallet;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.pool.HikariPool;
import dev.pitboss.wallet.v1.ReconcileReport;
import io.grpc.Server;
import io.grpc.ServerInterceptors;
import io.grpc.TlsServerCredentials;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Clock;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.net.ssl.SSLSession;
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

  private final WalletConfig config;
  private final HikariDataSource pool;
  private final HikariDataSource reconciliation;
  private final WalletMetrics metrics = new WalletMetrics();
  private final PrometheusTextFormatWriter metricsFormat = PrometheusTextFormatWriter.create();
  private final Server grpc;
  private final CallTemplate template;

  /** Null in plaintext development mode. */
  private final PeerVerifier verifier;

  private final ExecutorService calls;
  private final ScheduledExecutorService housekeeping;
  private final AtomicBoolean draining = new AtomicBoolean();

  private WalletServer(WalletConfig config, Policy policy, Clock clock)
      throws IOException, SQLException {
    this.config = config;
    this.verifier =
        config.tls() == null ? null : new PeerVerifier(config.tls().trustRoots(), clock);
    var serving = serverBuilder(config, verifier);
    // Migrations run on a connection of their own, without the calls' short statement timeout.
    try (var migration = migrationPool(config.jdbcUrl(), "pitboss-wallet-migrate")) {
      Migrations.migrate(migration, config.regions());
    }
    this.pool = pool(config);
    this.reconciliation = reconciliationPool(config.jdbcUrl());
    try {
      var ledger = new Ledger(config.regions().getFirst(), clock);
      var hot = new HotAccounts(ledger, config.houseShards());
      try (var db = pool.getConnection()) {
        hot.prepare(db);
      }
      // Calls block on JDBC. Platform threads, a few more than connections, block in the kernel on
      // the socket; virtual threads would add a poller hand-off to each of a call's round trips,
      // which on a busy machine costs more than the round trip itself.
      this.calls =
          Executors.newFixedThreadPool(
              config.poolSize() * 2, Thread.ofPlatform().name("wallet-call-", 0).factory());
      var hikari = (HikariPool) pool.getHikariPoolMXBean();
      var transactor = new Transactor(hikari::getConnection, config.retry(), metrics::retried);
      this.template =
          new CallTemplate(
              pool,
              transactor,
              policy,
              metrics,
              config.callDeadline(),
              calls,
              config.regions().getFirst());
      var service =
          new WalletService(
              template,
              new AccountCalls(template, ledger),
              new CashCalls(template, ledger, hot),
              new HoldCalls(template, ledger, hot, config.holdExpiry()),
              new TransferCalls(template, ledger, hot),
              this::reconcileOrFail);
      var chores = new Housekeeping(ledger, hot, transactor, template, config.callDeadline());
      this.housekeeping =
          Executors.newSingleThreadScheduledExecutor(
              Thread.ofPlatform().name("wallet-housekeeping").daemon().factory());
      long every = config.housekeeping().toMillis();
      housekeeping.scheduleWithFixedDelay(chores, every, every, TimeUnit.MILLISECONDS);
      // The transport's own callbacks (headers, message, half-close, completion) are short and
      // never block, so they run on the event loop; the service moves each call to a worker once.
      // With a server executor every callback would be a thread hand-off of its own.
      this.grpc =
          serving
              .builder()
              .directExecutor()
              .maxInboundMessageSize(Validation.MAX_MESSAGE_BYTES)
              .maxInboundMetadataSize(8 * 1024)
              .addService(ServerInterceptors.intercept(service, serving.authentication()))
              .build()
              .start();
    } catch (IOException | SQLException | RuntimeException e) {
      pool.close();
      reconciliation.close();
      throw e;
    }
    log.info(
        "wallet serving gRPC on {}:{} ({})",
        config.bindAddress(),
        grpc.getPort(),
        config.tls() != null ? "mutual TLS" : "PLAINTEXT development mode");
  }

  private record Serving(NettyServerBuilder builder, Authentication authentication) {}

  /**
   * Mutual TLS, or plaintext when the development flag is set and the address is loopback; any
   * other configuration refuses to start.
   */
  private static Serving serverBuilder(WalletConfig config, PeerVerifier verifier)
      throws IOException {
    var address = new InetSocketAddress(config.bindAddress(), config.grpcPort());
    var tls = config.tls();
    if (tls != null) {
      var credentials =
          TlsServerCredentials.newBuilder()
              .keyManager(tls.certificateChain().toFile(), tls.privateKey().toFile())
              .trustManager(verifier.handshakeTrustManager())
              .clientAuth(TlsServerCredentials.ClientAuth.OPTIONAL)
              .build();
      return new Serving(
          NettyServerBuilder.forAddress(address, credentials), Authentication.mutualTls(verifier));
    }
    if (!config.plaintextDevelopment()) {
      throw new IllegalStateException(
          "the wallet serves only mutual TLS: set PITBOSS_WALLET_TLS_CERT_CHAIN,"
              + " PITBOSS_WALLET_TLS_PRIVATE_KEY and PITBOSS_WALLET_TLS_TRUST_ROOTS, or for local"
              + " development only PITBOSS_WALLET_PLAINTEXT_DEVELOPMENT=true on a loopback address");
    }
    if (address.getAddress() == null || !address.getAddress().isLoopbackAddress()) {
      throw new IllegalStateException(
          "plaintext development mode binds only to loopback, not " + config.bindAddress());
    }
    log.warn(
        "*** PLAINTEXT DEVELOPMENT MODE: no TLS, callers name themselves with the x-pitboss-caller"
            + " header. Anyone on this host can move money. Never run this way with real money."
            + " ***");
    return new Serving(NettyServerBuilder.forAddress(address), Authentication.developmentHeader());
  }

  public static WalletServer start(WalletConfig config) throws IOException, SQLException {
    return new WalletServer(config, Policy.STANDARD, Clock.systemUTC());
  }

  static WalletServer start(WalletConfig config, Policy policy, Clock clock)
      throws IOException, SQLException {
    return new WalletServer(config, policy, clock);
  }

  boolean mutualTls() {
    return config.tls() != null;
  }

  /** The certificate files the gRPC port serves; null in plaintext development mode. */
  WalletConfig.Tls tls() {
    return config.tls();
  }

  /** Validates client certificates, for the gRPC and the HTTPS port; null without TLS. */
  PeerVerifier verifier() {
    return verifier;
  }

  /**
   * Reconciliation asked over the HTTPS port: the identity is the one {@code session}'s client
   * certificate proves, the policy's {@code Reconcile} row decides, the call is audited.
   *
   * @throws WalletException UNAUTHENTICATED or PERMISSION_DENIED
   */
  ReconcileReport reconcileOverHttps(SSLSession session) {
    Identity caller = null;
    String refusal = null;
    try {
      caller = verifier.identity(session);
    } catch (PeerVerifier.Refused e) {
      refusal = e.getMessage();
    }
    return template.readOverHttps("Reconcile", caller, refusal, this::reconcileOrFail);
  }

  private ReconcileReport reconcileOrFail() {
    try {
      return reconcile();
    } catch (SQLException e) {
      throw new IllegalStateException("reconciliation failed: SQLSTATE " + e.getSQLState(), e);
    }
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

  static HikariDataSource migrationPool(String url, String name) {
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
    housekeeping.shutdownNow();
    try {
      housekeeping.awaitTermination(config.callDeadline().toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    calls.shutdown();
    pool.close();
    reconciliation.close();
    log.info("wallet stopped");
  }
}
