package dev.pitboss.matchmaker;

import dev.pitboss.wallet.v1.AccountKind;
import dev.pitboss.wallet.v1.DepositRequest;
import dev.pitboss.wallet.v1.OpenAccountRequest;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The matchmaker's benchmark (README, "Benchmark"): seat requests per second and their latency
 * through HTTP, with the real Redis, wallet (PostgreSQL) and kube-apiserver on loopback and a game
 * server stand-in advertising the tables; then the director's time per balancing decision with
 * 1,000 tables. Prints its figures; never asserts on them.
 */
public final class MatchmakerBench {
  public static void main(String[] args) throws Exception {
    if ("director".equals(System.getProperty("bench.only"))) {
      directorBench();
      return;
    }
    int seconds = Integer.getInteger("bench.seconds", 10);
    int clients = Integer.getInteger("bench.clients", 32);
    int players = Integer.getInteger("bench.players", 12_000);
    int tables = players / 10 + 100;
    System.out.printf(
        "matchmaker bench: %d clients, %d s, %d players, %d tables of 10 seats; load average %s%n",
        clients, seconds, players, tables, loadAverage());
    try (var f = new MatchmakerFixture("matchmaker_bench", Map.of())) {
      f.tableType("bench", 10);
      var owner = TableIds.cashOwner(f.namespace, "bench");
      long t0 = System.nanoTime();
      try (var pool = Executors.newFixedThreadPool(8)) {
        var jobs = new ArrayList<java.util.concurrent.Callable<Void>>();
        for (int i = 0; i < players; i++) {
          var id = "b" + i;
          jobs.add(
              () -> {
                var account =
                    f.payments
                        .openAccount(
                            OpenAccountRequest.newBuilder()
                                .setIdempotencyKey("open-" + id)
                                .setKind(AccountKind.ACCOUNT_KIND_PLAYER)
                                .setOwner(id)
                                .setCurrency("EUR")
                                .build())
                        .getAccount()
                        .getAccountId();
                var deposit =
                    DepositRequest.newBuilder()
                        .setIdempotencyKey("deposit-" + id)
                        .setAccountId(account)
                        .setAmount(WalletClient.money(100_000, "EUR"))
                        .setExternalReference("psp-" + id)
                        .build();
                // Deposits all touch the one external account; the wallet answers ABORTED when
                // it gives up on the conflicts, and a retry with the same key is safe.
                for (int attempt = 0; ; attempt++) {
                  try {
                    f.payments.deposit(deposit);
                    return null;
                  } catch (io.grpc.StatusRuntimeException e) {
                    if (e.getStatus().getCode() != io.grpc.Status.Code.ABORTED || attempt > 20) {
                      throw e;
                    }
                  }
                }
              });
        }
        for (var future : pool.invokeAll(jobs)) {
          future.get();
        }
      }
      var tokens = new String[players];
      for (int i = 0; i < players; i++) {
        tokens[i] = f.token("b" + i);
      }
      System.out.printf("funded %d players in %.1f s%n", players, (System.nanoTime() - t0) / 1e9);

      var advertiser = Thread.ofPlatform().daemon().start(() -> advertise(f, owner, tables));
      var next = new AtomicInteger();
      var url = URI.create(f.base() + "/v1/tables/" + f.namespace + "/bench/seat");
      // Warm-up (not a figure): the JIT compiles the seat path of Micronaut, Netty, Nimbus, gRPC.
      System.out.print("warm-up, ");
      run(f, url, tokens, next, 8, Integer.getInteger("bench.warmup", 15));
      for (var level : System.getProperty("bench.levels", "4,16," + clients).split(",")) {
        run(f, url, tokens, next, Integer.parseInt(level.trim()), seconds);
      }
      advertiser.interrupt();
    }
    directorBench();
  }

  /** One level: {@code clients} blocking HTTP clients sending seat requests for fresh players. */
  static void run(
      MatchmakerFixture f, URI url, String[] tokens, AtomicInteger next, int clients, int seconds)
      throws Exception {
    int players = tokens.length;
    var latencies = new long[players];
    var statuses = new ConcurrentHashMap<Integer, AtomicLong>();
    int first = next.get();
    long cpuBefore = processCpuNanos();
    long deadline = System.nanoTime() + seconds * 1_000_000_000L;
    long start = System.nanoTime();
    try (var pool = Executors.newFixedThreadPool(clients)) {
      for (int c = 0; c < clients; c++) {
        pool.submit(
            () -> {
              while (System.nanoTime() < deadline) {
                int i = next.getAndIncrement();
                if (i >= players) {
                  return null;
                }
                long sent = System.nanoTime();
                var response =
                    f.http.send(
                        HttpRequest.newBuilder(url)
                            .POST(
                                HttpRequest.BodyPublishers.ofString(
                                    "{\"buyIn\":2000,\"waitSeconds\":0}"))
                            .header("Content-Type", "application/json")
                            .header("Authorization", "Bearer " + tokens[i])
                            .build(),
                        HttpResponse.BodyHandlers.discarding());
                latencies[i] = System.nanoTime() - sent;
                statuses
                    .computeIfAbsent(response.statusCode(), k -> new AtomicLong())
                    .incrementAndGet();
              }
              return null;
            });
      }
    }
    double elapsed = (System.nanoTime() - start) / 1e9;
    long cpu = processCpuNanos() - cpuBefore;
    int last = Math.min(next.get(), players);
    int done = last - first;
    if (done <= 0) {
      System.out.println("no players left for " + clients + " clients");
      return;
    }
    var measured = Arrays.copyOfRange(latencies, first, last);
    Arrays.sort(measured);
    long seated = statuses.getOrDefault(200, new AtomicLong()).get();
    System.out.printf(
        "%3d clients: %d requests in %.2f s, seated %d = %.0f seats/s; p50 %.2f ms, p99 %.2f ms;"
            + " JVM CPU %.2f ms per seat (server and load generator); statuses %s; load %s%n",
        clients,
        done,
        elapsed,
        seated,
        seated / elapsed,
        measured[done / 2] / 1e6,
        measured[(int) (done * 0.99)] / 1e6,
        cpu / 1e6 / Math.max(1, done),
        new TreeMap<>(statuses),
        loadAverage());
  }

  static long processCpuNanos() {
    var bean = java.lang.management.ManagementFactory.getOperatingSystemMXBean();
    return ((com.sun.management.OperatingSystemMXBean) bean).getProcessCpuTime();
  }

  /** Keeps the stand-in's advertisements alive (15 s TTL) with one pipeline per round. */
  static void advertise(MatchmakerFixture f, String owner, int tables) {
    try {
      while (!Thread.currentThread().isInterrupted()) {
        try (var pipe = f.redis.pipelined()) {
          for (int t = 1; t <= tables; t++) {
            var id = owner + t;
            var hash = new HashMap<String, String>();
            hash.put("owner", owner);
            hash.put("server", "standin-" + (t % 50));
            hash.put("address", "127.0.0.1");
            hash.put("port", "7777");
            hash.put("seats", "10");
            hash.put("occupied", "");
            hash.put("free", "10");
            hash.put("currency", "EUR");
            hash.put("closing", "0");
            hash.put("updatedAt", Long.toString(System.currentTimeMillis()));
            pipe.hset(Keys.table(id), hash);
            pipe.pexpire(Keys.table(id), 15_000);
            pipe.zadd(Keys.owner(owner), 10, id);
          }
          pipe.sync();
        }
        Thread.sleep(5_000);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * The director's time per decision with 1,000 tables of 9: each step is one hand result with a
   * bust at a random table, followed by the balancing it calls for (the moves complete at once, as
   * the tables' answers would).
   */
  static void directorBench() throws Exception {
    var state = new TournamentDirector.State();
    state.seatsPerTable = 9;
    state.startingStack = 10_000;
    state.paidPlaces = 100;
    var random = SecureRandom.getInstance("DRBG");
    var director = new TournamentDirector(state, random);
    var players = new ArrayList<String>();
    var tableIds = new ArrayList<String>();
    for (int i = 0; i < 9_000; i++) {
      players.add("p" + i);
    }
    for (int t = 1; t <= 1_000; t++) {
      tableIds.add("tournament/bench/main/" + t);
    }
    director.draw(players, tableIds, 0);
    int decisions = 3_000;
    var times = new long[decisions];
    var rng = new java.util.SplittableRandom(1);
    for (int d = 0; d < decisions; d++) {
      var ids = List.copyOf(state.tables.keySet());
      var table = ids.get(rng.nextInt(ids.size()));
      var seats = state.tables.get(table).seats;
      if (seats.isEmpty()) {
        continue;
      }
      var victim = seats.firstEntry().getValue().player;
      long started = System.nanoTime();
      var commands =
          director.onHand(table, Map.of(), List.of(new TournamentDirector.Bust(victim, 10_000)));
      times[d] = System.nanoTime() - started;
      var queue = new java.util.ArrayDeque<>(commands);
      while (!queue.isEmpty()) {
        var c = queue.poll();
        if ("release".equals(c.fields().get("cmd"))) {
          queue.addAll(director.onReleased(c.table(), c.fields().get("player"), 10_000));
        }
      }
    }
    Arrays.sort(times);
    System.out.printf(
        "director, 1,000 tables / 9,000 players, %d decisions: p50 %.1f µs, p99 %.1f µs, max %.1f"
            + " µs; %d moves; %d tables left%n",
        decisions,
        times[decisions / 2] / 1e3,
        times[(int) (decisions * 0.99)] / 1e3,
        times[decisions - 1] / 1e3,
        state.moves,
        state.tables.size());
  }

  static String loadAverage() {
    try {
      return java.nio.file.Files.readString(java.nio.file.Path.of("/proc/loadavg")).split(" ")[0];
    } catch (java.io.IOException e) {
      return "?";
    }
  }
}
