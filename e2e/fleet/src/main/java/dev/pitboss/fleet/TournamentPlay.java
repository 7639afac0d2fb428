package dev.pitboss.fleet;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.function.Consumer;

/**
 * A tournament through the whole fleet: a {@code Tournament} applied as YAML, bots registered
 * through the matchmaker's public API with development-issuer tokens (buy-in and fee held in the
 * wallet), the start moved to the moment they are all in, the operator places the tables, the
 * matchmaker's director draws the seats, balances and breaks tables, and the bots play over
 * WebSockets, each following its table moves through "where is my table", to one winner. Then the
 * standings, the payouts against every bot's balance, and the wallet's reconciliation.
 */
public final class TournamentPlay {
  /** A finishing place and its prize, as the matchmaker's results show it. */
  public record Standing(int place, String player, long prize) {}

  /** What one tournament found; {@code problems} is empty when every check held. */
  public record Result(
      String tournament,
      int entrants,
      int tablesUsed,
      long hands,
      int moves,
      long prizePool,
      String currency,
      List<Standing> standings,
      boolean reconciled,
      List<String> problems,
      Duration took) {}

  private TournamentPlay() {}

  /**
   * Applies {@code tournamentYaml} (one {@code Tournament}), registers {@code players} bots, starts
   * it, and waits up to {@code limit} for a winner and the payout.
   */
  public static Result run(
      Fleet fleet, String tournamentYaml, int players, Duration limit, Consumer<String> progress)
      throws InterruptedException {
    var start = Instant.now();
    var resource = Serialization.unmarshal(tournamentYaml, GenericKubernetesResource.class);
    if (resource.getMetadata().getNamespace() == null)
      resource.getMetadata().setNamespace("default");
    var namespace = resource.getMetadata().getNamespace();
    var name = resource.getMetadata().getName();
    var spec = map(resource.getAdditionalProperties().get("spec"));
    var buyIn = map(spec.get("buyIn"));
    long amount = ((Number) buyIn.get("amount")).longValue();
    long fee = ((Number) buyIn.get("fee")).longValue();
    var currency = (String) buyIn.get("currency");
    int max = ((Number) map(spec.get("players")).get("max")).intValue();
    if (players > max) {
      throw new IllegalArgumentException(
          players + " players do not fit " + name + ": its spec.players.max is " + max);
    }
    // Registration stays open while the bots register; the start moves to when they are in.
    spec.put(
        "startTime", start.plus(Duration.ofHours(1)).truncatedTo(ChronoUnit.SECONDS).toString());
    var tournament =
        fleet
            .client
            .genericKubernetesResources("pitboss.dev/v1alpha1", "Tournament")
            .inNamespace(namespace)
            .withName(name);
    var resultsPath = "/v1/lobby/tournaments/" + namespace + "/" + name + "/results";
    fleet.client.resource(resource).create();
    progress.accept("applied Tournament " + namespace + "/" + name);
    Fleet.waitFor(
        "Tournament " + name + " to open registration",
        null,
        () -> "Registering".equals(status(tournament).get("phase")));

    long deposit = 2 * (amount + fee);
    var entrants = new CopyOnWriteArrayList<Entrant>();
    var failures = new CopyOnWriteArrayList<String>();
    // The matchmaker limits each player, not the room: eight registrations at a time.
    var gate = new Semaphore(8);
    try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
      for (int i = 1; i <= players; i++) {
        var player = String.format("%s-%03d", name, i);
        long seed = i;
        pool.submit(
            () -> {
              gate.acquireUninterruptibly();
              try {
                var account = fleet.cashier.player(player, currency, deposit);
                var token = fleet.players.token(player);
                fleet.players.register(token, namespace, name);
                entrants.add(new Entrant(player, account, token, seed));
              } catch (RuntimeException e) {
                failures.add(player + " could not register: " + e.getMessage());
              } finally {
                gate.release();
              }
            });
      }
    }
    var problems = new ArrayList<String>(failures);
    progress.accept(
        entrants.size()
            + " bots registered through the matchmaker (buy-in "
            + amount
            + " + fee "
            + fee
            + " "
            + currency
            + " held each)");
    tournament.patch(
        PatchContext.of(PatchType.JSON_MERGE),
        "{\"spec\":{\"startTime\":\"" + Instant.now().truncatedTo(ChronoUnit.SECONDS) + "\"}}");
    progress.accept("start moved to now: the operator starts it and places its tables");

    var tables = new ConcurrentHashMap<String, Long>();
    try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
      for (var e : entrants) pool.submit(() -> e.play(fleet, namespace, name, tables));
      var lastReport = new Instant[] {Instant.EPOCH};
      try {
        Fleet.waitFor(
            "Tournament " + name + " to finish and pay",
            null,
            limit,
            () -> {
              var status = status(tournament);
              if (Duration.between(lastReport[0], Instant.now()).toSeconds() >= 5) {
                lastReport[0] = Instant.now();
                progress.accept(
                    String.format(
                        "%s: level %s, %s of %s players left, %s tables",
                        status.get("phase"),
                        status.get("currentLevel"),
                        status.get("playersLeft"),
                        status.get("entrants"),
                        status.get("tables")));
              }
              // The director pays right after the last bust; the operator then completes it.
              return "Cancelled".equals(status.get("phase"))
                  || "Completed".equals(status.get("phase"))
                      && fleet.players.get(resultsPath).get("paid").asBoolean();
            });
      } finally {
        entrants.forEach(Entrant::stop);
      }
    }

    var retried = entrants.stream().flatMap(e -> e.retried.stream()).toList();
    if (!retried.isEmpty()) {
      progress.accept(retried.size() + " calls tried again; the first: " + retried.getFirst());
    }
    var results = fleet.players.get(resultsPath);
    var standings = new ArrayList<Standing>();
    var prizes = new HashMap<String, Long>();
    for (var s : results.get("standings")) {
      var standing =
          new Standing(s.get("place").asInt(), s.get("player").asString(), s.get("prize").asLong());
      standings.add(standing);
      prizes.put(standing.player(), standing.prize());
    }
    long prizePool = results.get("prizePool").asLong();
    long paid = prizes.values().stream().mapToLong(Long::longValue).sum();
    if (paid != prizePool) problems.add("prizes paid " + paid + " != prize pool " + prizePool);
    if (prizePool != amount * entrants.size()) {
      problems.add("prize pool " + prizePool + " != " + entrants.size() + " × " + amount);
    }
    if (standings.size() != entrants.size()) {
      problems.add(standings.size() + " standings for " + entrants.size() + " entrants");
    }
    for (var e : entrants) {
      e.errors().forEach(error -> problems.add(e.player + ": " + error));
      // A move in flight, or a table closed after a break (its server no longer hosts it), is
      // asked again; anything else is not.
      e.refusedJoins.stream()
          .filter(
              error ->
                  !error.contains("\"NOT_SEATED\"")
                      && !error.contains("\"UNKNOWN_TABLE\"")
                      && !error.contains("\"TICKET_WRONG_TABLE\"")
                      && !error.contains("\"TABLE_CLOSING\""))
          .forEach(error -> problems.add(e.player + " could not join: " + error));
      long expected = deposit - amount - fee + prizes.getOrDefault(e.player, 0L);
      long balance = fleet.cashier.balance(e.account);
      if (balance != expected) {
        problems.add(
            e.player
                + ": balance "
                + balance
                + ", expected "
                + expected
                + " after buy-in and prize");
      }
    }
    var report = fleet.cashier.reconcile();
    if (!report.getBalanced()) problems.add("wallet reconcile: " + report.getDiscrepanciesList());
    return new Result(
        namespace + "/" + name,
        entrants.size(),
        tables.size(),
        tables.values().stream().mapToLong(Long::longValue).sum(),
        (int) entrants.stream().mapToInt(e -> e.moves).sum(),
        prizePool,
        currency,
        standings,
        report.getBalanced(),
        problems,
        Duration.between(start, Instant.now()));
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Object o) {
    return (Map<String, Object>) o;
  }

  private static Map<String, Object> status(Resource<GenericKubernetesResource> tournament) {
    var t = tournament.get();
    var status = t == null ? null : t.getAdditionalProperties().get("status");
    return status == null ? Map.of() : map(status);
  }

  /**
   * One registered bot: asks the matchmaker where its table is, joins it with the ticket it gets,
   * plays there until the table lets it go (a move, a bust), and asks again, until it is out or the
   * tournament is over. A director's move is answered by the new table's ticket, valid once the
   * table has seated the player: until then the table answers NOT_SEATED and the bot asks again.
   */
  private static final class Entrant {
    final String player;
    final String account;
    final String token;
    final long seed;
    final List<Bot> bots = new CopyOnWriteArrayList<>();

    /** Joins a table refused (seated elsewhere meanwhile, or the table closed): asked again. */
    final List<String> refusedJoins = new CopyOnWriteArrayList<>();

    /** Calls that failed and were tried again (a busy matchmaker, a server gone). */
    final List<String> retried = new CopyOnWriteArrayList<>();

    volatile boolean stopped;
    int moves;

    Entrant(String player, String account, String token, long seed) {
      this.player = player;
      this.account = account;
      this.token = token;
      this.seed = seed;
    }

    void play(Fleet fleet, String namespace, String name, Map<String, Long> tables) {
      Bot bot = null;
      String at = null;
      try {
        while (!stopped) {
          if (bot != null && bot.seat > 0 && !bot.closed) {
            record(bot, tables);
            Thread.sleep(100);
            continue;
          }
          if (bot != null) {
            record(bot, tables);
            if (bot.leftWith != null && bot.leftWith == 0) return;
            bot.close();
            bot = null;
          }
          try {
            var where = fleet.players.where(token, namespace, name);
            if (where.phase().equals("Completed") || where.phase().equals("Cancelled")) return;
            if (where.table() == null) {
              Thread.sleep(500);
              continue;
            }
            if (at != null && !at.equals(where.table())) moves++;
            at = where.table();
            bot = join(where);
          } catch (RuntimeException e) {
            // A busy matchmaker or a server gone: a client asks again, and so does a bot.
            retried.add(e.toString());
            Thread.sleep(1_000);
          }
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } finally {
        if (bot != null) record(bot, tables);
      }
    }

    /** Joins the table with the ticket; null (and a retry soon) when it does not seat us yet. */
    private Bot join(Matchmaker.Where where) throws InterruptedException {
      var bot = new Bot(player, account, where.url(), Bot.Style.TURBO, seed * 31 + bots.size());
      bots.add(bot);
      bot.join(where.ticket());
      var deadline = Instant.now().plusSeconds(10);
      while (bot.seat == 0 && bot.errors.isEmpty() && !bot.closed) {
        if (Instant.now().isAfter(deadline)) break;
        Thread.sleep(50);
      }
      if (bot.seat > 0) return bot;
      // Not seated there yet (a move in flight), or no longer: ask again shortly.
      refusedJoins.addAll(bot.errors);
      bot.errors.clear();
      bot.close();
      Thread.sleep(300);
      return null;
    }

    private static void record(Bot bot, Map<String, Long> tables) {
      var table = bot.table;
      if (table != null) tables.merge(table, bot.lastHand, Math::max);
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
