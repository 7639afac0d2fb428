package dev.pitboss.fleet;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * The cash-table flow through the whole fleet: a {@code Table} applied as YAML, the operator places
 * its tables through the Agones allocation API, game servers open them and advertise them in Redis,
 * bots ask the matchmaker's API for seats (buy-in held, ticket signed), play over WebSockets,
 * leave, and every player's balance and the wallet's reconciliation are checked to the chip.
 */
public final class CashTablePlay {
  /** What one play found; {@code problems} is empty when every check held. */
  public record Result(
      String owner,
      int players,
      int tablesUsed,
      int tablesOpen,
      int hands,
      boolean reconciled,
      List<String> problems,
      Duration took) {}

  /** One bot and what it bought in with. */
  private record Player(Bot bot, Matchmaker.Seat seat, long deposit, long buyIn) {}

  private CashTablePlay() {}

  /**
   * Applies {@code tableYaml} (one {@code Table}), seats {@code players} bots with {@code buyIn}
   * each, lets each table play until every bot saw {@code hands} hands end, stands them all up and
   * checks the money.
   */
  public static Result run(
      Fleet fleet, String tableYaml, int players, long buyIn, int hands, Consumer<String> progress)
      throws InterruptedException {
    var start = Instant.now();
    var table = Serialization.unmarshal(tableYaml, GenericKubernetesResource.class);
    if (table.getMetadata().getNamespace() == null) table.getMetadata().setNamespace("default");
    fleet.client.resource(table).create();
    var namespace = table.getMetadata().getNamespace();
    var name = table.getMetadata().getName();
    var owner = "table/" + namespace + "/" + name + "/";
    @SuppressWarnings("unchecked")
    var spec = (Map<String, Object>) table.getAdditionalProperties().get("spec");
    @SuppressWarnings("unchecked")
    var stakes = (Map<String, Object>) spec.get("stakes");
    var currency = (String) stakes.get("currency");
    progress.accept("applied Table " + table.getMetadata().getName() + " (" + owner + ")");
    Fleet.waitFor(
        "a table of " + owner + " advertised in Redis",
        null,
        () -> fleet.redis.zcard("pitboss:owner:" + owner) > 0);
    progress.accept("tables open: " + fleet.redis.zrange("pitboss:owner:" + owner, 0, -1));

    var seated = new ArrayList<Player>();
    var problems = new ArrayList<String>();
    try {
      long deposit = buyIn * 3;
      for (int i = 1; i <= players; i++) {
        var player = "bot-" + Long.toString(start.toEpochMilli(), 36) + "-" + i;
        var account = fleet.cashier.player(player, currency, deposit);
        var seat = fleet.players.seat(fleet.players.token(player), namespace, name, buyIn);
        var bot = new Bot(player, account, seat.url(), Bot.Style.CASH, i);
        bot.join(seat.ticket());
        Fleet.waitFor("a seat for " + player, null, () -> bot.seat > 0 || !bot.errors.isEmpty());
        if (!bot.errors.isEmpty()) {
          problems.add(player + " could not sit down: " + bot.errors);
          bot.close();
          continue;
        }
        seated.add(new Player(bot, seat, deposit, buyIn));
        progress.accept(player + " sits at " + seat.table() + " seat " + seat.seat());
      }
      var byTable = new TreeMap<String, List<Player>>();
      for (var p : seated) byTable.computeIfAbsent(p.seat().table(), t -> new ArrayList<>()).add(p);
      var lastReport = new Instant[] {Instant.now()};
      // A bot alone at its table has nobody to play: it waits for no hand.
      var alone =
          byTable.values().stream().filter(ps -> ps.size() == 1).map(ps -> ps.getFirst()).toList();
      for (var p : alone) progress.accept(p.bot().name + " is alone at " + p.seat().table());
      Fleet.waitFor(
          "every bot to see " + hands + " hands",
          null,
          Duration.ofSeconds(120 + 5L * hands),
          () -> {
            if (Duration.between(lastReport[0], Instant.now()).toSeconds() >= 5) {
              lastReport[0] = Instant.now();
              progress.accept("hands so far: " + handsPerTable(byTable));
            }
            return seated.stream()
                .allMatch(
                    p ->
                        alone.contains(p)
                            || p.bot().handsEnded >= hands
                            || p.bot().leftWith != null
                            || p.bot().closed);
          });
      progress.accept("hands played: " + handsPerTable(byTable) + "; standing everyone up");
      for (var p : seated) p.bot().leave();
      Fleet.waitFor(
          "every bot paid out",
          null,
          () -> seated.stream().allMatch(p -> p.bot().leftWith != null || p.bot().closed));
      for (var p : seated) {
        var bot = p.bot();
        if (!bot.errors.isEmpty()) problems.add(bot.name + " got errors: " + bot.errors);
        if (bot.leftWith == null) {
          problems.add(bot.name + " was not paid out (connection closed)");
          continue;
        }
        long expected = p.deposit() - p.buyIn() + bot.leftWith;
        long balance = fleet.cashier.balance(bot.account);
        if (balance != expected) {
          problems.add(
              bot.name
                  + ": balance "
                  + balance
                  + ", expected deposit "
                  + p.deposit()
                  + " - buy-in "
                  + p.buyIn()
                  + " + left with "
                  + bot.leftWith
                  + " = "
                  + expected);
        }
      }
      var report = fleet.cashier.reconcile();
      if (!report.getBalanced()) problems.add("wallet reconcile: " + report.getDiscrepanciesList());
      int totalHands = handsPerTable(byTable).values().stream().mapToInt(Integer::intValue).sum();
      return new Result(
          owner,
          seated.size(),
          byTable.size(),
          (int) fleet.redis.zcard("pitboss:owner:" + owner),
          totalHands,
          report.getBalanced(),
          problems,
          Duration.between(start, Instant.now()));
    } finally {
      seated.forEach(p -> p.bot().close());
    }
  }

  /** Hands played per table: the most any of its bots saw end. */
  private static Map<String, Integer> handsPerTable(Map<String, List<Player>> byTable) {
    var result = new HashMap<String, Integer>();
    byTable.forEach(
        (table, players) ->
            result.put(table, players.stream().mapToInt(p -> p.bot().handsEnded).max().orElse(0)));
    return new TreeMap<>(result);
  }
}
