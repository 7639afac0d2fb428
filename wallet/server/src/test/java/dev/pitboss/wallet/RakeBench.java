package dev.pitboss.wallet;

import dev.pitboss.wallet.v1.AccountKind;
import dev.pitboss.wallet.v1.CaptureHoldRequest;
import dev.pitboss.wallet.v1.DepositRequest;
import dev.pitboss.wallet.v1.HoldRequest;
import dev.pitboss.wallet.v1.Leg;
import dev.pitboss.wallet.v1.Money;
import dev.pitboss.wallet.v1.OpenAccountRequest;
import dev.pitboss.wallet.v1.ReconcileRequest;
import dev.pitboss.wallet.v1.TransferRequest;
import dev.pitboss.wallet.v1.TransferResult;
import dev.pitboss.wallet.v1.WalletGrpc;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * Load generator, not a test: the hot accounts. 1,000 tables settle hands at once, each hand one
 * three-leg Transfer (seat escrow −100, other seat +95, house +5) as the game server, every rake
 * landing on the one house account per currency; then deposits as payments, every one moving
 * through the one payments account. Each is run with the house and payments accounts unsharded (one
 * row serialises them) and sharded, at offered rates from {@code rake.rates}: every table (or
 * player) is paced to its share of the rate and sends its next call only when the last one
 * answered. Prints settlements/s, p50/p99, refusals by status (ABORTED is "gave up on 40001") and
 * the server's transaction retries; reconciles at the end. Over mutual TLS with the standard policy
 * and the real identities.
 *
 * <p>System properties: {@code rake.tables} (1000), {@code rake.seconds} (8), {@code rake.rates}
 * (1000,2000,3000 per second), {@code rake.shards} (32), {@code rake.pool} (16), {@code
 * rake.unsharded} (true: run unsharded first, for comparison), {@code rake.warmup} (20 s of
 * settlements and a quarter of that of deposits at the lowest rate before the first level).
 */
public final class RakeBench {
  private static final int TABLES = Integer.getInteger("rake.tables", 1_000);
  private static final int SECONDS = Integer.getInteger("rake.seconds", 8);
  private static final int SHARDS = Integer.getInteger("rake.shards", 32);
  private static final int WARM_UP = Integer.getInteger("rake.warmup", 20);
  private static final int POOL = Integer.getInteger("rake.pool", 16);
  private static final int[] RATES =
      Arrays.stream(System.getProperty("rake.rates", "1000,2000,3000").split(","))
          .mapToInt(Integer::parseInt)
          .toArray();

  private RakeBench() {}

  record Figures(double perSecond, double p50Ms, double p99Ms, Map<String, Integer> refused) {}

  private record Table(String seat0, String seat1, AtomicLong hands) {}

  public static void main(String[] args) throws Exception {
    String url = WalletFixture.freshDatabase("wallet_rake_bench");
    System.out.printf(
        "rake bench: %d tables, %ds per rate, rates %s/s, server pool %d, shards 0 then %d,"
            + " %d CPUs%n",
        TABLES,
        SECONDS,
        Arrays.toString(RATES),
        POOL,
        SHARDS,
        Runtime.getRuntime().availableProcessors());
    var tables = new ArrayList<Table>();
    var players = new ArrayList<String>();
    var results = new ArrayList<String>();
    var passes =
        Boolean.parseBoolean(System.getProperty("rake.unsharded", "true"))
            ? new int[] {0, SHARDS}
            : new int[] {SHARDS};
    for (int shards : passes) {
      var config =
          WalletConfig.local(url)
              .withPoolSize(POOL)
              .withTls(TestIdentities.serverTls())
              .withHouseShards(shards);
      try (var server = WalletServer.start(config, Policy.STANDARD, Clock.systemUTC())) {
        var channels = new ArrayList<ManagedChannel>();
        Function<String, ManagedChannel> as =
            component -> {
              var channel = TestIdentities.channel(server.grpcPort(), component);
              channels.add(channel);
              return channel;
            };
        var payments = loadChannel(server.grpcPort(), "payments", channels);
        var matchmaker = as.apply("matchmaker");
        var gameServer = loadChannel(server.grpcPort(), "game-server", channels);
        var house =
            WalletGrpc.newBlockingStub(gameServer)
                .openAccount(open("house", AccountKind.ACCOUNT_KIND_HOUSE, "house"))
                .getAccount()
                .getAccountId();
        if (tables.isEmpty()) {
          long start = System.nanoTime();
          setUp(payments, matchmaker, gameServer, tables, players);
          System.out.printf(
              "  set up %d tables (open, deposit, hold, capture) in %.1f s, %d client retries"
                  + " on ABORTED%n",
              TABLES, (System.nanoTime() - start) / 1e9, SETUP_RETRIES.get());
        }
        var settle = WalletGrpc.newStub(gameServer);
        var deposit = WalletGrpc.newStub(payments);
        // Warm-up at the lowest rate, long enough for C2 to finish with the hot paths: the JIT
        // column shows what compiling still costs at each level.
        settlements(settle, tables, house, RATES[0], WARM_UP);
        deposits(deposit, players, RATES[0], WARM_UP / 4);
        for (int rate : RATES) {
          long retries = WalletBench.retries(server);
          var cpu = Cpu.now();
          var s = settlements(settle, tables, house, rate, SECONDS);
          results.add(
              row("settlements", shards, rate, s, WalletBench.retries(server) - retries, cpu));
          System.out.println("  " + results.getLast());
        }
        for (int rate : RATES) {
          long retries = WalletBench.retries(server);
          var cpu = Cpu.now();
          var d = deposits(deposit, players, rate, SECONDS);
          results.add(row("deposits", shards, rate, d, WalletBench.retries(server) - retries, cpu));
          System.out.println("  " + results.getLast());
        }
        var report =
            WalletGrpc.newBlockingStub(as.apply("reconcile"))
                .reconcile(ReconcileRequest.getDefaultInstance());
        System.out.printf(
            "  reconciliation: %s (%d transfers)%n",
            report.getBalanced() ? "balanced" : "NOT BALANCED", report.getTransfersChecked());
        channels.forEach(ManagedChannel::shutdownNow);
      }
    }
    System.out.println();
    System.out.println(
        "| load | house/payments shards | offered/s | done/s | p50 ms | p99 ms | refused | server retries"
            + " | JVM µs/call (JIT) | PostgreSQL µs/call |");
    System.out.println("|---|---:|---:|---:|---:|---:|---|---:|---:|---:|");
    results.forEach(System.out::println);
  }

  /**
   * CPU used so far by this JVM (wallet server and load generator together) and by PostgreSQL: at
   * 2,000 calls/s on two cores the two together may spend 1 ms per call before the cores saturate
   * and the tail becomes queueing.
   */
  private record Cpu(long jvmNanos, long compilerNanos, long postgresNanos) {
    static Cpu now() {
      return new Cpu(WalletBench.jvmCpuNanos(), compilerCpuNanos(), WalletBench.postgresCpuNanos());
    }
  }

  /**
   * CPU of this JVM's JIT compiler threads (hidden from the management API, so from /proc): a level
   * measured while C2 still compiles measures the warm-up, not the wallet.
   */
  private static long compilerCpuNanos() {
    return WalletBench.procCpuNanos(
        java.nio.file.Path.of("/proc/self/task"),
        task -> true,
        name -> name.startsWith("C1 Compiler") || name.startsWith("C2 Compiler"),
        false);
  }

  /**
   * A channel for the paced load: its callbacks only schedule the next call, so they run on the
   * transport thread instead of being handed to an executor (the load generator shares the two
   * cores with the wallet and PostgreSQL; every hand-off it saves is the wallet's).
   */
  private static ManagedChannel loadChannel(
      int port, String component, List<ManagedChannel> channels) throws java.io.IOException {
    var files = TestIdentities.client(component);
    var channel =
        io.grpc.Grpc.newChannelBuilder(
                "127.0.0.1:" + port,
                dev.pitboss.wallet.client.WalletChannels.credentials(
                    files.certificateChain(), files.privateKey(), files.trustRoots()))
            .directExecutor()
            .build();
    channels.add(channel);
    return channel;
  }

  private static String row(
      String load, int shards, int rate, Figures f, long retries, Cpu before) {
    var after = Cpu.now();
    double calls = Math.max(1, f.perSecond() * SECONDS);
    return String.format(
        "| %s | %d | %d | %.0f | %.2f | %.2f | %s | %d | %.0f (%.0f) | %.0f |",
        load,
        shards,
        rate,
        f.perSecond(),
        f.p50Ms(),
        f.p99Ms(),
        f.refused().isEmpty() ? "none" : f.refused().toString(),
        retries,
        (after.jvmNanos() - before.jvmNanos()) / 1e3 / calls,
        (after.compilerNanos() - before.compilerNanos()) / 1e3 / calls,
        (after.postgresNanos() - before.postgresNanos()) / 1e3 / calls);
  }

  private static OpenAccountRequest open(String key, AccountKind kind, String owner) {
    return OpenAccountRequest.newBuilder()
        .setIdempotencyKey("open-" + key)
        .setKind(kind)
        .setOwner(owner)
        .setCurrency("EUR")
        .build();
  }

  /** Per table: a player, a deposit, two seat holds, two escrow accounts, two captures. */
  private static void setUp(
      ManagedChannel payments,
      ManagedChannel matchmaker,
      ManagedChannel gameServer,
      List<Table> tables,
      List<String> players)
      throws InterruptedException {
    var pay = WalletGrpc.newBlockingStub(payments);
    var mm = WalletGrpc.newBlockingStub(matchmaker);
    var gs = WalletGrpc.newBlockingStub(gameServer);
    var built = new Table[TABLES];
    var ids = new String[TABLES];
    var threads = new ArrayList<Thread>();
    var next = new AtomicInteger();
    for (int t = 0; t < 8; t++) {
      threads.add(
          Thread.ofPlatform()
              .start(
                  () -> {
                    for (int i = next.getAndIncrement(); i < TABLES; i = next.getAndIncrement()) {
                      String table = "table/bench/nlhe/" + i;
                      String player = "rake-player-" + i;
                      var id =
                          retried(
                                  () ->
                                      pay.openAccount(
                                          open(player, AccountKind.ACCOUNT_KIND_PLAYER, player)))
                              .getAccount()
                              .getAccountId();
                      retried(
                          () ->
                              pay.deposit(
                                  DepositRequest.newBuilder()
                                      .setIdempotencyKey("fund-" + player)
                                      .setAccountId(id)
                                      .setAmount(eur(100_000_000))
                                      .setExternalReference("bench-psp")
                                      .build()));
                      var seats = new String[2];
                      for (int seat = 0; seat < 2; seat++) {
                        String ref = "seat/" + table + "/" + player + "/r" + seat;
                        retried(
                            () ->
                                mm.hold(
                                    HoldRequest.newBuilder()
                                        .setIdempotencyKey("hold-" + ref)
                                        .setAccountId(id)
                                        .setAmount(eur(1_000_000))
                                        .setReference(ref)
                                        .build()));
                        String owner = table + "#" + seat;
                        seats[seat] =
                            retried(
                                    () ->
                                        gs.openAccount(
                                            open(
                                                owner,
                                                AccountKind.ACCOUNT_KIND_TABLE_ESCROW,
                                                owner)))
                                .getAccount()
                                .getAccountId();
                        String escrow = seats[seat];
                        retried(
                            () ->
                                gs.captureHold(
                                    CaptureHoldRequest.newBuilder()
                                        .setIdempotencyKey("capture-" + ref)
                                        .setReference(ref)
                                        .setToAccountId(escrow)
                                        .build()));
                      }
                      built[i] = new Table(seats[0], seats[1], new AtomicLong());
                      ids[i] = id;
                    }
                  }));
    }
    for (var thread : threads) {
      thread.join();
    }
    tables.addAll(List.of(built));
    players.addAll(List.of(ids));
  }

  /** What a client does with ABORTED: the same call again, with the same key. */
  private static <T> T retried(java.util.function.Supplier<T> call) {
    for (int attempt = 1; ; attempt++) {
      try {
        return call.get();
      } catch (io.grpc.StatusRuntimeException e) {
        if (e.getStatus().getCode() != Status.Code.ABORTED || attempt == 10) {
          throw e;
        }
        SETUP_RETRIES.incrementAndGet();
      }
    }
  }

  private static final AtomicLong SETUP_RETRIES = new AtomicLong();

  /** Each table settles its next hand at its share of {@code rate}, one hand in flight at most. */
  private static Figures settlements(
      WalletGrpc.WalletStub wallet, List<Table> tables, String house, int rate, int seconds)
      throws InterruptedException {
    return paced(
        tables.size(),
        rate,
        seconds,
        (i, done) -> {
          var table = tables.get(i);
          long hand = table.hands().incrementAndGet();
          boolean even = hand % 2 == 0;
          String key = "table/bench/nlhe/" + i + "/hand/" + hand + "/" + System.nanoTime();
          wallet.transfer(
              TransferRequest.newBuilder()
                  .setIdempotencyKey(key)
                  .setReference(key)
                  .addLegs(leg(even ? table.seat0() : table.seat1(), -100))
                  .addLegs(leg(even ? table.seat1() : table.seat0(), 95))
                  .addLegs(leg(house, 5))
                  .build(),
              done);
        });
  }

  private static Figures deposits(
      WalletGrpc.WalletStub wallet, List<String> players, int rate, int seconds)
      throws InterruptedException {
    return paced(
        players.size(),
        rate,
        seconds,
        (i, done) ->
            wallet.deposit(
                DepositRequest.newBuilder()
                    .setIdempotencyKey("deposit-" + i + "-" + System.nanoTime())
                    .setAccountId(players.get(i))
                    .setAmount(eur(1 + ThreadLocalRandom.current().nextInt(10_000)))
                    .setExternalReference("bench-psp")
                    .build(),
                done));
  }

  private interface Sender {
    void send(int actor, StreamObserver<TransferResult> done);
  }

  /**
   * {@code actors} independent senders sharing {@code rate} calls/s: each waits its interval from
   * its last send, and never has more than one call in flight.
   */
  private static Figures paced(int actors, int rate, int seconds, Sender sender)
      throws InterruptedException {
    long intervalNanos = (long) (1e9 * actors / rate);
    long start = System.nanoTime();
    long end = start + TimeUnit.SECONDS.toNanos(seconds);
    ScheduledExecutorService timer =
        Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("rake-pacer").daemon().factory());
    var latencies = new long[Math.max(1024, rate * seconds * 2)];
    var count = new AtomicInteger();
    var refused = new ConcurrentHashMap<String, Integer>();
    var finished = new CountDownLatch(actors);
    for (int a = 0; a < actors; a++) {
      int actor = a;
      var loop =
          new Runnable() {
            long lastSend;

            @Override
            public void run() {
              long now = System.nanoTime();
              if (now >= end) {
                finished.countDown();
                return;
              }
              lastSend = now;
              sender.send(
                  actor,
                  new StreamObserver<>() {
                    @Override
                    public void onNext(TransferResult value) {}

                    @Override
                    public void onError(Throwable t) {
                      refused.merge(Status.fromThrowable(t).getCode().name(), 1, Integer::sum);
                      next();
                    }

                    @Override
                    public void onCompleted() {
                      long now = System.nanoTime();
                      if (now < end) {
                        int n = count.getAndIncrement();
                        if (n < latencies.length) {
                          latencies[n] = now - lastSend;
                        }
                      }
                      next();
                    }
                  });
            }

            void next() {
              long wait = lastSend + intervalNanos - System.nanoTime();
              timer.schedule(this, Math.max(0, wait), TimeUnit.NANOSECONDS);
            }
          };
      timer.schedule(
          loop, ThreadLocalRandom.current().nextLong(intervalNanos), TimeUnit.NANOSECONDS);
    }
    finished.await();
    timer.shutdownNow();
    int n = Math.min(count.get(), latencies.length);
    var sorted = Arrays.copyOf(latencies, n);
    Arrays.sort(sorted);
    // Only calls answered within the level's window count, over exactly that window.
    return new Figures(
        (double) count.get() / seconds,
        n == 0 ? 0 : sorted[n / 2] / 1e6,
        n == 0 ? 0 : sorted[Math.min(n - 1, (int) (n * 0.99))] / 1e6,
        Map.copyOf(refused));
  }

  private static Leg leg(String account, long amount) {
    return Leg.newBuilder().setAccountId(account).setAmount(eur(amount)).build();
  }

  private static Money eur(long minorUnits) {
    return Money.newBuilder().setMinorUnits(minorUnits).setCurrency("EUR").build();
  }
}
