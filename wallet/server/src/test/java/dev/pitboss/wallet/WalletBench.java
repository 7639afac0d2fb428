package dev.pitboss.wallet;

import dev.pitboss.testbed.TestBed;
import dev.pitboss.wallet.client.WalletChannels;
import dev.pitboss.wallet.v1.AccountKind;
import dev.pitboss.wallet.v1.DepositRequest;
import dev.pitboss.wallet.v1.Leg;
import dev.pitboss.wallet.v1.Money;
import dev.pitboss.wallet.v1.OpenAccountRequest;
import dev.pitboss.wallet.v1.ReconcileRequest;
import dev.pitboss.wallet.v1.TransferRequest;
import dev.pitboss.wallet.v1.TransferResult;
import dev.pitboss.wallet.v1.WalletGrpc;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.netty.channel.epoll.EpollEventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.epoll.EpollSocketChannel;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;

/**
 * Load generator, not a test: two-leg transfers through gRPC over mutual TLS at several concurrency
 * levels, each printed beside pgbench's TPC-B-like TPS at the same client count on the same
 * PostgreSQL. The two alternate level by level so that noise from other work on the machine hits
 * both alike.
 *
 * <p>Run: see wallet/README.md. System properties: {@code bench.seconds} (default 8), {@code
 * bench.levels} (default 1,4,8,16,32), {@code bench.accounts} (default 10000), {@code bench.pool}
 * (server connection pool, default 16), {@code bench.scale} (pgbench scale, default 16).
 */
public final class WalletBench {
  private static final int SECONDS = Integer.getInteger("bench.seconds", 8);
  private static final int ACCOUNTS = Integer.getInteger("bench.accounts", 10_000);
  private static final int POOL = Integer.getInteger("bench.pool", 16);
  private static final int SCALE = Integer.getInteger("bench.scale", 16);
  private static final int WARMUP = Integer.getInteger("bench.warmup", 15);

  /** The latency bound for the best level. */
  private static final double P99_BOUND_MS = 20;

  private static final int[] LEVELS =
      Arrays.stream(System.getProperty("bench.levels", "1,4,8,16,32").split(","))
          .mapToInt(Integer::parseInt)
          .toArray();

  private WalletBench() {}

  record WalletFigures(int clients, double tps, double p50Ms, double p99Ms, long errors) {}

  record PgbenchFigures(double tps, double latencyMs) {}

  public static void main(String[] args) throws Exception {
    String url = WalletFixture.freshDatabase("wallet_bench");
    String pgbenchDb = "wallet_bench_pgbench";
    WalletFixture.freshDatabase(pgbenchDb);
    String port = System.getenv("PITBOSS_PG_PORT");
    String pgbench = System.getenv("PITBOSS_PG_BIN") + "/pgbench";
    TestBed.postgresUrl();

    System.out.printf(
        "wallet bench: %d accounts, %ds per level, server pool %d, pgbench scale %d, %d CPUs%n",
        ACCOUNTS, SECONDS, POOL, SCALE, Runtime.getRuntime().availableProcessors());
    run(
        pgbench,
        "-i",
        "-q",
        "-s",
        Integer.toString(SCALE),
        "-h",
        "127.0.0.1",
        "-p",
        port,
        "-U",
        "postgres",
        pgbenchDb);

    // Over mutual TLS, as the wallet now serves; the bench calls as the tests' identity, which
    // may move money between players (the standard policy lets no one do that).
    var config = WalletConfig.local(url).withPoolSize(POOL).withTls(TestIdentities.serverTls());
    var identity = TestIdentities.client(TestIdentities.TESTS);
    try (var server =
        WalletServer.start(config, TestIdentities.TRUSTED_TESTS, java.time.Clock.systemUTC())) {
      // Completion callbacks run on the channel's event loop and only send the next call. The
      // load generator gets an event loop of its own so that its CPU can be told from the server's.
      var clientLoop =
          new EpollEventLoopGroup(1, Thread.ofPlatform().name(LOAD_THREAD, 0).factory());
      var channel =
          NettyChannelBuilder.forAddress(
                  "127.0.0.1",
                  server.grpcPort(),
                  WalletChannels.credentials(
                      identity.certificateChain(), identity.privateKey(), identity.trustRoots()))
              .eventLoopGroup(clientLoop)
              .channelType(EpollSocketChannel.class)
              .directExecutor()
              .build();
      var wallet = WalletGrpc.newBlockingStub(channel);
      var load = WalletGrpc.newStub(channel);
      var accounts = seed(wallet);
      // Warm-up: until C2 has compiled gRPC, protobuf and the driver, the JVM burns several times
      // the CPU per call; measuring before that would compare interpreted Java to native pgbench.
      drive(load, accounts, 8, WARMUP);

      var rows = new ArrayList<String>();
      WalletFigures best = null;
      PgbenchFigures bestPg = null;
      var pgLevels = new ArrayList<PgbenchFigures>();
      for (int clients : LEVELS) {
        long retriesBefore = retries(server);
        double[] serverBefore = serverTime(server);
        long cpuBefore = jvmCpuNanos();
        long loadCpuBefore = loadGeneratorCpuNanos();
        long pgCpuBefore = postgresCpuNanos();
        var w = drive(load, accounts, clients, SECONDS);
        long cpu = jvmCpuNanos() - cpuBefore;
        long loadCpu = loadGeneratorCpuNanos() - loadCpuBefore;
        long pgCpu = postgresCpuNanos() - pgCpuBefore;
        double[] serverAfter = serverTime(server);
        double calls = serverAfter[1] - serverBefore[1];
        System.out.printf(
            "  %d clients: %.0f transfers/s, %d transaction retries, mean %.2f ms inside the"
                + " server, CPU per transfer: %.0f us JVM (%.0f of it the load generator's),"
                + " %.0f us PostgreSQL%n",
            clients,
            w.tps(),
            retries(server) - retriesBefore,
            1000 * (serverAfter[0] - serverBefore[0]) / calls,
            cpu / 1e3 / calls,
            loadCpu / 1e3 / calls,
            pgCpu / 1e3 / calls);
        pgCpuBefore = postgresCpuNanos();
        var pg = pgbench(pgbench, port, pgbenchDb, clients);
        // pgbench's backends exit as it disconnects; once the postmaster has reaped them their CPU
        // is in its children's time, but a backend reaped in the middle of a /proc scan is lost.
        Thread.sleep(500);
        System.out.printf(
            "  pgbench %d clients: %.0f TPS, %.0f us of PostgreSQL CPU per transaction%n",
            clients, pg.tps(), (postgresCpuNanos() - pgCpuBefore) / 1e3 / (pg.tps() * SECONDS));
        pgLevels.add(pg);
        rows.add(
            String.format(
                "%7d | %12.0f | %8.2f | %8.2f | %6d | %12.0f | %10.2f | %5.0f%%",
                clients,
                w.tps(),
                w.p50Ms(),
                w.p99Ms(),
                w.errors(),
                pg.tps(),
                pg.latencyMs(),
                100 * w.tps() / pg.tps()));
        // The best level is the fastest one that keeps the latency bound; a level past it only
        // queues calls.
        if (w.p99Ms() < P99_BOUND_MS && (best == null || w.tps() > best.tps())) {
          best = w;
          bestPg = pg;
        }
      }
      System.out.println();
      System.out.println(
          "clients | wallet xfer/s | p50 ms   | p99 ms   | errors | pgbench TPS  | pgbench ms | wallet/pgbench");
      rows.forEach(System.out::println);
      double pgBest = pgLevels.stream().mapToDouble(PgbenchFigures::tps).max().orElse(0);
      if (best == null) {
        System.out.printf("%nno wallet level kept p99 under %.0f ms%n", P99_BOUND_MS);
      } else {
        System.out.printf(
            "%nbest wallet level with p99 under %.0f ms: %d clients, %.0f transfers/s, p99 %.2f ms:"
                + " %.0f%% of pgbench at the same clients (%.0f TPS), %.0f%% of pgbench's best level"
                + " (%.0f TPS)%n",
            P99_BOUND_MS,
            best.clients(),
            best.tps(),
            best.p99Ms(),
            100 * best.tps() / bestPg.tps(),
            bestPg.tps(),
            100 * best.tps() / pgBest,
            pgBest);
      }
      var report = wallet.reconcile(ReconcileRequest.getDefaultInstance());
      System.out.printf(
          "reconciliation after the run: %s, %d transfers, %d postings%n",
          report.getBalanced() ? "BALANCED" : "NOT BALANCED " + report.getDiscrepanciesList(),
          report.getTransfersChecked(),
          report.getPostingsChecked());
      channel.shutdownNow();
      clientLoop.shutdownGracefully();
    }
  }

  private static final String LOAD_THREAD = "bench-load-";

  /** CPU of the load generator's event loop thread, where every client call is sent and ends. */
  private static long loadGeneratorCpuNanos() {
    var threads = java.lang.management.ManagementFactory.getThreadMXBean();
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.getName().startsWith(LOAD_THREAD))
        .mapToLong(t -> Math.max(0, threads.getThreadCpuTime(t.threadId())))
        .sum();
  }

  static long jvmCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean)
            java.lang.management.ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  /**
   * CPU used by PostgreSQL's processes so far: each live process's own time plus the time of its
   * exited children (the postmaster collects its backends'), from /proc; 0 where there is no /proc.
   */
  static long postgresCpuNanos() {
    return procCpuNanos(
        java.nio.file.Path.of("/proc"),
        dir -> dir.getFileName().toString().matches("\\d+"),
        name -> name.equals("postgres"),
        true);
  }

  /**
   * CPU of the tasks under {@code dir} (processes under /proc, or threads under /proc/self/task)
   * whose name passes {@code named}, from their {@code stat}: user and system time, and with {@code
   * children} also that of their exited children. 0 where there is no /proc.
   */
  static long procCpuNanos(
      java.nio.file.Path dir,
      java.util.function.Predicate<java.nio.file.Path> task,
      java.util.function.Predicate<String> named,
      boolean children) {
    long ticks = 0;
    try (var tasks = java.nio.file.Files.list(dir)) {
      for (var entry : tasks.filter(task).toList()) {
        try {
          String stat = java.nio.file.Files.readString(entry.resolve("stat"));
          if (!named.test(stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')')))) {
            continue;
          }
          String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
          // Fields 14-17 of proc(5): utime, stime, cutime, cstime; f[0] is field 3.
          for (int i = 11; i <= (children ? 14 : 12); i++) {
            ticks += Long.parseLong(f[i]);
          }
        } catch (IOException | RuntimeException gone) {
          // The task ended while we looked; a process's time now counts in its parent's.
        }
      }
    } catch (IOException e) {
      return 0;
    }
    return ticks * 10_000_000L; // USER_HZ is 100 on Linux
  }

  static long retries(WalletServer server) throws IOException {
    return metrics(server)
        .filter(l -> l.startsWith("wallet_transaction_retries_total{"))
        .mapToLong(l -> (long) Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
        .sum();
  }

  /** Sum of seconds and count of Transfer calls, as the server's own histogram saw them. */
  private static double[] serverTime(WalletServer server) throws IOException, InterruptedException {
    var lines = metrics(server).toList();
    return new double[] {
      value(lines, "wallet_call_duration_seconds_sum{method=\"Transfer\"}"),
      value(lines, "wallet_call_duration_seconds_count{method=\"Transfer\"}")
    };
  }

  private static double value(List<String> lines, String series) {
    return lines.stream()
        .filter(l -> l.startsWith(series + " "))
        .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
        .sum();
  }

  private static java.util.stream.Stream<String> metrics(WalletServer server) throws IOException {
    return server.metricsText().lines();
  }

  /**
   * Opens the players in parallel and funds them from one bank account with 50-leg transfers; a
   * deposit per player would serialise every seed call on the payments account.
   */
  private static List<String> seed(WalletGrpc.WalletBlockingStub wallet)
      throws InterruptedException {
    var ids = new String[ACCOUNTS];
    var opening = new ArrayList<Thread>();
    for (int t = 0; t < 8; t++) {
      int first = t;
      opening.add(
          Thread.ofPlatform()
              .start(
                  () -> {
                    for (int i = first; i < ACCOUNTS; i += 8) {
                      ids[i] = open(wallet, "bench-player-" + i);
                    }
                  }));
    }
    for (var t : opening) {
      t.join();
    }
    long each = 1_000_000_000L;
    var bank = open(wallet, "bench-bank");
    wallet.deposit(
        DepositRequest.newBuilder()
            .setIdempotencyKey("bench-bank-deposit")
            .setAccountId(bank)
            .setAmount(eur(each * ACCOUNTS))
            .setExternalReference("bench-psp")
            .build());
    for (int from = 0; from < ACCOUNTS; from += 50) {
      int to = Math.min(ACCOUNTS, from + 50);
      var funding =
          TransferRequest.newBuilder()
              .setIdempotencyKey("bench-fund-" + from)
              .addLegs(leg(bank, -each * (to - from)));
      for (int i = from; i < to; i++) {
        funding.addLegs(leg(ids[i], each));
      }
      wallet.transfer(funding.build());
    }
    return List.of(ids);
  }

  private static String open(WalletGrpc.WalletBlockingStub wallet, String owner) {
    return wallet
        .openAccount(
            OpenAccountRequest.newBuilder()
                .setIdempotencyKey("bench-open-" + owner)
                .setKind(AccountKind.ACCOUNT_KIND_PLAYER)
                .setOwner(owner)
                .setCurrency("EUR")
                .build())
        .getAccount()
        .getAccountId();
  }

  private static final AtomicLong KEYS = new AtomicLong();

  /**
   * Keeps {@code clients} transfers in flight: each client is a chain that sends its next transfer
   * from the previous one's completion callback, on the channel's event loop. A thread per client
   * blocking on a stub would add two thread wake-ups per call to the load generator, CPU that
   * pgbench's C client does not spend on the same two cores.
   */
  private static WalletFigures drive(
      WalletGrpc.WalletStub wallet, List<String> accounts, int clients, int seconds)
      throws InterruptedException {
    long begin = System.nanoTime();
    long end = begin + seconds * 1_000_000_000L;
    var done = new CountDownLatch(clients);
    var chains = new ArrayList<Chain>();
    for (int c = 0; c < clients; c++) {
      chains.add(new Chain(wallet, accounts, end, done));
    }
    chains.forEach(Chain::next);
    done.await();
    double elapsed = (System.nanoTime() - begin) / 1e9;
    int total = chains.stream().mapToInt(c -> c.count).sum();
    var all = new long[total];
    int at = 0;
    for (var chain : chains) {
      System.arraycopy(chain.latencies, 0, all, at, chain.count);
      at += chain.count;
    }
    Arrays.sort(all);
    return new WalletFigures(
        clients,
        total / elapsed,
        total == 0 ? 0 : all[(int) (total * 0.50)] / 1e6,
        total == 0 ? 0 : all[Math.min(total - 1, (int) (total * 0.99))] / 1e6,
        chains.stream().mapToLong(c -> c.errors).sum());
  }

  /** One client: a random two-leg transfer at a time, the next sent when the last completes. */
  private static final class Chain implements StreamObserver<TransferResult> {
    private final WalletGrpc.WalletStub wallet;
    private final List<String> accounts;
    private final long end;
    private final CountDownLatch done;
    long[] latencies = new long[1 << 12];
    int count;
    long errors;
    private long sentAt;

    Chain(WalletGrpc.WalletStub wallet, List<String> accounts, long end, CountDownLatch done) {
      this.wallet = wallet;
      this.accounts = accounts;
      this.end = end;
      this.done = done;
    }

    void next() {
      if (System.nanoTime() >= end) {
        done.countDown();
        return;
      }
      var random = ThreadLocalRandom.current();
      int a = random.nextInt(accounts.size());
      int b = random.nextInt(accounts.size() - 1);
      if (b >= a) {
        b++;
      }
      long amount = 1 + random.nextInt(100);
      var request =
          TransferRequest.newBuilder()
              .setIdempotencyKey("bench-" + KEYS.incrementAndGet())
              .setReference("bench")
              .addLegs(leg(accounts.get(a), -amount))
              .addLegs(leg(accounts.get(b), amount))
              .build();
      sentAt = System.nanoTime();
      wallet.transfer(request, this);
    }

    @Override
    public void onNext(TransferResult result) {
      if (count == latencies.length) {
        // Grown by doubling: a few KB per chain instead of megabytes that G1 would treat as
        // humongous and collect in extra concurrent cycles during the measurement.
        latencies = Arrays.copyOf(latencies, 2 * count);
      }
      latencies[count++] = System.nanoTime() - sentAt;
    }

    @Override
    public void onError(Throwable t) {
      errors++;
      next();
    }

    @Override
    public void onCompleted() {
      next();
    }
  }

  private static final Pattern TPS = Pattern.compile("tps = ([0-9.]+)");
  private static final Pattern LATENCY = Pattern.compile("latency average = ([0-9.]+) ms");

  private static PgbenchFigures pgbench(String pgbench, String port, String db, int clients)
      throws IOException, InterruptedException {
    String out =
        run(
            pgbench,
            "-c",
            Integer.toString(clients),
            "-j",
            Integer.toString(Math.min(clients, 2)),
            "-T",
            Integer.toString(SECONDS),
            "-b",
            "tpcb-like",
            "-h",
            "127.0.0.1",
            "-p",
            port,
            "-U",
            "postgres",
            db);
    var tps = TPS.matcher(out);
    var latency = LATENCY.matcher(out);
    if (!tps.find() || !latency.find()) {
      throw new IllegalStateException("unexpected pgbench output:\n" + out);
    }
    return new PgbenchFigures(
        Double.parseDouble(tps.group(1)), Double.parseDouble(latency.group(1)));
  }

  private static String run(String... command) throws IOException, InterruptedException {
    var process = new ProcessBuilder(command).redirectErrorStream(true).start();
    var out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (process.waitFor() != 0) {
      throw new IllegalStateException(String.join(" ", command) + " failed:\n" + out);
    }
    return out;
  }

  private static Leg leg(String account, long amount) {
    return Leg.newBuilder().setAccountId(account).setAmount(eur(amount)).build();
  }

  private static Money eur(long minorUnits) {
    return Money.newBuilder().setMinorUnits(minorUnits).setCurrency("EUR").build();
  }
}
