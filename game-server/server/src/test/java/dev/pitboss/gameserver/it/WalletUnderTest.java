package dev.pitboss.gameserver.it;

import dev.pitboss.testbed.TestBed;
import dev.pitboss.wallet.WalletServer;
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
import io.grpc.Metadata;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.MetadataUtils;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import java.sql.DriverManager;
import java.util.HashMap;
import java.util.UUID;

/** The real wallet, in-process, on a fresh database of the test bed's PostgreSQL. */
final class WalletUnderTest implements AutoCloseable {
  final String databaseUrl;
  final EmbeddedServer app;
  final ManagedChannel channel;
  final WalletGrpc.WalletBlockingStub wallet;

  WalletUnderTest(String database) throws Exception {
    try (var admin = DriverManager.getConnection(TestBed.postgresUrl());
        var st = admin.createStatement()) {
      st.execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
      st.execute("CREATE DATABASE " + database);
    }
    databaseUrl = TestBed.postgresUrl().replaceFirst("/pitboss\\?", "/" + database + "?");
    var props = new HashMap<String, Object>();
    props.put("pitboss.wallet.db-url", databaseUrl);
    props.put("pitboss.wallet.bind", "127.0.0.1");
    props.put("pitboss.wallet.grpc-port", 0);
    props.put("micronaut.server.host", "127.0.0.1");
    props.put("micronaut.server.port", -1);
    app = ApplicationContext.run(EmbeddedServer.class, props);
    channel = NettyChannelBuilder.forAddress("127.0.0.1", port()).usePlaintext().build();
    var caller = new Metadata();
    caller.put(Metadata.Key.of("x-pitboss-caller", Metadata.ASCII_STRING_MARSHALLER), "tests");
    wallet =
        WalletGrpc.newBlockingStub(channel)
            .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(caller));
  }

  int port() {
    return app.getApplicationContext().getBean(WalletServer.class).grpcPort();
  }

  String player(String name, long deposit) {
    var id =
        wallet
            .openAccount(
                OpenAccountRequest.newBuilder()
                    .setIdempotencyKey("open/ACCOUNT_KIND_PLAYER/" + name + "/EUR")
                    .setKind(AccountKind.ACCOUNT_KIND_PLAYER)
                    .setOwner(name)
                    .setCurrency("EUR")
                    .build())
            .getAccount()
            .getAccountId();
    wallet.deposit(
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
    wallet.hold(
        HoldRequest.newBuilder()
            .setIdempotencyKey("hold-" + reference)
            .setAccountId(account)
            .setAmount(eur(amount))
            .setReference(reference)
            .build());
    return reference;
  }

  long balance(String account) {
    return wallet
        .getBalance(GetBalanceRequest.newBuilder().setAccountId(account).build())
        .getAccount()
        .getBalanceMinorUnits();
  }

  /** Balance of an account by kind and owner (opened if missing, with zero). */
  long balanceOf(AccountKind kind, String owner) {
    var id =
        wallet
            .openAccount(
                OpenAccountRequest.newBuilder()
                    .setIdempotencyKey("open/" + kind.name() + "/" + owner + "/EUR")
                    .setKind(kind)
                    .setOwner(owner)
                    .setCurrency("EUR")
                    .build())
            .getAccount()
            .getAccountId();
    return balance(id);
  }

  /**
   * Every chip outside the payment providers (players, escrows, house, prize pools), read in one
   * statement so a hand settling meanwhile cannot make it inconsistent.
   */
  long chipsInside() throws java.sql.SQLException {
    try (var db = DriverManager.getConnection(databaseUrl);
        var st = db.createStatement();
        var rs =
            st.executeQuery(
                "SELECT COALESCE(SUM(balance), 0) FROM accounts WHERE kind <> 'EXTERNAL'")) {
      rs.next();
      return rs.getLong(1);
    }
  }

  ReconcileReport reconcile() {
    return wallet.reconcile(ReconcileRequest.getDefaultInstance());
  }

  static Money eur(long amount) {
    return Money.newBuilder().setMinorUnits(amount).setCurrency("EUR").build();
  }

  @Override
  public void close() {
    channel.shutdownNow();
    app.getApplicationContext().close();
  }
}
