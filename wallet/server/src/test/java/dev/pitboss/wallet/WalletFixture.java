package dev.pitboss.wallet;

import dev.pitboss.testbed.TestBed;
import dev.pitboss.wallet.v1.AccountKind;
import dev.pitboss.wallet.v1.DepositRequest;
import dev.pitboss.wallet.v1.GetBalanceRequest;
import dev.pitboss.wallet.v1.Money;
import dev.pitboss.wallet.v1.OpenAccountRequest;
import dev.pitboss.wallet.v1.ReconcileReport;
import dev.pitboss.wallet.v1.ReconcileRequest;
import dev.pitboss.wallet.v1.WalletGrpc;
import io.grpc.ManagedChannel;
import io.micronaut.context.ApplicationContext;
import io.micronaut.http.server.netty.NettyEmbeddedServer;
import io.micronaut.runtime.server.EmbeddedServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.UUID;

/**
 * The wallet application (Micronaut context, HTTP on a free port, gRPC with mutual TLS on a free
 * port) over its own fresh database of the test bed's PostgreSQL, and real mutual-TLS channels to
 * it: {@link #wallet} as {@code wallet-tests} (see {@link TestIdentities}), {@link #as} as any
 * other identity. The wallet's clock is {@link #clock}, which a test may move forward.
 */
final class WalletFixture implements AutoCloseable {
  final String databaseUrl;
  final EmbeddedServer app;
  final WalletServer server;
  final ManagedChannel channel;
  final WalletGrpc.WalletBlockingStub wallet;
  final MutableClock clock;
  private final Map<String, ManagedChannel> channels = new HashMap<>();

  private WalletFixture(String databaseUrl, EmbeddedServer app, MutableClock clock) {
    this.databaseUrl = databaseUrl;
    this.app = app;
    this.clock = clock;
    this.server = app.getApplicationContext().getBean(WalletServer.class);
    this.channel = TestIdentities.channel(server.grpcPort(), TestIdentities.TESTS);
    this.wallet = WalletGrpc.newBlockingStub(channel);
  }

  /** A blocking stub calling as {@code spiffe://pitboss.dev/<component>}. */
  synchronized WalletGrpc.WalletBlockingStub as(String component) {
    return WalletGrpc.newBlockingStub(
        channels.computeIfAbsent(component, c -> TestIdentities.channel(server.grpcPort(), c)));
  }

  static WalletFixture start(String database) throws Exception {
    return start(database, Map.of());
  }

  static WalletFixture start(String database, Map<String, Object> properties) throws Exception {
    return start(database, properties, TestIdentities.TRUSTED_TESTS);
  }

  static WalletFixture start(String database, Map<String, Object> properties, Policy policy)
      throws Exception {
    String url = freshDatabase(database);
    var tls = TestIdentities.serverTls();
    var all = new HashMap<String, Object>();
    all.put("pitboss.wallet.db-url", url);
    all.put("pitboss.wallet.grpc-port", 0);
    all.put("pitboss.wallet.shutdown-grace-seconds", 10);
    all.put("pitboss.wallet.tls.cert-chain", tls.certificateChain().toString());
    all.put("pitboss.wallet.tls.private-key", tls.privateKey().toString());
    all.put("pitboss.wallet.tls.trust-roots", tls.trustRoots().toString());
    all.put("pitboss.wallet.housekeeping-ms", 100);
    all.put("micronaut.server.port", -1);
    all.put("pitboss.wallet.https-port", freePort());
    all.putAll(properties);
    var clock = new MutableClock();
    var context = ApplicationContext.builder().properties(all).singletons(policy, clock).start();
    try {
      var app = context.getBean(EmbeddedServer.class);
      app.start();
      return new WalletFixture(url, app, clock);
    } catch (RuntimeException e) {
      context.close();
      throw e;
    }
  }

  /** The plain HTTP port: health and metrics. */
  int httpPort() {
    var ports = new HashSet<>(((NettyEmbeddedServer) app).getBoundPorts());
    ports.remove(httpsPort());
    return ports.iterator().next();
  }

  /** The HTTPS port (client certificates): reconciliation. */
  int httpsPort() {
    return app.getApplicationContext()
        .getProperty("pitboss.wallet.https-port", Integer.class)
        .orElseThrow();
  }

  /**
   * A port free right now, for the HTTPS listener, which (unlike the plain one) the test cannot
   * tell apart from the other bound port by asking for port 0.
   */
  static int freePort() throws IOException {
    try (var socket = new ServerSocket()) {
      socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
      return socket.getLocalPort();
    }
  }

  static String freshDatabase(String database) throws SQLException {
    try (var admin = DriverManager.getConnection(TestBed.postgresUrl());
        var st = admin.createStatement()) {
      st.execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
      st.execute("CREATE DATABASE " + database);
    }
    return TestBed.postgresUrl().replaceFirst("/pitboss\\?", "/" + database + "?");
  }

  Connection sql() throws SQLException {
    return DriverManager.getConnection(databaseUrl);
  }

  long scalar(String query) throws SQLException {
    try (var db = sql();
        var st = db.createStatement();
        var rs = st.executeQuery(query)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  /**
   * Row counts of everything a call may write except the audit log, and except the wallet's own
   * sweeps of house and payments shards, which run in the background.
   */
  String ledgerFootprint() throws SQLException {
    return scalar("SELECT COUNT(*) FROM accounts")
        + "/"
        + scalar("SELECT COUNT(*) FROM transfers WHERE kind <> 'SWEEP'")
        + "/"
        + scalar(
            "SELECT COUNT(*) FROM postings p JOIN transfers t ON t.id = p.transfer_id"
                + " WHERE t.kind <> 'SWEEP'")
        + "/"
        + scalar("SELECT COUNT(*) FROM holds")
        + "/"
        + scalar("SELECT COUNT(*) FROM idempotency_keys")
        + "/"
        + scalar("SELECT COALESCE(SUM(balance), 0) + COALESCE(SUM(held), 0) FROM accounts")
        + "/"
        + scalar("SELECT COUNT(*) FROM holds WHERE status = 'ACTIVE'");
  }

  String open(AccountKind kind, String owner, String currency) {
    return wallet
        .openAccount(
            OpenAccountRequest.newBuilder()
                .setIdempotencyKey("open-" + UUID.randomUUID())
                .setKind(kind)
                .setOwner(owner)
                .setCurrency(currency)
                .build())
        .getAccount()
        .getAccountId();
  }

  String player(String owner, long deposit, String currency) {
    var id = open(AccountKind.ACCOUNT_KIND_PLAYER, owner, currency);
    if (deposit > 0) {
      wallet.deposit(
          DepositRequest.newBuilder()
              .setIdempotencyKey("deposit-" + UUID.randomUUID())
              .setAccountId(id)
              .setAmount(money(deposit, currency))
              .setExternalReference("psp-token-" + owner)
              .build());
    }
    return id;
  }

  long balance(String account) {
    return wallet
        .getBalance(GetBalanceRequest.newBuilder().setAccountId(account).build())
        .getAccount()
        .getBalanceMinorUnits();
  }

  long available(String account) {
    return wallet
        .getBalance(GetBalanceRequest.newBuilder().setAccountId(account).build())
        .getAccount()
        .getAvailableMinorUnits();
  }

  /** An account's balance read straight from the database, whatever the policy lets tests see. */
  long sqlBalance(String account) throws SQLException {
    return scalar("SELECT balance FROM accounts WHERE id = '" + account + "'");
  }

  /** An account's available funds (balance − held) read straight from the database. */
  long sqlAvailable(String account) throws SQLException {
    return scalar("SELECT balance - held FROM accounts WHERE id = '" + account + "'");
  }

  ReconcileReport reconcile() {
    return wallet.reconcile(ReconcileRequest.getDefaultInstance());
  }

  static Money money(long minorUnits, String currency) {
    return Money.newBuilder().setMinorUnits(minorUnits).setCurrency(currency).build();
  }

  @Override
  public void close() throws Exception {
    channel.shutdownNow();
    synchronized (this) {
      channels.values().forEach(ManagedChannel::shutdownNow);
    }
    app.getApplicationContext().close();
  }
}
