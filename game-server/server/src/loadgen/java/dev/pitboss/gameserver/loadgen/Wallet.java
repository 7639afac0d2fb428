package dev.pitboss.gameserver.loadgen;

import dev.pitboss.wallet.v1.AccountKind;
import dev.pitboss.wallet.v1.DepositRequest;
import dev.pitboss.wallet.v1.GetBalanceRequest;
import dev.pitboss.wallet.v1.HoldRequest;
import dev.pitboss.wallet.v1.Money;
import dev.pitboss.wallet.v1.OpenAccountRequest;
import dev.pitboss.wallet.v1.ReconcileRequest;
import dev.pitboss.wallet.v1.WalletGrpc;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.MetadataUtils;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The real wallet as its own JVM ({@code WalletApplication}) on a fresh database of the test bed's
 * PostgreSQL, and the matchmaker's part of a cash seat: an account, a deposit, a held buy-in.
 */
final class Wallet implements AutoCloseable {
  static final String CURRENCY = "EUR";

  final Child process;
  final int port;
  private final String database;
  private final String adminUrl;
  private final ManagedChannel channel;
  final WalletGrpc.WalletBlockingStub stub;

  private Wallet(Child process, int port, String database, String adminUrl) {
    this.process = process;
    this.port = port;
    this.database = database;
    this.adminUrl = adminUrl;
    this.channel = NettyChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().build();
    var caller = new Metadata();
    caller.put(Metadata.Key.of("x-pitboss-caller", Metadata.ASCII_STRING_MARSHALLER), "loadgen");
    this.stub =
        WalletGrpc.newBlockingStub(channel)
            .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(caller));
  }

  static Wallet start(Path dir, String postgresUrl, String database) throws Exception {
    try (var admin = DriverManager.getConnection(postgresUrl);
        var st = admin.createStatement()) {
      st.execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
      st.execute("CREATE DATABASE " + database);
    }
    var url = postgresUrl.replaceFirst("/pitboss\\?", "/" + database + "?");
    int port = Child.freePort();
    var child =
        Child.start(
            "wallet",
            dir,
            List.of(
                "-Xmx1g",
                "-Dpitboss.wallet.db-url=" + url,
                "-Dpitboss.wallet.bind=127.0.0.1",
                "-Dpitboss.wallet.grpc-port=" + port,
                "-Dmicronaut.server.host=127.0.0.1",
                "-Dmicronaut.server.port=" + Child.freePort()),
            "dev.pitboss.wallet.WalletApplication",
            Map.of());
    var wallet = new Wallet(child, port, database, postgresUrl);
    child.await(
        "wallet gRPC port",
        Duration.ofMinutes(3),
        () -> {
          wallet.stub.reconcile(ReconcileRequest.getDefaultInstance());
          return true;
        });
    return wallet;
  }

  /** Opens a player's account and deposits {@code deposit}; returns the account id. */
  String player(String name, long deposit) {
    var id = account(AccountKind.ACCOUNT_KIND_PLAYER, name);
    stub.deposit(
        DepositRequest.newBuilder()
            .setIdempotencyKey("deposit/" + name)
            .setAccountId(id)
            .setAmount(money(deposit))
            .setExternalReference("psp-" + name)
            .build());
    return id;
  }

  /** Holds a buy-in under a cash-seat reference, as the matchmaker does before it signs. */
  String hold(String account, String table, String player, long amount) {
    var reference = "seat/" + table + "/" + player;
    stub.hold(
        HoldRequest.newBuilder()
            .setIdempotencyKey("hold/" + reference)
            .setAccountId(account)
            .setAmount(money(amount))
            .setReference(reference)
            .build());
    return reference;
  }

  String account(AccountKind kind, String owner) {
    return stub.openAccount(
            OpenAccountRequest.newBuilder()
                .setIdempotencyKey("open/" + kind.name() + "/" + owner + "/" + CURRENCY)
                .setKind(kind)
                .setOwner(owner)
                .setCurrency(CURRENCY)
                .build())
        .getAccount()
        .getAccountId();
  }

  long balance(String account) {
    return stub.getBalance(GetBalanceRequest.newBuilder().setAccountId(account).build())
        .getAccount()
        .getBalanceMinorUnits();
  }

  boolean balanced() {
    return stub.reconcile(ReconcileRequest.getDefaultInstance()).getBalanced();
  }

  static Money money(long amount) {
    return Money.newBuilder().setMinorUnits(amount).setCurrency(CURRENCY).build();
  }

  @Override
  public void close() throws Exception {
    channel.shutdownNow();
    process.close();
    try (var admin = DriverManager.getConnection(adminUrl);
        var st = admin.createStatement()) {
      st.execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
    }
  }
}
