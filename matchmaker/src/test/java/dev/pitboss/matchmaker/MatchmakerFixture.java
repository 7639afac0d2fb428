package dev.pitboss.matchmaker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pitboss.testbed.CertificateAuthority;
import dev.pitboss.testbed.TestBed;
import dev.pitboss.wallet.WalletConfig;
import dev.pitboss.wallet.WalletServer;
import dev.pitboss.wallet.v1.AccountKind;
import dev.pitboss.wallet.v1.DepositRequest;
import dev.pitboss.wallet.v1.GetBalanceRequest;
import dev.pitboss.wallet.v1.OpenAccountRequest;
import dev.pitboss.wallet.v1.WalletGrpc;
import io.fabric8.kubeapitest.KubeAPIServer;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.UnifiedJedis;

/**
 * A matchmaker on loopback over the real components: the test bed's Redis, a real kube-apiserver
 * with our CRDs, and the real wallet server over a fresh database of the test bed's PostgreSQL.
 * Each fixture uses its own namespace, so its Redis keys never meet another test's.
 */
final class MatchmakerFixture implements AutoCloseable {
  static final ObjectMapper JSON = new ObjectMapper();

  final KubeAPIServer kube;
  final KubernetesClient k8s;
  final WalletServer walletServer;
  final io.grpc.ManagedChannel walletChannel;

  /** As the matchmaker (lookups of player and prize-pool accounts). */
  final WalletGrpc.WalletBlockingStub wallet;

  /** As the payments component: opens and funds players. */
  final WalletGrpc.WalletBlockingStub payments;

  /** As a game server: opens seat escrows, captures seat holds. */
  final WalletGrpc.WalletBlockingStub gameServer;

  /** As the reconciler. */
  final WalletGrpc.WalletBlockingStub auditor;

  private final CertificateAuthority ca;
  private final java.util.List<io.grpc.ManagedChannel> channels = new java.util.ArrayList<>();
  final String walletDb;
  final UnifiedJedis redis;
  final String namespace = "mm-" + UUID.randomUUID().toString().substring(0, 8);
  final HttpClient http = HttpClient.newBuilder().build();
  final Map<String, Object> properties;
  EmbeddedServer app;

  MatchmakerFixture(String database, Map<String, Object> extra) throws Exception {
    kube = TestBed.startKubeApiServer();
    k8s = TestBed.client(kube);
    for (var crd : new String[] {"tables.pitboss.dev.yaml", "tournaments.pitboss.dev.yaml"}) {
      k8s.load(Files.newInputStream(crdDir().resolve(crd))).serverSideApply();
    }
    k8s.namespaces()
        .resource(
            new io.fabric8.kubernetes.api.model.NamespaceBuilder()
                .withNewMetadata()
                .withName(namespace)
                .endMetadata()
                .build())
        .create();
    try (var admin = DriverManager.getConnection(TestBed.postgresUrl());
        var st = admin.createStatement()) {
      st.execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
      st.execute("CREATE DATABASE " + database);
    }
    walletDb = TestBed.postgresUrl().replaceFirst("/pitboss\\?", "/" + database + "?");
    // The wallet over mutual TLS with its standard policy: every test call is made as the
    // component that would make it, and the matchmaker calls as itself.
    ca =
        CertificateAuthority.create(
            Files.createTempDirectory("matchmaker-certs"), "matchmaker test CA", Clock.systemUTC());
    var server = ca.issue("wallet-server", "spiffe://pitboss.dev/wallet", "localhost", "127.0.0.1");
    walletServer =
        WalletServer.start(
            WalletConfig.local(walletDb)
                .withTls(
                    new WalletConfig.Tls(
                        server.certificateChain(), server.privateKey(), server.trustRoots())));
    walletChannel = channel("matchmaker");
    wallet = WalletGrpc.newBlockingStub(walletChannel);
    payments = WalletGrpc.newBlockingStub(channel("payments"));
    gameServer = WalletGrpc.newBlockingStub(channel("game-server"));
    auditor = WalletGrpc.newBlockingStub(channel("reconcile"));
    var matchmaker = ca.issue("matchmaker", "spiffe://pitboss.dev/matchmaker");
    redis = RedisClient.create("127.0.0.1", TestBed.redisPort());
    var kubeconfig = Files.createTempFile("matchmaker-it", ".kubeconfig");
    Files.writeString(kubeconfig, kube.getKubeConfigYaml());
    kubeconfig.toFile().deleteOnExit();
    properties = new HashMap<>();
    properties.put("micronaut.server.host", "127.0.0.1");
    properties.put("micronaut.server.port", -1);
    properties.put("pitboss.matchmaker.redis-host", "127.0.0.1");
    properties.put("pitboss.matchmaker.redis-port", TestBed.redisPort());
    properties.put("pitboss.matchmaker.wallet-target", "127.0.0.1:" + walletServer.grpcPort());
    properties.put(
        "pitboss.matchmaker.wallet.cert-chain", matchmaker.certificateChain().toString());
    properties.put("pitboss.matchmaker.wallet.private-key", matchmaker.privateKey().toString());
    properties.put("pitboss.matchmaker.wallet.trust-roots", matchmaker.trustRoots().toString());
    properties.put("pitboss.matchmaker.kubeconfig", kubeconfig.toString());
    properties.put("pitboss.matchmaker.auth.development-issuer", "true");
    properties.put("pitboss.matchmaker.rate.player-per-second", 100_000);
    properties.put("pitboss.matchmaker.rate.address-per-second", 1_000_000);
    properties.putAll(extra);
    start();
  }

  private io.grpc.ManagedChannel channel(String component) throws java.io.IOException {
    var files = ca.issue("client-" + component, "spiffe://pitboss.dev/" + component);
    var channel =
        WalletClient.channel(
            "127.0.0.1:" + walletServer.grpcPort(),
            new Path[] {files.certificateChain(), files.privateKey(), files.trustRoots()});
    channels.add(channel);
    return channel;
  }

  static Path crdDir() {
    var here = Path.of("").toAbsolutePath();
    var dir = here.resolve("crds/kubernetes");
    return Files.isDirectory(dir) ? dir : here.getParent().resolve("crds/kubernetes");
  }

  void start() {
    // The wallet server's own Micronaut beans are on the test classpath; this context is the
    // matchmaker's alone.
    app =
        ApplicationContext.builder()
            .properties(properties)
            .beansPredicate(b -> !b.getBeanType().getPackageName().equals("dev.pitboss.wallet"))
            .start()
            .getBean(EmbeddedServer.class);
    app.start();
  }

  void stop() {
    app.getApplicationContext().close();
  }

  <T> T bean(Class<T> type) {
    return app.getApplicationContext().getBean(type);
  }

  String base() {
    return "http://127.0.0.1:" + app.getPort();
  }

  String token(String player) {
    return bean(DevelopmentIssuer.class).token(player, java.time.Duration.ofMinutes(30));
  }

  /** A Table resource: 6 seats, blinds 50/100 EUR, buy-in 2,000..20,000. */
  void tableType(String name, int seats) {
    var yaml =
        """
        apiVersion: pitboss.dev/v1alpha1
        kind: Table
        metadata: {name: %s, namespace: %s}
        spec:
          game: nlhe
          stakes: {smallBlind: 50, bigBlind: 100, currency: EUR}
          seats: %d
          buyIn: {min: 2000, max: 20000}
          region: local
        """
            .formatted(name, namespace, seats);
    k8s.resource(yaml).create();
    org.awaitility.Awaitility.await()
        .until(() -> bean(Catalog.class).table(namespace, name).isPresent());
  }

  String player(String id, long deposit) {
    var account =
        payments
            .openAccount(
                OpenAccountRequest.newBuilder()
                    .setIdempotencyKey("open-" + UUID.randomUUID())
                    .setKind(AccountKind.ACCOUNT_KIND_PLAYER)
                    .setOwner(id)
                    .setCurrency("EUR")
                    .build())
            .getAccount()
            .getAccountId();
    if (deposit > 0) {
      payments.deposit(
          DepositRequest.newBuilder()
              .setIdempotencyKey("deposit-" + UUID.randomUUID())
              .setAccountId(account)
              .setAmount(WalletClient.money(deposit, "EUR"))
              .setExternalReference("psp-" + id)
              .build());
    }
    return account;
  }

  dev.pitboss.wallet.v1.Account account(String accountId) {
    return wallet
        .getBalance(GetBalanceRequest.newBuilder().setAccountId(accountId).build())
        .getAccount();
  }

  long sql(String query) throws Exception {
    try (var db = DriverManager.getConnection(walletDb);
        var st = db.createStatement();
        var rs = st.executeQuery(query)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  record Reply(int status, String contentType, JsonNode json, String body) {}

  Reply call(String method, String path, String token, String body) throws Exception {
    var request =
        HttpRequest.newBuilder(URI.create(base() + path))
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body))
            .header("Content-Type", "application/json");
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    var response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    JsonNode json = null;
    var type = response.headers().firstValue("Content-Type").orElse("");
    if (type.contains("json") && !response.body().isEmpty()) {
      json = JSON.readTree(response.body());
    }
    return new Reply(response.statusCode(), type, json, response.body());
  }

  @Override
  public void close() throws Exception {
    stop();
    channels.forEach(io.grpc.ManagedChannel::shutdownNow);
    walletServer.close();
    redis.close();
    k8s.close();
    kube.stop();
  }
}
