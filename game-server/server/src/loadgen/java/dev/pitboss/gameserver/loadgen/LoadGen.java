package dev.pitboss.gameserver.loadgen;

import dev.pitboss.agones.sdk.SdkServerStandIn;
import dev.pitboss.crds.Game;
import dev.pitboss.crds.TableRules;
import dev.pitboss.crds.TournamentSpec;
import dev.pitboss.testbed.TestBed;
import dev.pitboss.wallet.v1.AccountKind;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.StreamEntryID;
import tools.jackson.databind.json.JsonMapper;

/**
 * The game server's load benchmark (issue 9): the real game-server process ({@code
 * dev.pitboss.gameserver.host.Main}) in its own JVM, played by bots over real WebSockets on
 * loopback from this JVM. This JVM also plays the cluster (the Agones SDK server stand-in that
 * places the tables), the matchmaker (tickets, and the buy-in holds of a cash run) and the
 * tournament director (seat commands over Redis). Every phase is bounded in time; it stops by
 * itself and cleans up what it wrote to Redis.
 *
 * <p>Modes ({@code -Dbench.mode}): {@code play} ({@code bench.kind=tournament}: tournament-chip
 * tables, no wallet per hand, the pure game-server figure; {@code cash}: cash tables with the real
 * wallet in a third JVM on PostgreSQL, every hand settled), and {@code idle} (the most idle
 * WebSocket connections one instance holds). See game-server/server/README.md, "Benchmark".
 */
public final class LoadGen {
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private final String mode = System.getProperty("bench.mode", "play");
  private final boolean cash = "cash".equals(System.getProperty("bench.kind", "tournament"));
  private final int tables = Integer.getInteger("bench.tables", 1000);
  private final int players = Integer.getInteger("bench.players", 10);
  private final int warmup = Integer.getInteger("bench.warmup", 20);
  private final int seconds = Integer.getInteger("bench.seconds", 60);
  private final String think = System.getProperty("bench.thinkMs", "500-1500");
  private final int handPause = Integer.getInteger("bench.handPauseMs", 2000);
  private final int connections = Integer.getInteger("bench.connections", 19_000);
  private final int hold = Integer.getInteger("bench.hold", 30);
  private final int perSource = Integer.getInteger("bench.perSource", 20_000);
  private final String serverHeap = System.getProperty("bench.serverHeap", "2g");
  private final int clientThreads = Integer.getInteger("bench.clientThreads", 2);
  private final String run = "run" + Instant.now().getEpochSecond();

  private final Path dir;
  private final RedisClient redis;
  private final List<String> tableIds = new ArrayList<>();
  private String owner;
  private SdkServerStandIn agones;
  private Child server;
  private Wallet wallet;
  private int socketPort;
  private int adminPort;

  private LoadGen() throws Exception {
    dir = Files.createDirectories(Path.of("target", "loadgen", run)).toAbsolutePath();
    redis = RedisClient.create(URI.create("redis://127.0.0.1:" + TestBed.redisPort()));
  }

  public static void main(String[] args) throws Exception {
    var bench = new LoadGen();
    try {
      switch (bench.mode) {
        case "play" -> bench.play();
        case "idle" -> bench.idle();
        default -> throw new IllegalArgumentException("bench.mode must be play or idle");
      }
    } finally {
      bench.cleanUp();
    }
    System.exit(0);
  }

  // --- play ----------------------------------------------------------------------------------

  private void play() throws Exception {
    var tickets = new Tickets();
    startServer(tickets, tables, (long) tables * players);
    owner = (cash ? "table" : "tournament") + "/loadgen/" + run + "/";
    var rules = rules(owner);
    for (int t = 0; t < tables; t++) tableIds.add(owner + t);
    place(rules);

    var seatTickets = cash ? cashSeats(tickets) : tournamentSeats(tickets);
    int total = tables * players;
    var range = think.split("-");
    try (var bots =
        new Bots(
            clientThreads,
            new InetSocketAddress("127.0.0.1", socketPort),
            sources(total),
            new Bots.Play(Long.parseLong(range[0]), Long.parseLong(range[range.length - 1])))) {
      long connectStart = System.nanoTime();
      for (int t = 0; t < tables; t++) {
        var table = bots.table();
        for (int s = 1; s <= players; s++) {
          var ticket = seatTickets.get(t * players + s - 1);
          bots.connect(
              table, () -> "{\"type\":\"join\",\"ticket\":\"" + ticket.get() + "\"}", t * 16L + s);
        }
      }
      bots.awaitHandshakes();
      awaitCount("players welcomed", bots.welcomed::get, total, Duration.ofMinutes(2));
      System.out.printf(
          "%,d players connected and seated in %.1f s (load %s)%n",
          total, (System.nanoTime() - connectStart) / 1e9, Child.load());

      System.out.printf("warm-up %d s%n", warmup);
      Thread.sleep(warmup * 1000L);
      var load = new ArrayList<String>();
      load.add(Child.load());
      long serverCpu = Child.cpuMillis(server.pid());
      long ownCpu = Child.cpuMillis(ProcessHandle.current().pid());
      var before = scrapeQuietly();
      long start = System.nanoTime();
      bots.measuring = true;
      for (int elapsed = 0; elapsed < seconds; elapsed += 10) {
        Thread.sleep(Math.min(10, seconds - elapsed) * 1000L);
        load.add(Child.load());
        System.out.printf(
            "  %3d s: %,d actions, %,d hands, load %s%n",
            Math.min(elapsed + 10, seconds),
            bots.actions.sum(),
            bots.hands.sum(),
            Child.load());
      }
      bots.measuring = false;
      double wall = (System.nanoTime() - start) / 1e9;
      serverCpu = Child.cpuMillis(server.pid()) - serverCpu;
      ownCpu = Child.cpuMillis(ProcessHandle.current().pid()) - ownCpu;
      var after = scrapeQuietly();
      long walletCpu = wallet == null ? 0 : Child.cpuMillis(wallet.process.pid());

      var heapLive = Child.metric(after, "jvm_memory_used_bytes", "area=\"heap\"");
      server.fullGc();
      var heapAfterGc = Child.metric(scrapeQuietly(), "jvm_memory_used_bytes", "area=\"heap\"");

      System.out.println();
      System.out.printf(
          "=== %s: %,d tables x %d players = %,d players, think %s ms, hand pause %d ms, %d s"
              + " measured after %d s warm-up ===%n",
          cash ? "cash tables, real wallet (PostgreSQL)" : "tournament-chip tables, no wallet",
          tables,
          players,
          total,
          think,
          handPause,
          seconds,
          warmup);
      System.out.println(bots.toActor.summary());
      System.out.println(bots.toViewer.summary());
      System.out.println(bots.toAll.summary());
      double serverSum =
          Child.metric(after, "pitboss_gs_action_broadcast_seconds_sum", "")
              - Child.metric(before, "pitboss_gs_action_broadcast_seconds_sum", "");
      double serverCount =
          Child.metric(after, "pitboss_gs_action_broadcast_seconds_count", "")
              - Child.metric(before, "pitboss_gs_action_broadcast_seconds_count", "");
      System.out.printf(
          "server's own action->broadcast histogram: mean %.2f ms over %,.0f actions%n",
          serverCount == 0 ? 0 : serverSum / serverCount * 1e3, serverCount);
      double settled =
          Child.metric(after, "pitboss_gs_hands_total", "settled")
              - Child.metric(before, "pitboss_gs_hands_total", "settled");
      double voided =
          Child.metric(after, "pitboss_gs_hands_total", "voided")
              - Child.metric(before, "pitboss_gs_hands_total", "voided");
      System.out.printf(
          "throughput: %,.0f actions/s, %,.1f hands/s (server: %,.1f hands/s settled, %,.0f"
              + " voided); timed-out actions %,d%n",
          bots.actions.sum() / wall,
          bots.hands.sum() / wall,
          settled / wall,
          voided,
          bots.timeouts.sum());
      System.out.printf(
          "server JVM (-Xmx%s): CPU %.0f%% of one core (%.2f of 2 cores), heap after full GC"
              + " %.0f MiB (%.0f MiB before it), RSS %,d MiB%n",
          serverHeap,
          serverCpu / wall / 10,
          serverCpu / wall / 1000,
          heapAfterGc / (1 << 20),
          heapLive / (1 << 20),
          Child.rssMiB(server.pid()));
      System.out.printf(
          "load generator JVM: CPU %.0f%% of one core; %,d frames read%s%n",
          ownCpu / wall / 10,
          bots.frames.sum(),
          wallet == null ? "" : String.format("; wallet JVM CPU since start %,d ms", walletCpu));
      System.out.printf(
          "bots: %,d connected, %,d failed to connect, %,d closed by the server, %,d busted,"
              + " %,d sequence gaps, %,d error frames%s%n",
          bots.connected.get(),
          bots.failedToConnect.get(),
          bots.closed.get(),
          bots.busted.sum(),
          bots.gaps.sum(),
          bots.errors.sum(),
          bots.firstErrors.isEmpty() ? "" : " " + bots.firstErrors);
      System.out.printf(
          "load average (1 min) during the measurement: %s; machine: %d CPUs, %s%n",
          String.join(" ", load),
          Runtime.getRuntime().availableProcessors(),
          Runtime.version());

      if (cash) {
        // A graceful drain, as on SIGTERM: hands finish, every cash player is paid out.
        long drainStart = System.nanoTime();
        server.stop(Duration.ofMinutes(3));
        System.out.printf(
            "server drained and exited (%d) in %.1f s%n",
            server.process.exitValue(), (System.nanoTime() - drainStart) / 1e9);
      } else {
        // Tournament chips are the director's business; nothing to pay out, no drain to wait for.
        server.process.destroyForcibly().waitFor();
      }
    }
    if (cash) checkBooks();
  }

  private TableRules rules(String owner) {
    if (cash)
      return new TableRules(
          owner,
          Game.NLHE,
          players,
          30,
          new TableRules.Cash(50, 100, Wallet.CURRENCY, 4_000, 20_000, 500, 300),
          null);
    return new TableRules(
        owner,
        Game.NLHE,
        players,
        30,
        null,
        new TableRules.Tournament(
            1_000_000,
            List.of(new TournamentSpec.BlindLevel(10, 20, 0, 600)),
            Instant.now().toString()));
  }

  /** Seats every tournament player through the director's command streams. */
  private List<java.util.function.Supplier<String>> tournamentSeats(Tickets tickets)
      throws Exception {
    var seats = new ArrayList<java.util.function.Supplier<String>>();
    try (var pipe = redis.pipelined()) {
      for (int t = 0; t < tables; t++) {
        var table = tableIds.get(t);
        for (int s = 1; s <= players; s++) {
          var player = "p" + t + "-" + s;
          pipe.xadd(
              "pitboss:table-commands:" + table,
              StreamEntryID.NEW_ENTRY,
              Map.of("cmd", "seat", "player", player, "seat", Integer.toString(s), "chips",
                  "1000000"));
          int seat = s;
          seats.add(() -> tickets.tournament(player, table, seat));
        }
      }
      pipe.sync();
    }
    awaitCount(
        "players seated by the director",
        () -> gauge("pitboss_gs_players"),
        tables * players,
        Duration.ofMinutes(3));
    return seats;
  }

  private final Map<String, String> accounts = new HashMap<>();
  private static final long DEPOSIT = 50_000;
  private static final long BUY_IN = 20_000;

  /** The matchmaker's part for every cash player: account, deposit, held buy-in. */
  private List<java.util.function.Supplier<String>> cashSeats(Tickets tickets) throws Exception {
    var seats = new ArrayList<java.util.function.Supplier<String>>();
    var holds = new String[tables * players];
    long start = System.nanoTime();
    var limit = new Semaphore(16);
    try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
      for (int t = 0; t < tables; t++) {
        for (int s = 1; s <= players; s++) {
          var table = tableIds.get(t);
          var player = "p-" + run + "-" + t + "-" + s;
          int i = t * players + s - 1;
          limit.acquire();
          pool.submit(
              () -> {
                try {
                  var account = wallet.player(player, DEPOSIT);
                  synchronized (accounts) {
                    accounts.put(player, account);
                  }
                  holds[i] = wallet.hold(account, table, player, BUY_IN);
                } finally {
                  limit.release();
                }
                return null;
              });
        }
      }
    }
    System.out.printf(
        "%,d wallet accounts opened, funded and buy-ins held in %.1f s%n",
        tables * players, (System.nanoTime() - start) / 1e9);
    for (int t = 0; t < tables; t++) {
      for (int s = 1; s <= players; s++) {
        var table = tableIds.get(t);
        var player = "p-" + run + "-" + t + "-" + s;
        int seat = s;
        var hold = holds[t * players + s - 1];
        seats.add(() -> tickets.cash(player, table, seat, BUY_IN, Wallet.CURRENCY, hold));
      }
    }
    return seats;
  }

  /** After the drain every cash player was paid out: wallets plus rake hold every deposit. */
  private void checkBooks() {
    long sum = accounts.values().stream().mapToLong(wallet::balance).sum();
    long house = wallet.balance(wallet.account(AccountKind.ACCOUNT_KIND_HOUSE, "house"));
    long escrow = 0;
    for (var table : tableIds)
      for (int s = 1; s <= players; s++)
        escrow +=
            wallet.balance(wallet.account(AccountKind.ACCOUNT_KIND_TABLE_ESCROW, table + "#" + s));
    System.out.printf(
        "books: players' wallets %,d + house (rake) %,d + escrows left %,d = %,d; deposited %,d;"
            + " %s; ledger reconciles: %s%n",
        sum,
        house,
        escrow,
        sum + house + escrow,
        accounts.size() * DEPOSIT,
        sum + house + escrow == accounts.size() * DEPOSIT ? "EQUAL" : "NOT EQUAL",
        wallet.balanced());
  }

  // --- idle ----------------------------------------------------------------------------------

  private void idle() throws Exception {
    startServer(new Tickets(), 1, 10);
    server.fullGc();
    double baseline =
        Child.metric(Child.scrape(adminPort), "jvm_memory_used_bytes", "area=\"heap\"");
    long baseRss = Child.rssMiB(server.pid());
    var sources = sources(connections);
    try (var bots =
        new Bots(
            clientThreads,
            new InetSocketAddress("127.0.0.1", socketPort),
            sources,
            new Bots.Play(0, 0))) {
      long start = System.nanoTime();
      var table = bots.table();
      var ping = "{\"type\":\"ping\",\"id\":\"p\"}";
      for (int i = 0; i < connections; i++) {
        if (i % 1000 == 0) table = bots.table();
        bots.connect(table, () -> ping, i);
      }
      bots.awaitHandshakes();
      awaitCount("first pongs", () -> (int) bots.pongs.sum(), bots.connected.get(),
          Duration.ofSeconds(60));
      double opened = (System.nanoTime() - start) / 1e9;
      System.out.printf(
          "%,d of %,d WebSockets open in %.1f s from %d source addresses (%,d failed: %s);"
              + " load %s%n",
          bots.connected.get(),
          connections,
          opened,
          sources.size(),
          bots.failedToConnect.get(),
          bots.firstErrors,
          Child.load());
      long holdUntil = System.nanoTime() + hold * 1_000_000_000L;
      while (System.nanoTime() < holdUntil) Thread.sleep(1000);
      long pongsBefore = bots.pongs.sum();
      bots.pingAll();
      awaitCount(
          "pongs after the hold",
          () -> (int) (bots.pongs.sum() - pongsBefore),
          bots.open(),
          Duration.ofSeconds(60));
      long answered = bots.pongs.sum() - pongsBefore;
      server.fullGc();
      var metrics = Child.scrape(adminPort);
      double heap = Child.metric(metrics, "jvm_memory_used_bytes", "area=\"heap\"");
      long rss = Child.rssMiB(server.pid());
      int open = bots.open();
      System.out.println();
      System.out.printf(
          "=== idle connections: %,d asked, %,d open after %d s, %,d answered a ping; server"
              + " counts %,.0f ===%n",
          connections,
          open,
          hold,
          answered,
          Child.metric(metrics, "pitboss_gs_connections", ""));
      System.out.printf(
          "server JVM (-Xmx%s): heap after full GC %.0f MiB (%.0f MiB before any connection,"
              + " %.1f KiB each); RSS %,d MiB (%,d MiB before, %.1f KiB each)%n",
          serverHeap,
          heap / (1 << 20),
          baseline / (1 << 20),
          open == 0 ? 0 : (heap - baseline) / open / 1024,
          rss,
          baseRss,
          open == 0 ? 0 : (rss - baseRss) * 1024.0 / open);
      System.out.printf(
          "open-file limit of this process: %s; load average (1 min) %s; %d CPUs, %s%n",
          Files.readAllLines(Path.of("/proc/self/limits")).stream()
              .filter(l -> l.startsWith("Max open files"))
              .findFirst()
              .orElse("?")
              .replaceAll("\\s+", " "),
          Child.load(),
          Runtime.getRuntime().availableProcessors(),
          Runtime.version());
    }
  }

  // --- the server and its cluster ------------------------------------------------------------

  private void startServer(Tickets tickets, int tableCapacity, long playerCapacity)
      throws Exception {
    agones = SdkServerStandIn.start(0, "loadgen-" + run);
    agones.setList(SdkServerStandIn.TABLES_LIST, tableCapacity, List.of());
    agones.setList("players", playerCapacity, List.of());
    if (cash) wallet = Wallet.start(dir, TestBed.postgresUrl(), "game_server_loadgen");
    var env = new HashMap<String, String>();
    env.put("AGONES_SDK_GRPC_PORT", Integer.toString(agones.port()));
    // Ports the kernel picks; the server names them in its "game server up" log line.
    env.put("PITBOSS_GS_BIND", "127.0.0.1:0");
    env.put("PITBOSS_GS_ADMIN_BIND", "127.0.0.1:0");
    env.put("PITBOSS_GS_ADVERTISE_ADDRESS", "127.0.0.1");
    // A tournament run makes no wallet call; the channel to this port is never used.
    env.put("PITBOSS_WALLET_TARGET", "127.0.0.1:" + (wallet == null ? 1 : wallet.port));
    env.put("PITBOSS_WALLET_PLAINTEXT", "true");
    env.put("PITBOSS_REDIS_URL", "redis://127.0.0.1:" + TestBed.redisPort());
    env.put("PITBOSS_TICKET_ISSUER", Tickets.ISSUER);
    env.put("PITBOSS_TICKET_JWKS", tickets.writeJwks(dir).toString());
    env.put("PITBOSS_HAND_PAUSE_MS", Integer.toString(handPause));
    env.put("PITBOSS_IDLE_GRACE_SECONDS", "600");
    env.put("PITBOSS_DRAIN_TIMEOUT_SECONDS", "120");
    server =
        Child.start(
            "game-server",
            dir,
            List.of("-Xms" + serverHeap, "-Xmx" + serverHeap),
            "dev.pitboss.gameserver.host.Main",
            env);
    var up = java.util.regex.Pattern.compile("players on 127.0.0.1:(\\d+), admin on (\\d+)");
    server.await(
        "\"game server up\" line",
        Duration.ofMinutes(2),
        () -> {
          var m = up.matcher(Files.readString(server.log));
          if (!m.find()) return false;
          socketPort = Integer.parseInt(m.group(1));
          adminPort = Integer.parseInt(m.group(2));
          return true;
        });
    server.await("readiness", Duration.ofMinutes(2), () -> status("/readyz") == 200);
    System.out.printf(
        "game server pid %d up (players on 127.0.0.1:%d, metrics on :%d, logs in %s)%n",
        server.pid(), socketPort, adminPort, dir);
  }

  /** Places the tables as the operator would: one allocation, rules in its annotation. */
  private void place(TableRules rules) throws Exception {
    long start = System.nanoTime();
    agones.allocate(Map.of(rules.annotationKey(), JSON.writeValueAsString(rules)), tableIds);
    awaitCount(
        "tables open",
        () -> gauge("pitboss_gs_tables"),
        tableIds.size(),
        Duration.ofMinutes(3));
    System.out.printf(
        "%,d tables placed and open in %.1f s%n", tableIds.size(), (System.nanoTime() - start) / 1e9);
  }

  /**
   * The server's /metrics, or nothing when it does not answer within 20 s (a saturated server):
   * the figures taken from it then read 0, and the run goes on.
   */
  private String scrapeQuietly() {
    try {
      return Child.scrape(adminPort);
    } catch (java.io.IOException e) {
      System.out.println("the server's /metrics did not answer: " + e);
      return "";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "";
    }
  }

  /** A gauge of the server's /metrics, read now. */
  private int gauge(String name) {
    try {
      return (int) Child.metric(Child.scrape(adminPort), name, "");
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private int status(String path) {
    try {
      return HTTP.send(
              HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + adminPort + path)).build(),
              HttpResponse.BodyHandlers.discarding())
          .statusCode();
    } catch (Exception e) {
      return -1;
    }
  }

  /** 127.0.0.2, 127.0.0.3, …: enough loopback source addresses for {@code n} connections. */
  private List<InetAddress> sources(int n) throws Exception {
    var list = new ArrayList<InetAddress>();
    for (int i = 0; i < Math.max(1, (n + perSource - 1) / perSource); i++)
      list.add(InetAddress.getByAddress(new byte[] {127, 0, 0, (byte) (2 + i)}));
    return list;
  }

  private void awaitCount(
      String what, java.util.function.IntSupplier count, int target, Duration timeout)
      throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    int n = 0;
    while (System.nanoTime() < deadline) {
      if (server != null && !server.process.isAlive())
        throw new IllegalStateException("the game server exited\n" + server.tail());
      try {
        n = count.getAsInt();
      } catch (RuntimeException e) {
        n = -1;
      }
      if (n >= target) return;
      Thread.sleep(250);
    }
    throw new IllegalStateException(
        what + ": " + n + " of " + target + " after " + timeout + "; server log tail:\n"
            + (server == null ? "" : server.tail()));
  }

  /** Stops what this run started and deletes the Redis keys it wrote. */
  private void cleanUp() {
    try {
      if (server != null) server.close();
      if (wallet != null) wallet.close();
    } catch (Exception e) {
      System.err.println("stopping: " + e);
    }
    if (agones != null) agones.close();
    if (owner != null) {
      var keys = new ArrayList<String>();
      keys.add("pitboss:owner:" + owner);
      keys.add("pitboss:tournament-results:" + owner);
      for (var id : tableIds) {
        keys.add("pitboss:events:" + id);
        keys.add("pitboss:table-commands:" + id);
        keys.add("pitboss:table:" + id);
      }
      for (int i = 0; i < keys.size(); i += 500)
        redis.del(keys.subList(i, Math.min(keys.size(), i + 500)).toArray(String[]::new));
    }
    redis.close();
  }
}
