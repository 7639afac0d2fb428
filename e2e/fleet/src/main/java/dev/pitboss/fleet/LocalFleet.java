package dev.pitboss.fleet;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;

/**
 * The main job: brings the local fleet up and plays a tournament from {@code
 * manifests/examples/turbo-100.yaml} to one winner with bots registered through the matchmaker's
 * API, then prints the standings, payouts, hands, tables, the wallet's reconciliation, the time
 * taken and every process's memory. {@code --cash} plays the cash-table flow instead.
 *
 * <pre>
 * LocalFleet [--players N] [--cash [--hands N]] [--keep]
 * </pre>
 *
 * Ctrl-C (or SIGTERM) stops everything it started.
 */
public final class LocalFleet {

  private static final java.time.format.DateTimeFormatter CLOCK =
      java.time.format.DateTimeFormatter.ofPattern("HH:mm:ss");

  private LocalFleet() {}

  public static void main(String[] args) throws Exception {
    Integer players = null;
    int hands = 20;
    boolean keep = false;
    boolean cash = false;
    try {
      for (int i = 0; i < args.length; i++) {
        switch (args[i]) {
          case "--players" -> players = Integer.parseInt(args[++i]);
          case "--hands" -> hands = Integer.parseInt(args[++i]);
          case "--cash" -> cash = true;
          case "--keep" -> keep = true;
          default -> throw new IllegalArgumentException("unknown argument " + args[i]);
        }
      }
      if (players != null && (players < 2 || players > 200)) {
        throw new IllegalArgumentException("--players must be 2..200, got " + players);
      }
    } catch (RuntimeException e) {
      System.err.println("local-fleet: " + e.getMessage());
      System.err.println("usage: local-fleet [--players N] [--cash [--hands N]] [--keep]");
      System.exit(2);
    }
    var began = Instant.now();
    var fleet = Fleet.start(Fleet.Options.defaults(), LocalFleet::say);
    var stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  say("stopping everything the fleet started");
                  fleet.close();
                  stopped.countDown();
                }));
    say(
        "fleet up in "
            + seconds(fleet.startedIn())
            + " on "
            + fleet.agonesInUse()
            + " (logs and certificates in "
            + fleet.runDir()
            + ")");
    try {
      run(fleet, began, players, hands, cash, keep, stopped);
    } catch (Exception | Error e) {
      say("FAILED: " + e);
      e.printStackTrace();
      System.exit(1);
    }
  }

  private static void run(
      Fleet fleet,
      Instant began,
      Integer players,
      int hands,
      boolean cash,
      boolean keep,
      CountDownLatch stopped)
      throws Exception {
    // Every process's resident memory, summed each second while it plays: the peak is reported.
    var peak = new java.util.concurrent.atomic.AtomicLong();
    Thread.ofPlatform()
        .daemon()
        .name("memory-sampler")
        .start(
            () -> {
              while (true) {
                long total = fleet.memory().values().stream().mapToLong(Long::longValue).sum();
                peak.accumulateAndGet(total, Math::max);
                try {
                  Thread.sleep(1_000);
                } catch (InterruptedException e) {
                  return;
                }
              }
            });
    var examples =
        dev.pitboss.agones.standin.AgonesRelease.repositoryRoot(Path.of(""))
            .resolve("manifests/examples");
    boolean ok =
        cash
            ? playCash(fleet, Files.readString(examples.resolve("cash-table.yaml")), players, hands)
            : playTournament(fleet, Files.readString(examples.resolve("turbo-100.yaml")), players);
    say("total:           " + seconds(Duration.between(began, Instant.now())));
    long total = 0;
    for (var entry : fleet.memory().entrySet()) {
      total += entry.getValue();
      say(String.format("memory %-40s %6d MiB", entry.getKey(), entry.getValue() >> 20));
    }
    say(String.format("memory %-40s %6d MiB", "all processes", total >> 20));
    say(
        String.format(
            "memory %-40s %6d MiB",
            "all processes, peak while playing", Math.max(total, peak.get()) >> 20));
    if (keep) {
      var table = seatBotsForPeople(fleet, Files.readString(examples.resolve("cash-table.yaml")));
      say("--keep: the fleet keeps running. Inspect it with:");
      say(
          "  play in a browser: "
              + fleet.matchmakerUrl()
              + "/  — sign in as guest-1 … guest-4 (€500.00 each), take a seat at"
              + " nlhe-eur-050-100: two bots play at "
              + table);
      say("  lobby (the matchmaker): " + fleet.matchmakerUrl() + "/v1/lobby");
      var testBedKubectl =
          System.getenv("KUBE_API_TEST_DIR") == null
              ? "kubectl"
              : Path.of(
                      System.getenv("KUBE_API_TEST_DIR"),
                      "k8s",
                      System.getenv("PITBOSS_K8S_VERSION") + "-linux-amd64",
                      "kubectl")
                  .toString();
      say(
          "  "
              + testBedKubectl
              + " --kubeconfig "
              + fleet.kubeconfig()
              + " get tables,gameservers,fleets -A");
      say("  logs: " + fleet.runDir().resolve("logs"));
      say("Ctrl-C stops everything.");
      stopped.await();
      return;
    }
    System.exit(ok ? 0 : 1);
  }

  /**
   * For people to play against bots in the browser client (web/): the example cash Table (applied
   * unless the cash flow did), funded guests to sign in as, and two bots seated through the
   * matchmaker's API at one of its tables, playing until the fleet stops. The matchmaker seats
   * people at tables with players first, so a person who takes a seat plays against them. Returns
   * that table.
   */
  private static String seatBotsForPeople(Fleet fleet, String tableYaml) throws Exception {
    var resource = Serialization.unmarshal(tableYaml, GenericKubernetesResource.class);
    var namespace =
        resource.getMetadata().getNamespace() == null
            ? "default"
            : resource.getMetadata().getNamespace();
    resource.getMetadata().setNamespace(namespace);
    var name = resource.getMetadata().getName();
    if (fleet.client.resource(resource).get() == null) {
      fleet.client.resource(resource).create();
    }
    var owner = "table/" + namespace + "/" + name + "/";
    Fleet.waitFor(
        "a table of " + owner + " advertised in Redis",
        null,
        () -> fleet.redis.zcard("pitboss:owner:" + owner) > 0);
    for (int i = 1; i <= 4; i++) {
      fleet.cashier.player("guest-" + i, "EUR", 50_000);
    }
    String table = null;
    for (var bot : java.util.List.of("house-bot-1", "house-bot-2")) {
      var account = fleet.cashier.player(bot, "EUR", 1_000_000);
      var seat = fleet.players.seat(fleet.players.token(bot), namespace, name, 10_000);
      new Bot(bot, account, seat.url(), Bot.Style.CASH, bot.hashCode()).join(seat.ticket());
      table = seat.table();
      // The advertisement shows the seat taken before the next request, so the bots sit together.
      Fleet.waitFor(
          bot + " in " + seat.table() + "'s advertisement",
          null,
          () -> {
            var occupied = fleet.redis.hget("pitboss:table:" + seat.table(), "occupied");
            return occupied != null
                && java.util.List.of(occupied.split(",")).contains(Integer.toString(seat.seat()));
          });
    }
    return table;
  }

  private static boolean playTournament(Fleet fleet, String yaml, Integer players)
      throws InterruptedException {
    var result =
        TournamentPlay.run(
            fleet, yaml, players == null ? 100 : players, Duration.ofMinutes(15), LocalFleet::say);
    say("---- summary: tournament " + result.tournament() + " ----");
    say("fleet up:        " + seconds(fleet.startedIn()));
    say("agones:          " + fleet.agonesInUse());
    say("entrants:        " + result.entrants() + " bots, registered through the matchmaker's API");
    say("tables used:     " + result.tablesUsed() + " (" + result.moves() + " table moves)");
    say("hands played:    " + result.hands());
    say("standings:");
    for (var s : result.standings().subList(0, Math.min(10, result.standings().size()))) {
      say(
          String.format(
              "  %3d. %-20s %s",
              s.place(), s.player(), s.prize() > 0 ? money(s.prize(), result.currency()) : ""));
    }
    long paid = result.standings().stream().mapToLong(TournamentPlay.Standing::prize).sum();
    say(
        "payouts:         "
            + result.standings().stream().filter(s -> s.prize() > 0).count()
            + " places paid, "
            + money(paid, result.currency())
            + " of a "
            + money(result.prizePool(), result.currency())
            + " prize pool");
    say("reconciliation:  " + (result.reconciled() ? "balanced" : "NOT balanced"));
    say(
        "balances:        "
            + (result.problems().isEmpty()
                ? "every bot's balance is its deposit - buy-in - fee + prize, to the chip"
                : result.problems()));
    say("tournament took: " + seconds(result.took()));
    return result.problems().isEmpty();
  }

  private static boolean playCash(Fleet fleet, String yaml, Integer players, int hands)
      throws InterruptedException {
    var result =
        CashTablePlay.run(
            fleet, yaml, players == null ? 12 : players, 10_000, hands, LocalFleet::say);
    say("---- summary: cash table ----");
    say("fleet up:        " + seconds(fleet.startedIn()));
    say("agones:          " + fleet.agonesInUse());
    say("players:         " + result.players() + " bots, each buying in €100.00");
    say(
        "tables:          "
            + result.tablesUsed()
            + " played, "
            + result.tablesOpen()
            + " in the lobby now");
    say("hands:           " + result.hands());
    say("reconciliation:  " + (result.reconciled() ? "balanced" : "NOT balanced"));
    say(
        "balances:        "
            + (result.problems().isEmpty()
                ? "every player's balance right to the chip"
                : result.problems()));
    say("cash play took:  " + seconds(result.took()));
    return result.problems().isEmpty();
  }

  private static String money(long minor, String currency) {
    return String.format("%s %d.%02d", currency, minor / 100, minor % 100);
  }

  private static String seconds(Duration d) {
    return String.format("%.1f s", d.toMillis() / 1000.0);
  }

  private static void say(String line) {
    System.out.println("[local-fleet " + CLOCK.format(java.time.LocalTime.now()) + "] " + line);
  }
}
