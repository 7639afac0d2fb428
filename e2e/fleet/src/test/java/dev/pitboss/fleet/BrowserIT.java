package dev.pitboss.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.pitboss.agones.standin.AgonesRelease;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Stream;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The browser client (web/, issue 15) in Debian's Chromium, driven by playwright-core from {@code
 * web/test/*.test.mjs}, against the local fleet and the production matchmaker that serves it: a
 * person's path from the lobby to finished hands against bots, reconnect after the socket is cut,
 * the fairness check green on real hands and red on a tampered reveal, an observer who never
 * receives hole cards, and a tournament in which the page follows the person through a table break
 * to the end. Screenshots go to {@code e2e/fleet/target/browser/}. Skipped, saying so, where no
 * Chromium is installed ({@code e2e/bin/testbed provision} installs it).
 */
class BrowserIT {
  static final Path CHROMIUM =
      Path.of(System.getenv().getOrDefault("PITBOSS_CHROMIUM", "/usr/bin/chromium"));
  static final String TABLE = "e2e-web";
  static final Path ARTIFACTS = Path.of("target", "browser").toAbsolutePath();
  static Fleet fleet;

  @BeforeAll
  static void start() throws Exception {
    var why =
        "BrowserIT SKIPPED: no Chromium at "
            + CHROMIUM
            + " (e2e/bin/testbed provision installs Debian's chromium package)";
    // Said in the build log too: Failsafe counts a class skipped in @BeforeAll as zero tests.
    if (!Files.isExecutable(CHROMIUM)) System.out.println(why);
    assumeTrue(Files.isExecutable(CHROMIUM), why);
    fleet = Fleet.start(Fleet.Options.defaults(), line -> System.out.println("[fleet] " + line));
  }

  @AfterAll
  static void stop() {
    if (fleet != null) fleet.close();
  }

  @Test
  void aPersonPlaysFromTheLobbyWatchesAndChecksTheDealInChromium() throws Exception {
    FleetIT.applyTable(fleet, TABLE, 1, 0);

    var person = "web-alice";
    fleet.cashier.player(person, "EUR", 50_000);
    // Two bots keep the table dealing; they are seated through the matchmaker's API, as the person.
    var bots = new ArrayList<Bot>();
    try {
      for (var name : List.of("web-bot-1", "web-bot-2")) {
        var account = fleet.cashier.player(name, "EUR", 50_000);
        var seat = fleet.players.seat(fleet.players.token(name), "default", TABLE, 10_000);
        var bot = new Bot(name, account, seat.url(), Bot.Style.CASH, name.hashCode());
        bots.add(bot);
        bot.join(seat.ticket());
        await().until(() -> bot.seat > 0 || !bot.errors.isEmpty());
        assertThat(bot.errors).isEmpty();
      }

      var node =
          node(
              "test/browser.test.mjs",
              Map.of("PITBOSS_TABLE", "default/" + TABLE, "PITBOSS_PLAYER", person));
      node.finish();
      assertThat(ARTIFACTS.resolve("1-lobby.png")).exists();

      bots.forEach(Bot::leave);
      await()
          .atMost(Duration.ofMinutes(1))
          .until(() -> bots.stream().allMatch(b -> b.leftWith != null));
      await().atMost(Duration.ofMinutes(1)).until(() -> fleet.cashier.reconcile().getBalanced());
    } finally {
      bots.forEach(Bot::close);
    }
  }

  /**
   * Six entrants on 5-seat tables: the draw makes two tables of three, and the first bust leaves
   * five players, whom one table can seat, so the director breaks the smaller table (TDA rules,
   * {@code TournamentDirector.balance}). Once the page shows the person at the drawn table, the
   * bots there move all in at every turn and the others only check or call, with blinds too small
   * to bust anyone: the first bust is at the person's table, which is then the smaller one, so the
   * break moves the person for certain. At the last table the person moves all in at every turn
   * until they bust or win; then the bots finish the tournament all in, and the payout and the
   * ledger are checked.
   */
  @Test
  void aPersonRegistersForATournamentAndTheBrowserFollowsTheirTableThroughABreak()
      throws Exception {
    var name = "e2e-web-tournament";
    var person = "web-bob";
    long buyIn = 1_000;
    long fee = 100;
    long deposit = 2 * (buyIn + fee);
    fleet
        .client
        .resource(
            Serialization.unmarshal(
                """
                apiVersion: pitboss.dev/v1alpha1
                kind: Tournament
                metadata:
                  name: %s
                  namespace: default
                spec:
                  game: nlhe
                  buyIn: {amount: %d, fee: %d, currency: EUR}
                  startingStack: 5000
                  blinds:
                    - {smallBlind: 10, bigBlind: 20, minutes: 30}
                  seats: 5
                  actionSeconds: 10
                  players: {min: 2, max: 6}
                  payouts: [70, 30]
                  region: local
                  startTime: "%s"
                """
                    .formatted(
                        name,
                        buyIn,
                        fee,
                        Instant.now().plus(Duration.ofHours(1)).truncatedTo(ChronoUnit.SECONDS)),
                GenericKubernetesResource.class))
        .create();
    var tournament =
        fleet
            .client
            .genericKubernetesResources("pitboss.dev/v1alpha1", "Tournament")
            .inNamespace("default")
            .withName(name);
    await()
        .atMost(Duration.ofMinutes(2))
        .until(() -> "Registering".equals(status(tournament).get("phase")));

    var personAccount = fleet.cashier.player(person, "EUR", deposit);
    var personToken = fleet.players.token(person);
    var entrants = new ArrayList<Entrant>();
    for (int i = 1; i <= 5; i++) {
      var bot = "web-tbot-" + i;
      var account = fleet.cashier.player(bot, "EUR", deposit);
      var token = fleet.players.token(bot);
      fleet.players.register(token, "default", name);
      entrants.add(new Entrant(bot, account, token, name, i));
    }

    var seatedShot = ARTIFACTS.resolve("t2-seated-by-the-draw.png");
    Files.deleteIfExists(seatedShot);
    var node =
        node(
            "test/tournament.test.mjs",
            Map.of("PITBOSS_TOURNAMENT", "default/" + name, "PITBOSS_PLAYER", person));
    try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
      try {
        // The person registers through the page; then the start moves to now.
        await()
            .atMost(Duration.ofMinutes(2))
            .ignoreException(Matchmaker.Refused.class)
            .until(() -> fleet.players.where(personToken, "default", name) != null);
        tournament.patch(
            PatchContext.of(PatchType.JSON_MERGE),
            "{\"spec\":{\"startTime\":\"" + Instant.now().truncatedTo(ChronoUnit.SECONDS) + "\"}}");
        var drawn =
            await()
                .atMost(Duration.ofMinutes(2))
                .until(
                    () -> fleet.players.where(personToken, "default", name).table(),
                    t -> t != null);
        System.out.println("[browser] the draw seated " + person + " at " + drawn);
        entrants.forEach(pool::submit);
        // Every bot checks or calls until the page shows the person at the drawn table (its
        // screenshot of that step is written once that is checked); then the bots there move all
        // in, so the break comes after the page has followed the draw.
        await()
            .atMost(Duration.ofMinutes(3))
            .until(() -> Files.exists(seatedShot) || !node.process().isAlive());
        for (var e : entrants) e.shoveAt(drawn);
        node.finish();

        // The person is out (or won): the bots finish the tournament all in.
        for (var e : entrants) e.finale();
        await()
            .atMost(Duration.ofMinutes(2))
            .until(
                () ->
                    "Completed".equals(status(tournament).get("phase"))
                        && fleet.players.get(resultsPath(name)).get("paid").asBoolean());
      } finally {
        entrants.forEach(Entrant::stop);
        node.stop();
      }
    }
    var results = fleet.players.get(resultsPath(name));
    var prizes = new HashMap<String, Long>();
    results
        .get("standings")
        .forEach(s -> prizes.put(s.get("player").asString(), s.get("prize").asLong()));
    assertThat(prizes)
        .containsOnlyKeys(
            Stream.concat(Stream.of(person), entrants.stream().map(e -> e.player)).toList());
    assertThat(results.get("prizePool").asLong()).isEqualTo(6 * buyIn);
    assertThat(prizes.values().stream().mapToLong(Long::longValue).sum()).isEqualTo(6 * buyIn);
    assertThat(fleet.cashier.balance(personAccount))
        .as("the person's balance after buy-in, fee and prize")
        .isEqualTo(deposit - buyIn - fee + prizes.get(person));
    for (var e : entrants) {
      assertThat(e.errors()).as(e.player + "'s errors").isEmpty();
      assertThat(fleet.cashier.balance(e.account))
          .as(e.player + "'s balance")
          .isEqualTo(deposit - buyIn - fee + prizes.get(e.player));
    }
    assertThat(ARTIFACTS.resolve("t3-moved-by-the-break.png")).exists();
    await().atMost(Duration.ofMinutes(1)).until(() -> fleet.cashier.reconcile().getBalanced());
  }

  private static String resultsPath(String name) {
    return "/v1/lobby/tournaments/default/" + name + "/results";
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> status(Resource<GenericKubernetesResource> tournament) {
    var t = tournament.get();
    var status = t == null ? null : t.getAdditionalProperties().get("status");
    return status == null ? Map.of() : (Map<String, Object>) status;
  }

  /** A {@code node --test} run of one file in web/, its output echoed into the build log. */
  private record Node(Process process, Thread echo) {
    /** Waits for it and fails the test on a non-zero exit status. */
    void finish() throws InterruptedException {
      assertThat(process.waitFor(10, TimeUnit.MINUTES)).as("the browser tests finished").isTrue();
      echo.join();
      assertThat(process.exitValue()).as("node --test exit status (output above)").isZero();
    }

    void stop() {
      process.destroy();
    }
  }

  private static Node node(String testFile, Map<String, String> env) throws Exception {
    var web = AgonesRelease.repositoryRoot(Path.of("").toAbsolutePath()).resolve("web");
    Files.createDirectories(ARTIFACTS);
    var node =
        new ProcessBuilder("node", "--test", "--test-reporter=spec", testFile)
            .directory(web.toFile())
            .redirectErrorStream(true);
    node.environment().putAll(env);
    node.environment().put("PITBOSS_URL", fleet.matchmakerUrl());
    node.environment().put("PITBOSS_ARTIFACTS", ARTIFACTS.toString());
    node.environment().put("PITBOSS_CHROMIUM", CHROMIUM.toString());
    var process = node.start();
    var echo =
        Thread.ofVirtual()
            .start(
                () -> {
                  try (var out =
                      new BufferedReader(
                          new InputStreamReader(
                              process.getInputStream(), StandardCharsets.UTF_8))) {
                    out.lines().forEach(line -> System.out.println("[browser] " + line));
                  } catch (IOException e) {
                    System.out.println("[browser] output lost: " + e);
                  }
                });
    return new Node(process, echo);
  }

  /**
   * A bot in the tournament: asks where its table is, joins it, plays there in the style its table
   * calls for, and asks again when the table lets it go (a move), until it busts or the tournament
   * is over.
   */
  private static final class Entrant implements Runnable {
    final String player;
    final String account;
    final String token;
    final String tournament;
    final long seed;
    final List<Bot> bots = new CopyOnWriteArrayList<>();
    volatile Function<String, Bot.Style> styleAt = table -> Bot.Style.PASSIVE;
    volatile boolean stopped;

    Entrant(String player, String account, String token, String tournament, long seed) {
      this.player = player;
      this.account = account;
      this.token = token;
      this.tournament = tournament;
      this.seed = seed;
    }

    @Override
    public void run() {
      boolean seatedOnce = false;
      while (!stopped) {
        // A busy matchmaker answers again; no table after a seat means busted.
        boolean wasSeated = seatedOnce;
        var where =
            await()
                .atMost(Duration.ofMinutes(5))
                .pollInterval(Duration.ofMillis(200))
                .ignoreExceptions()
                .until(
                    () -> fleet.players.where(token, "default", tournament),
                    w -> w.table() != null || over(w) || wasSeated || stopped);
        if (where.table() == null || over(where) || stopped) return;
        var bot = new Bot(player, account, where.url(), styleAt.apply(where.table()), seed);
        bots.add(bot);
        bot.join(where.ticket());
        try {
          await()
              .atMost(Duration.ofSeconds(10))
              .until(() -> bot.seat > 0 || !bot.errors.isEmpty() || bot.closed || stopped);
        } catch (ConditionTimeoutException e) {
          // No answer from the table: ask the matchmaker again.
        }
        if (bot.seat > 0) {
          seatedOnce = true;
          // The style may have changed while it joined (shoveAt reads the table a welcome sets).
          bot.play(styleAt.apply(where.table()));
          await().forever().until(() -> bot.seat == 0 || bot.closed || stopped);
        } else {
          // Not seated there yet (a move in flight): the table said why; ask again.
          bot.errors.clear();
        }
        bot.close();
      }
    }

    private static boolean over(Matchmaker.Where where) {
      return where.phase().equals("Completed") || where.phase().equals("Cancelled");
    }

    /** All in at every turn at {@code table}, from now on. */
    void shoveAt(String table) {
      styleAt = t -> t.equals(table) ? Bot.Style.SHOVE : Bot.Style.PASSIVE;
      bots.stream().filter(b -> table.equals(b.table)).forEach(b -> b.play(Bot.Style.SHOVE));
    }

    /** All in at every turn, anywhere, from now on. */
    void finale() {
      styleAt = table -> Bot.Style.SHOVE;
      bots.forEach(b -> b.play(Bot.Style.SHOVE));
    }

    List<String> errors() {
      return bots.stream().flatMap(b -> b.errors.stream()).toList();
    }

    void stop() {
      stopped = true;
      bots.forEach(Bot::close);
    }
  }
}
