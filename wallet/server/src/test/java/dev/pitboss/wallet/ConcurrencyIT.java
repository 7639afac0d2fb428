package dev.pitboss.wallet;

import static dev.pitboss.wallet.WalletApiIT.leg;
import static dev.pitboss.wallet.WalletFixture.money;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pitboss.wallet.v1.AccountKind;
import dev.pitboss.wallet.v1.CaptureHoldRequest;
import dev.pitboss.wallet.v1.GetBalanceRequest;
import dev.pitboss.wallet.v1.HoldRequest;
import dev.pitboss.wallet.v1.ReleaseHoldRequest;
import dev.pitboss.wallet.v1.TransferRequest;
import dev.pitboss.wallet.v1.TransferResult;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Many clients hammer a handful of hot accounts with transfers, settlements, holds, captures and
 * releases, so that serializable transactions collide constantly. Afterwards every account ends
 * exactly where the sum of the acknowledged changes says it must (no lost update, no double debit),
 * nothing is overdrawn, money per currency is conserved, and the books reconcile.
 */
class ConcurrencyIT {
  private static final int CLIENTS = 16;
  private static final int OPERATIONS_PER_CLIENT = 120;
  private static WalletFixture f;

  @BeforeAll
  static void start() throws Exception {
    f = WalletFixture.start("wallet_concurrency_it");
  }

  @AfterAll
  static void stop() throws Exception {
    f.close();
  }

  @Test
  void hotAccountsUnderEveryInterleavingStayExact() throws Exception {
    var players = new ArrayList<String>();
    for (int i = 0; i < 4; i++) {
      players.add(f.player("hot-" + i, 10_000, "EUR"));
    }
    var escrow = f.open(AccountKind.ACCOUNT_KIND_TABLE_ESCROW, "table-hot", "EUR");
    var house = f.open(AccountKind.ACCOUNT_KIND_HOUSE, "house-hot", "EUR");
    var usdA = f.player("usd-a", 5_000, "USD");
    var usdB = f.player("usd-b", 5_000, "USD");
    var all = new ArrayList<>(players);
    all.addAll(List.of(escrow, house, usdA, usdB));
    var initial = new ConcurrentHashMap<String, Long>();
    all.forEach(a -> initial.put(a, f.balance(a)));

    Map<String, LongAdder> acknowledged = new ConcurrentHashMap<>();
    Map<String, LongAdder> held = new ConcurrentHashMap<>();
    all.forEach(
        a -> {
          acknowledged.put(a, new LongAdder());
          held.put(a, new LongAdder());
        });
    var unexpected = new ConcurrentLinkedQueue<String>();
    var applied = new AtomicLong();
    var refused = new AtomicLong();

    try (var pool = Executors.newFixedThreadPool(CLIENTS)) {
      for (int c = 0; c < CLIENTS; c++) {
        int client = c;
        pool.submit(
            () -> {
              var random = new Random(client);
              var myHolds = new ArrayList<String[]>();
              for (int op = 0; op < OPERATIONS_PER_CLIENT; op++) {
                String key = "c" + client + "-op" + op;
                int choice = random.nextInt(10);
                try {
                  if (choice < 4) {
                    var from = players.get(random.nextInt(players.size()));
                    var pick = players.get(random.nextInt(players.size()));
                    var to = from.equals(pick) ? escrow : pick;
                    long amount = 1 + random.nextInt(3_000);
                    var r =
                        retrying(
                            () ->
                                f.wallet.transfer(
                                    TransferRequest.newBuilder()
                                        .setIdempotencyKey(key)
                                        .addLegs(leg(from, -amount))
                                        .addLegs(leg(to, amount))
                                        .build()));
                    record(r, acknowledged);
                  } else if (choice < 6) {
                    // A hand's settlement out of escrow: winner plus rake.
                    var winner = players.get(random.nextInt(players.size()));
                    long pot = 20 + random.nextInt(2_000);
                    long rake = pot / 20;
                    var r =
                        retrying(
                            () ->
                                f.wallet.transfer(
                                    TransferRequest.newBuilder()
                                        .setIdempotencyKey(key)
                                        .addLegs(leg(escrow, -pot))
                                        .addLegs(leg(winner, pot - rake))
                                        .addLegs(leg(house, rake))
                                        .build()));
                    record(r, acknowledged);
                  } else if (choice < 8 || myHolds.isEmpty()) {
                    var player = players.get(random.nextInt(players.size()));
                    long amount = 1 + random.nextInt(2_000);
                    String reference = "tournament/hot/" + key;
                    retrying(
                        () ->
                            f.wallet.hold(
                                HoldRequest.newBuilder()
                                    .setIdempotencyKey(key)
                                    .setAccountId(player)
                                    .setAmount(money(amount, "EUR"))
                                    .setReference(reference)
                                    .build()));
                    held.get(player).add(amount);
                    myHolds.add(new String[] {reference, player, Long.toString(amount)});
                  } else {
                    var hold = myHolds.remove(random.nextInt(myHolds.size()));
                    if (random.nextBoolean()) {
                      var r =
                          retrying(
                              () ->
                                  f.wallet.captureHold(
                                      CaptureHoldRequest.newBuilder()
                                          .setIdempotencyKey(key)
                                          .setReference(hold[0])
                                          .setToAccountId(escrow)
                                          .build()));
                      record(r, acknowledged);
                    } else {
                      retrying(
                          () ->
                              f.wallet.releaseHold(
                                  ReleaseHoldRequest.newBuilder()
                                      .setIdempotencyKey(key)
                                      .setReference(hold[0])
                                      .build()));
                    }
                    held.get(hold[1]).add(-Long.parseLong(hold[2]));
                  }
                  applied.incrementAndGet();
                  if (random.nextInt(4) == 0) {
                    var r =
                        retrying(
                            () ->
                                f.wallet.transfer(
                                    TransferRequest.newBuilder()
                                        .setIdempotencyKey("usd-" + key)
                                        .addLegs(leg(usdA, -(1 + client), "USD"))
                                        .addLegs(leg(usdB, 1 + client, "USD"))
                                        .build()));
                    record(r, acknowledged);
                  }
                } catch (StatusRuntimeException e) {
                  if (e.getStatus().getCode() == Status.Code.FAILED_PRECONDITION
                      && e.getStatus().getDescription().contains("insufficient funds")) {
                    refused.incrementAndGet();
                  } else {
                    unexpected.add(key + ": " + e.getStatus());
                  }
                }
              }
            });
      }
    }

    assertThat(unexpected).as("only insufficient funds may refuse a call").isEmpty();
    assertThat(applied.get()).as("most operations went through").isGreaterThan(CLIENTS * 50L);
    for (var account : all) {
      var row =
          f.wallet
              .getBalance(GetBalanceRequest.newBuilder().setAccountId(account).build())
              .getAccount();
      assertThat(row.getBalanceMinorUnits())
          .as("balance of %s is its start plus every acknowledged posting", row.getOwner())
          .isEqualTo(initial.get(account) + acknowledged.get(account).sum());
      assertThat(row.getHeldMinorUnits())
          .as("held on %s is the sum of its acknowledged open holds", row.getOwner())
          .isEqualTo(held.get(account).sum());
      assertThat(row.getAvailableMinorUnits())
          .as("%s is not overdrawn", row.getOwner())
          .isNotNegative();
    }
    long eur = players.stream().mapToLong(f::balance).sum() + f.balance(escrow) + f.balance(house);
    assertThat(eur).as("EUR inside the wallet is conserved").isEqualTo(40_000);
    assertThat(f.balance(usdA) + f.balance(usdB)).as("USD is conserved").isEqualTo(10_000);

    var report = f.reconcile();
    assertThat(report.getDiscrepanciesList()).isEmpty();
    assertThat(report.getBalanced()).isTrue();
    assertThat(report.getPostingSumsList()).allSatisfy(m -> assertThat(m.getMinorUnits()).isZero());

    long retries = retriesReported();
    System.out.printf(
        "ConcurrencyIT: %d applied, %d refused for insufficient funds, %d transaction retries%n",
        applied.get(), refused.get(), retries);
    assertThat(retries)
        .as("the hot accounts really did force serialization conflicts")
        .isPositive();
  }

  private static void record(TransferResult result, Map<String, LongAdder> acknowledged) {
    result
        .getPostingsList()
        .forEach(p -> acknowledged.get(p.getAccountId()).add(p.getAmount().getMinorUnits()));
  }

  /** What a well-behaved client does: retry a retryable status with the same idempotency key. */
  private static <T> T retrying(Supplier<T> call) {
    for (int attempt = 0; ; attempt++) {
      try {
        return call.get();
      } catch (StatusRuntimeException e) {
        var code = e.getStatus().getCode();
        boolean retryable =
            code == Status.Code.ABORTED
                || code == Status.Code.UNAVAILABLE
                || code == Status.Code.DEADLINE_EXCEEDED;
        if (!retryable || attempt >= 20) {
          throw e;
        }
      }
    }
  }

  private static long retriesReported() throws Exception {
    var body =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + f.httpPort() + "/metrics"))
                    .build(),
                HttpResponse.BodyHandlers.ofString())
            .body();
    return body.lines()
        .filter(l -> l.startsWith("wallet_transaction_retries_total{"))
        .mapToLong(l -> (long) Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
        .sum();
  }
}
