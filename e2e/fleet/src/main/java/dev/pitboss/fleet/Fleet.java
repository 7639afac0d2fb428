package dev.pitboss.fleet;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import dev.pitboss.agones.real.AgonesBin;
import dev.pitboss.agones.real.RealAgones;
import dev.pitboss.agones.standin.AgonesRelease;
import dev.pitboss.agones.standin.FakeAgonesController;
import dev.pitboss.testbed.CertificateAuthority;
import dev.pitboss.testbed.TestBed;
import dev.pitboss.wallet.client.WalletChannels;
import dev.pitboss.wallet.v1.WalletGrpc;
import io.fabric8.kubeapitest.KubeAPIServer;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.grpc.ManagedChannel;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import redis.clients.jedis.RedisClient;

/**
 * The local fleet: everything Pitboss runs, on one machine, on loopback. Production code paths: the
 * operator, the wallet, the matchmaker and every game server run as processes of their production
 * mains with the configuration the Helm chart would give them (mutual TLS with certificates made
 * for the run), against a real kube-apiserver and etcd, the test bed's PostgreSQL (a database of
 * the run's own, dropped at the end) and a Redis of the run's own. Agones: with {@code AGONES_BIN}
 * set ({@link AgonesBin}), Agones' own controller, extensions ({@link RealAgones}) and an {@code
 * sdk-server} per game server, out of cluster, the GameServers Agones development servers without
 * pods; without it, stand-ins named so: the controller and allocator ({@link FakeAgonesController},
 * allocations through the aggregated API) and an SDK server per game server backed by its
 * GameServer object. The kubelet is always a stand-in ({@link KubeletStandIn}). Outside Pitboss:
 * the payment provider and the auditor ({@link Cashier}). Players (bots, a browser) go through the
 * matchmaker's public API ({@link Matchmaker}) and the game servers' WebSockets, as any client
 * does.
 */
public final class Fleet implements AutoCloseable {
  /** How the fleet is sized and paced. */
  public record Options(
      int tablesPerServer, int bufferTables, Duration handPause, Duration idleGrace) {
    public static Options defaults() {
      return new Options(4, 2, Duration.ofMillis(300), Duration.ofSeconds(30));
    }
  }

  /** The {@code iss} of the matchmaker's seat tickets, which the game servers check. */
  static final String TICKET_ISSUER = "https://matchmaker.pitboss.local";

  final Path runDir;
  final KubeAPIServer apiServer;
  final KubernetesClient client;
  final Path kubeconfig;
  final String databaseUrl;

  /** The wallet's process; a new one after {@link #restartWallet()}. */
  volatile FleetProcess wallet;

  private final Map<String, String> walletEnv = new HashMap<>();
  private final Path logs;
  final FleetProcess redisServer;
  final int redisPort;
  final int walletPort;
  final FleetProcess operator;
  final FleetProcess matchmakerProcess;
  final int matchmakerPort;
  final int operatorMetricsPort;

  /** {@link RealAgones} or {@link FakeAgonesController}. */
  final AutoCloseable agones;

  /** Which Agones runs, as the progress says it. */
  final String agonesInUse;

  final KubeletStandIn kubelet;
  final Cashier cashier;
  final Matchmaker players;
  final RedisClient redis;
  final Duration startedIn;
  private final List<ManagedChannel> channels = new ArrayList<>();
  private final List<AutoCloseable> started = new ArrayList<>();

  private Fleet(Options options, Consumer<String> progress) throws Exception {
    var start = Instant.now();
    // Checked first: a folder without one of Agones' binaries is refused, naming it.
    var agonesBin = AgonesBin.fromEnvironment();
    agonesInUse =
        agonesBin.isPresent()
            ? "Agones " + AgonesRelease.VERSION + " (real, out of cluster, from AGONES_BIN)"
            : "Agones STAND-IN";
    runDir = Files.createTempDirectory("pitboss-fleet-");
    logs = runDir.resolve("logs");
    try {
      // Its own Redis: a run's lobby, registrations and director state never meet another's.
      redisPort = FreePorts.next();
      redisServer =
          track(
              FleetProcess.command(
                  "redis",
                  List.of(
                      "redis-server",
                      "--bind",
                      "127.0.0.1",
                      "--port",
                      Integer.toString(redisPort),
                      "--save",
                      "",
                      "--appendonly",
                      "no",
                      "--dir",
                      runDir.toString()),
                  Map.of(),
                  logs));
      waitFor("Redis on 127.0.0.1:" + redisPort, redisServer, () -> listening(redisPort));
      // The wallet next: its JVM boots while the API server starts.
      var database = "fleet_" + Long.toString(System.currentTimeMillis(), 36);
      databaseUrl = createDatabase(database);
      // Registered before the wallet, so it runs after the wallet has stopped.
      started.add(() -> dropDatabase(database));
      var ca =
          CertificateAuthority.create(runDir.resolve("ca"), "pitboss-fleet-ca", Clock.systemUTC());
      var walletTls = ca.issue("wallet", "spiffe://pitboss.dev/wallet", "127.0.0.1", "localhost");
      walletPort = FreePorts.next();
      walletEnv.put("PITBOSS_WALLET_DB_URL", databaseUrl);
      walletEnv.put("PITBOSS_WALLET_GRPC_PORT", Integer.toString(walletPort));
      walletEnv.put("MICRONAUT_SERVER_PORT", Integer.toString(FreePorts.next()));
      walletEnv.put("PITBOSS_WALLET_HTTPS_PORT", Integer.toString(FreePorts.next()));
      walletEnv.put("PITBOSS_WALLET_TLS_CERT_CHAIN", walletTls.certificateChain().toString());
      walletEnv.put("PITBOSS_WALLET_TLS_PRIVATE_KEY", walletTls.privateKey().toString());
      walletEnv.put("PITBOSS_WALLET_TLS_TRUST_ROOTS", walletTls.trustRoots().toString());
      walletEnv.put("PITBOSS_WALLET_POOL_SIZE", "8");
      wallet = startWallet();
      started.add(() -> wallet.close());
      progress.accept(
          "wallet: starting (pid " + wallet.pid() + ", gRPC 127.0.0.1:" + walletPort + ")");

      apiServer = TestBed.startKubeApiServer();
      started.add(apiServer::stop);
      client = TestBed.client(apiServer);
      started.add(client::close);
      kubeconfig = runDir.resolve("kubeconfig");
      Files.writeString(kubeconfig, apiServer.getKubeConfigYaml());
      installCrds();
      progress.accept(
          "kube-apiserver + etcd: up, CRDs installed (pitboss.dev and Agones "
              + AgonesRelease.VERSION
              + ")");

      // The matchmaker (production main): lobby, seating and the tournament director.
      var matchmakerTls = ca.issue("matchmaker", "spiffe://pitboss.dev/matchmaker");
      matchmakerPort = FreePorts.next();
      var mmEnv = new HashMap<String, String>();
      mmEnv.put("MICRONAUT_SERVER_HOST", "127.0.0.1");
      mmEnv.put("MICRONAUT_SERVER_PORT", Integer.toString(matchmakerPort));
      mmEnv.put("PITBOSS_MATCHMAKER_WALLET_TARGET", "127.0.0.1:" + walletPort);
      mmEnv.put(
          "PITBOSS_MATCHMAKER_WALLET_CERT_CHAIN", matchmakerTls.certificateChain().toString());
      mmEnv.put("PITBOSS_MATCHMAKER_WALLET_PRIVATE_KEY", matchmakerTls.privateKey().toString());
      mmEnv.put("PITBOSS_MATCHMAKER_WALLET_TRUST_ROOTS", matchmakerTls.trustRoots().toString());
      mmEnv.put("PITBOSS_MATCHMAKER_REDIS_HOST", "127.0.0.1");
      mmEnv.put("PITBOSS_MATCHMAKER_REDIS_PORT", Integer.toString(redisPort));
      mmEnv.put("PITBOSS_MATCHMAKER_KUBECONFIG", kubeconfig.toString());
      mmEnv.put("PITBOSS_MATCHMAKER_AUTH_DEVELOPMENT_ISSUER", "true");
      // Every bot and browser of the fleet calls from 127.0.0.1: one address for a whole room.
      mmEnv.put("PITBOSS_MATCHMAKER_RATE_ADDRESS_PER_SECOND", "5000");
      // The ticket key as the chart's Secret would mount it; game servers read its public half.
      mmEnv.put(
          "PITBOSS_MATCHMAKER_TICKET_KEY_FILE", ticketKey(runDir.resolve("ticket-key")).toString());
      mmEnv.put("PITBOSS_MATCHMAKER_TICKET_ISSUER", TICKET_ISSUER);
      matchmakerProcess =
          track(
              FleetProcess.start(
                  "matchmaker",
                  "dev.pitboss.matchmaker.MatchmakerApplication",
                  List.of(),
                  mmEnv,
                  "256m",
                  logs,
                  FleetClasspath.without(FleetProcess.WALLET_JAR)));
      progress.accept(
          "matchmaker: starting (pid "
              + matchmakerProcess.pid()
              + ", http://127.0.0.1:"
              + matchmakerPort
              + "; development issuer, loopback only)");

      if (agonesBin.isPresent()) {
        agones =
            track(
                new RealAgones(
                    client,
                    apiServer.getKubeConfigYaml(),
                    agonesBin.get(),
                    runDir.resolve("agones")));
        progress.accept(
            agonesInUse
                + ": controller + extensions up, serving allocation.agones.dev/v1 (logs in "
                + runDir.resolve("agones")
                + ")");
      } else {
        agones = track(new FakeAgonesController(client));
        progress.accept("Agones controller + allocator STAND-IN: serving allocation.agones.dev/v1");
      }

      redis = RedisClient.create(URI.create("redis://127.0.0.1:" + redisPort));
      started.add(redis::close);
      cashier = new Cashier(as(ca, "payments"), as(ca, "reconcile"));
      players = new Matchmaker(matchmakerUrl());

      var gameServer = ca.issue("game-server", "spiffe://pitboss.dev/game-server");
      var gsEnv = new HashMap<String, String>();
      gsEnv.put("PITBOSS_WALLET_TARGET", "127.0.0.1:" + walletPort);
      gsEnv.put("PITBOSS_WALLET_CERT", gameServer.certificateChain().toString());
      gsEnv.put("PITBOSS_WALLET_KEY", gameServer.privateKey().toString());
      gsEnv.put("PITBOSS_WALLET_CA", gameServer.trustRoots().toString());
      gsEnv.put("PITBOSS_REDIS_URL", "redis://127.0.0.1:" + redisPort);
      gsEnv.put("PITBOSS_TICKET_ISSUER", TICKET_ISSUER);
      gsEnv.put("PITBOSS_TICKET_JWKS", matchmakerUrl() + "/.well-known/jwks.json");
      gsEnv.put("PITBOSS_HAND_PAUSE_MS", Long.toString(options.handPause().toMillis()));
      gsEnv.put("PITBOSS_IDLE_GRACE_SECONDS", Long.toString(options.idleGrace().toSeconds()));
      // Bots act the moment their turn comes, far faster than people.
      gsEnv.put("PITBOSS_FRAMES_PER_SECOND", "1000");
      gsEnv.put("PITBOSS_FRAME_BURST", "1000");
      kubelet = track(new KubeletStandIn(client, gsEnv, logs, progress, agonesBin, kubeconfig));

      var template = runDir.resolve("pod-template.yaml");
      Files.writeString(
          template,
          "spec:\n  containers:\n  - name: game-server\n    image: ghcr.io/pitboss/game-server:local\n");
      operatorMetricsPort = FreePorts.next();
      var operatorEnv = new HashMap<String, String>();
      operatorEnv.put("KUBECONFIG", kubeconfig.toString());
      operatorEnv.put("PITBOSS_GAMESERVER_POD_TEMPLATE", template.toString());
      operatorEnv.put("PITBOSS_TABLES_PER_SERVER", Integer.toString(options.tablesPerServer()));
      operatorEnv.put(
          "PITBOSS_PLAYERS_PER_SERVER", Integer.toString(options.tablesPerServer() * 10));
      operatorEnv.put("PITBOSS_BUFFER_TABLES", Integer.toString(options.bufferTables()));
      operatorEnv.put("PITBOSS_METRICS_PORT", Integer.toString(operatorMetricsPort));
      operatorEnv.put("PITBOSS_METRICS_BIND", "127.0.0.1");
      operatorEnv.put("PITBOSS_LEASE_NAMESPACE", "default");
      operatorEnv.put("HOSTNAME", "pitboss-operator-local");
      // Agones run out of cluster makes no pods: its development GameServers (Static port).
      agonesBin.ifPresent(bin -> operatorEnv.put("PITBOSS_GAMESERVER_DEV_ADDRESS", "127.0.0.1"));
      // The operator releases a cancelled tournament's buy-ins in the wallet, as itself.
      var operatorIdentity = ca.issue("operator", "spiffe://pitboss.dev/operator");
      operatorEnv.put("PITBOSS_WALLET_TARGET", "127.0.0.1:" + walletPort);
      operatorEnv.put("PITBOSS_WALLET_CERT", operatorIdentity.certificateChain().toString());
      operatorEnv.put("PITBOSS_WALLET_KEY", operatorIdentity.privateKey().toString());
      operatorEnv.put("PITBOSS_WALLET_CA", operatorIdentity.trustRoots().toString());
      operator =
          track(
              FleetProcess.start(
                  "operator", "dev.pitboss.operator.Main", List.of(), operatorEnv, "256m", logs));
      progress.accept("operator: starting (pid " + operator.pid() + ")");

      waitFor("the wallet on 127.0.0.1:" + walletPort, wallet, () -> listening(walletPort));
      progress.accept("wallet: up");
      waitFor("the operator's /readyz", operator, () -> ready(operatorMetricsPort));
      progress.accept("operator: ready");
      waitFor(
          "the matchmaker's readiness",
          matchmakerProcess,
          () -> ok("http://127.0.0.1:" + matchmakerPort + "/health/readiness"));
      progress.accept("matchmaker: ready");
      startedIn = Duration.between(start, Instant.now());
    } catch (Exception | Error e) {
      close();
      throw e;
    }
  }

  /** Brings the fleet up; {@code progress} hears each step. */
  public static Fleet start(Options options, Consumer<String> progress) throws Exception {
    return new Fleet(options, progress);
  }

  private FleetProcess startWallet() {
    return FleetProcess.start(
        "wallet",
        "dev.pitboss.wallet.WalletApplication",
        List.of(),
        walletEnv,
        "256m",
        logs,
        FleetClasspath.without(FleetProcess.MATCHMAKER_JAR));
  }

  /** kill -9 of the wallet, as a crash: its callers see it gone until {@link #restartWallet()}. */
  void killWallet() {
    wallet.kill();
  }

  /** The wallet again on the same port and database, as its Deployment would restart it. */
  void restartWallet() throws InterruptedException {
    wallet.close();
    wallet = startWallet();
    waitFor("the wallet on 127.0.0.1:" + walletPort, wallet, () -> listening(walletPort));
  }

  private <T extends AutoCloseable> T track(T component) {
    started.add(component);
    return component;
  }

  private WalletGrpc.WalletBlockingStub as(CertificateAuthority ca, String component)
      throws IOException {
    var files = ca.issue(component, "spiffe://pitboss.dev/" + component);
    var channel =
        WalletChannels.mutualTls(
            "127.0.0.1:" + walletPort,
            files.certificateChain(),
            files.privateKey(),
            files.trustRoots());
    channels.add(channel);
    return WalletGrpc.newBlockingStub(channel).withWaitForReady();
  }

  /**
   * A ticket signing key made for the run, written as the JWK set the matchmaker reads from its
   * Secret ({@code pitboss.matchmaker.ticket.key-file}); owner-only, like a mounted Secret.
   */
  private static Path ticketKey(Path dir) throws IOException {
    try {
      var key =
          new ECKeyGenerator(Curve.P_256)
              .keyID("fleet-" + UUID.randomUUID())
              .keyUse(KeyUse.SIGNATURE)
              .generate();
      Files.createDirectories(dir);
      var file = dir.resolve("jwks.json");
      Files.writeString(file, new JWKSet(key).toString(false));
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
      return file;
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void dropDatabase(String database) throws SQLException {
    try (var admin = DriverManager.getConnection(TestBed.postgresUrl());
        var st = admin.createStatement()) {
      st.execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
    }
  }

  private static String createDatabase(String database) throws SQLException {
    try (var admin = DriverManager.getConnection(TestBed.postgresUrl());
        var st = admin.createStatement()) {
      st.execute("CREATE DATABASE " + database);
    }
    return TestBed.postgresUrl().replaceFirst("/pitboss\\?", "/" + database + "?");
  }

  private void installCrds() {
    var names = new ArrayList<String>();
    for (var path :
        List.of("/crds/tables.pitboss.dev.yaml", "/crds/tournaments.pitboss.dev.yaml")) {
      try (var in = Fleet.class.getResourceAsStream(path)) {
        var crd = client.apiextensions().v1().customResourceDefinitions().load(in).item();
        client.resource(crd).create();
        names.add(crd.getMetadata().getName());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    for (var crd : AgonesRelease.crds()) {
      client.resource(crd).create();
      names.add(crd.getMetadata().getName());
    }
    for (var name : names) {
      client
          .apiextensions()
          .v1()
          .customResourceDefinitions()
          .withName(name)
          .waitUntilCondition(TestBed::established, 60, TimeUnit.SECONDS);
    }
  }

  static boolean listening(int port) {
    try (var socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private static boolean ready(int port) {
    return ok("http://127.0.0.1:" + port + "/readyz");
  }

  private static boolean ok(String url) {
    try {
      var response =
          HTTP.send(
              HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(1)).build(),
              HttpResponse.BodyHandlers.discarding());
      return response.statusCode() == 200;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** Polls {@code condition} for up to two minutes; fails at once if {@code process} ended. */
  static void waitFor(String what, FleetProcess process, BooleanSupplier condition)
      throws InterruptedException {
    waitFor(what, process, Duration.ofMinutes(2), condition);
  }

  /** Polls {@code condition} for up to {@code timeout}; fails at once if {@code process} ended. */
  static void waitFor(
      String what, FleetProcess process, Duration timeout, BooleanSupplier condition)
      throws InterruptedException {
    var deadline = Instant.now().plus(timeout);
    while (!condition.getAsBoolean()) {
      if (process != null && !process.alive()) {
        throw new IllegalStateException(what + ": the process ended, see " + process.log);
      }
      if (Instant.now().isAfter(deadline)) {
        throw new IllegalStateException("timed out waiting for " + what);
      }
      Thread.sleep(100);
    }
  }

  /** The fleet's processes and their resident memory, this JVM (the stand-ins) included. */
  public Map<String, Long> memory() {
    var result = new java.util.LinkedHashMap<String, Long>();
    result.put("fleet JVM (stand-ins, bots)", FleetProcess.Rss.of(ProcessHandle.current().pid()));
    result.put("wallet", wallet.residentBytes());
    result.put("operator", operator.residentBytes());
    result.put("redis", redisServer.residentBytes());
    result.put("matchmaker", matchmakerProcess.residentBytes());
    if (agones instanceof RealAgones real) {
      real.pids().forEach((name, pid) -> result.put(name, FleetProcess.Rss.of(pid)));
    }
    for (var pod : kubelet.pods()) {
      result.put(pod.process().name, pod.process().residentBytes());
      pod.sdk().process().ifPresent(p -> result.put(p.name, p.residentBytes()));
    }
    var apiServerProcesses =
        ProcessHandle.current()
            .descendants()
            .filter(
                p ->
                    p.info()
                        .command()
                        .map(c -> c.endsWith("kube-apiserver") || c.endsWith("etcd"))
                        .orElse(false))
            .toList();
    for (var p : apiServerProcesses) {
      var command = p.info().command().orElse("?");
      result.put(Path.of(command).getFileName().toString(), FleetProcess.Rss.of(p.pid()));
    }
    return result;
  }

  /** The production matchmaker's HTTP base URL. */
  public String matchmakerUrl() {
    return "http://127.0.0.1:" + matchmakerPort;
  }

  public Path runDir() {
    return runDir;
  }

  public Path kubeconfig() {
    return kubeconfig;
  }

  /** Which Agones the fleet runs: the real one from {@code AGONES_BIN}, or the stand-in. */
  public String agonesInUse() {
    return agonesInUse;
  }

  public Duration startedIn() {
    return startedIn;
  }

  @Override
  public void close() {
    channels.forEach(ManagedChannel::shutdownNow);
    for (var component : started.reversed()) {
      try {
        component.close();
      } catch (Exception e) {
        System.err.println("stopping " + component + ": " + e);
      }
    }
    started.clear();
  }
}
