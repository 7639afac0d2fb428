package dev.pitboss.gameserver.it;

import dev.pitboss.testbed.CertificateAuthority;
import dev.pitboss.testbed.TestBed;
import dev.pitboss.wallet.WalletServer;
import dev.pitboss.wallet.client.WalletChannels;
import dev.pitboss.wallet.v1.AccountKind;
import dev.pitboss.wallet.v1.DepositRequest;
import dev.pitboss.wallet.v1.GetBalanceRequest;
import dev.pitboss.wallet.v1.HoldRequest;
import dev.pitboss.wallet.v1.Money;
import dev.pitboss.wallet.v1.OpenAccountRequest;
import dev.pitboss.wallet.v1.ReconcileReport;
import dev.pitboss.wallet.v1.ReconcileRequest;
import dev.pitboss.wallet.v1.WalletGrpc;
import io.grpc.ManagedChannel;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/**
 * The real wallet, in-process, on a fresh database of the test bed's PostgreSQL, with mutual TLS: a
 * CA made for the run issues the wallet's server certificate and one client certificate per
 * component, so every call goes through the production policy as the component that makes it.
 */
final class WalletUnderTest implements AutoCloseable {
  final String databaseUrl;
  final EmbeddedServer app;
  final CertificateAuthority ca;
  private final Map<String, ManagedChannel> channels = new HashMap<>();

  WalletUnderTest(String database) throws Exception {
    try (var admin = DriverManager.getConnection(TestBed.postgresUrl());
        var st = admin.createStatement()) {
      st.execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
      st.execute("CREATE DATABASE " + database);
    }
    databaseUrl = TestBed.postgresUrl().replaceFirst("/pitboss\\?", "/" + database + "?");
    ca =
        CertificateAuthority.create(
            Files.createTempDirectory("wallet-ca"), "pitboss-test-ca", Clock.systemUTC());
    var server = ca.issue("wallet", "spiffe://pitboss.dev/wallet", "127.0.0.1", "localhost");
    var props = new HashMap<String, Object>();
    props.put("pitboss.wallet.db-url", databaseUrl);
    props.put("pitboss.wallet.grpc-port", 0);
    props.put("pitboss.wallet.tls.cert-chain", server.certificateChain().toString());
    props.put("pitboss.wallet.tls.private-key", server.privateKey().toString());
    props.put("pitboss.wallet.tls.trust-roots", server.trustRoots().toString());
    props.put("micronaut.server.port", -1);
    props.put("pitboss.wallet.https-port", -1);
    app = ApplicationContext.run(EmbeddedServer.class, props);
  }

  int port() {
    return app.getApplicationContext().getBean(WalletServer.class).grpcPort();
  }

  /** The certificate files of {@code spiffe://pitboss.dev/<component>}. */
  CertificateAuthority.PemFiles identity(String component) {
    try {
      return ca.issue(component, "spiffe://pitboss.dev/" + component);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  synchronized WalletGrpc.WalletBlockingStub as(String component) {
    var channel =
        channels.computeIfAbsent(
            component,
            c -> {
              var files = identity(c);
              try {
                return WalletChannels.mutualTls(
                    "127.0.0.1:" + port(),
                    files.certificateChain(),
                    files.privateKey(),
                    files.trustRoots());
              } catch (IOException e) {
                throw new UncheckedIOException(e);
              }
            });
    return WalletGrpc.newBlockingStub(channel);
  }

  /** A player's account with a deposit, as the payments service makes them. */
  String player(String name, long deposit) {
    var payments = as("payments");
    var id =
        payments
            .openAccount(
                OpenAccountRequest.newBuilder()
                    .setIdempotencyKey("open/" + name)
                    .setKind(AccountKind.ACCOUNT_KIND_PLAYER)
                    .setOwner(name)
                    .setCurrency("EUR")
                    .build())
            .getAccount()
            .getAccountId();
    payments.deposit(
        DepositRequest.newBuilder()
            .setIdempotencyKey("deposit-" + UUID.randomUUID())
            .setAccountId(id)
            .setAmount(eur(deposit))
            .setExternalReference("psp-" + name)
            .build());
    return id;
  }

  /** The matchmaker's part: hold a buy-in under a cash-seat reference. */
  String hold(String account, String table, String player, long amount) {
    var reference = "seat/" + table + "/" + player + "/" + UUID.randomUUID();
    as("matchmaker")
        .hold(
            HoldRequest.newBuilder()
                .setIdempotencyKey("hold-" + reference)
                .setAccountId(account)
                .setAmount(eur(amount))
                .setReference(reference)
                .build());
    return reference;
  }

  long balance(String playerAccount) {
    return as("payments")
        .getBalance(GetBalanceRequest.newBuilder().setAccountId(playerAccount).build())
        .getAccount()
        .getBalanceMinorUnits();
  }

  /** The balance of the account of a kind and owner, read from the database. */
  long balanceOf(AccountKind kind, String owner) throws SQLException {
    return sum("kind = ? AND owner = ?", kind.name().substring("ACCOUNT_KIND_".length()), owner);
  }

  /**
   * Every chip outside the payment providers (players, escrows, house, prize pools), read in one
   * statement so a hand settling meanwhile cannot make it inconsistent.
   */
  long chipsInside() throws SQLException {
    return sum("kind <> 'EXTERNAL'");
  }

  /** What the house earned, its shards included. */
  long house() throws SQLException {
    return sum("kind = 'HOUSE'");
  }

  /** The summed balance of the accounts matching {@code where}, in one statement. */
  private long sum(String where, String... params) throws SQLException {
    try (var db = DriverManager.getConnection(databaseUrl);
        var st =
            db.prepareStatement("SELECT COALESCE(SUM(balance), 0) FROM accounts WHERE " + where)) {
      for (int i = 0; i < params.length; i++) st.setString(i + 1, params[i]);
      try (var rs = st.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  ReconcileReport reconcile() {
    return as("reconcile").reconcile(ReconcileRequest.getDefaultInstance());
  }

  static Money eur(long amount) {
    return Money.newBuilder().setMinorUnits(amount).setCurrency("EUR").build();
  }

  @Override
  public void close() {
    channels.values().forEach(ManagedChannel::shutdownNow);
    app.getApplicationContext().close();
  }
}
