package dev.pitboss.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.pitboss.crds.agones.GameServer;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * End to end on the local fleet: every Pitboss component on its production path (operator, wallet
 * over mutual TLS, the matchmaker, game-server processes), on the real kube-apiserver, PostgreSQL
 * and Redis; Agones and the kubelet played by stand-ins. Bots take seats through the matchmaker's
 * public API.
 */
class CashTableIT extends FleetIT {

  /** Each test's table types go when it ends: their tables close and the game servers free up. */
  @AfterEach
  void deleteTables() {
    fleet
        .client
        .genericKubernetesResources("pitboss.dev/v1alpha1", "Table")
        .inAnyNamespace()
        .delete();
    await()
        .atMost(Duration.ofMinutes(2))
        .until(
            () ->
                fleet
                    .client
                    .genericKubernetesResources("pitboss.dev/v1alpha1", "Table")
                    .inAnyNamespace()
                    .list()
                    .getItems()
                    .isEmpty());
  }

  @Test
  void aCashTableSeatsBotsTheyPlayLeaveAndEveryBalanceIsRightToTheChip() throws Exception {
    var yaml =
        """
        apiVersion: pitboss.dev/v1alpha1
        kind: Table
        metadata:
          name: e2e-cash
        spec:
          game: nlhe
          stakes: {smallBlind: 50, bigBlind: 100, currency: EUR}
          seats: 6
          buyIn: {min: 4000, max: 20000}
          region: local
          scaling: {minTables: 2, maxTables: 4, freeSeats: 6}
        """;
    var result =
        CashTablePlay.run(fleet, yaml, 8, 10_000, 8, line -> System.out.println("[e2e] " + line));
    assertThat(result.problems()).isEmpty();
    assertThat(result.players()).isEqualTo(8);
    assertThat(result.tablesUsed()).isGreaterThanOrEqualTo(2);
    assertThat(result.hands()).isGreaterThanOrEqualTo(8);
    assertThat(result.reconciled()).isTrue();
    // The production matchmaker's lobby shows the table type from its informer and the lobby.
    var lobby =
        java.net.http.HttpClient.newHttpClient()
            .send(
                java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create(fleet.matchmakerUrl() + "/v1/lobby"))
                    .build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
    assertThat(lobby.statusCode()).isEqualTo(200);
    assertThat(lobby.body()).contains("e2e-cash");
  }

  @Test
  void raisingFreeSeatsOpensTablesAndLoweringThemClosesOnlyEmptyOnes() throws Exception {
    var lobby = "pitboss:owner:table/default/e2e-scale/";
    applyTable(fleet, "e2e-scale", 4, 6);
    assertThat(fleet.redis.zcard(lobby)).as("six free seats: one table").isEqualTo(1);

    setFreeSeats("e2e-scale", 18);
    await().atMost(Duration.ofMinutes(2)).until(() -> fleet.redis.zcard(lobby) == 3);

    var account = fleet.cashier.player("scale-bot", "EUR", 30_000);
    var seat = fleet.players.seat(fleet.players.token("scale-bot"), "default", "e2e-scale", 10_000);
    try (var bot = new Bot("scale-bot", account, seat.url(), Bot.Style.CASH, 1)) {
      bot.join(seat.ticket());
      await().until(() -> bot.seat > 0 || !bot.errors.isEmpty());
      assertThat(bot.errors).isEmpty();
      await().until(() -> "5".equals(fleet.redis.hget("pitboss:table:" + seat.table(), "free")));
      // The operator counts seated players from its GameServer's players list, which Agones'
      // sdk-server writes a moment after the seat (it batches list changes): lowered before that,
      // the table looks empty to the operator.
      await().until(() -> listed(seat.table() + "#" + seat.seat()));

      setFreeSeats("e2e-scale", 0);
      await()
          .atMost(Duration.ofMinutes(2))
          .untilAsserted(
              () -> assertThat(fleet.redis.zrange(lobby, 0, -1)).containsExactly(seat.table()));
      assertThat(bot.closed).isFalse();

      bot.leave();
      await().until(() -> bot.leftWith != null);
      assertThat(fleet.cashier.balance(account)).isEqualTo(30_000 - 10_000 + bot.leftWith);
    }
  }

  @Test
  void aGameServerKilledMidHandLosesNoChipAndItsPlayersSitBackDown() throws Exception {
    applyTable(fleet, "e2e-crash", 1, 0);
    var names = java.util.List.of("crash-a", "crash-b");
    var accounts = new java.util.HashMap<String, String>();
    var seats = new java.util.HashMap<String, Matchmaker.Seat>();
    var bots = new java.util.ArrayList<Bot>();
    try {
      for (var name : names) {
        var player = seated(name, "e2e-crash");
        accounts.put(name, player.bot().account);
        seats.put(name, player.seat());
        bots.add(player.bot());
      }
      await()
          .atMost(Duration.ofMinutes(2))
          .until(() -> bots.stream().allMatch(b -> b.handsEnded >= 3));
      var table = seats.get("crash-a").table();
      var pod =
          fleet.kubelet.pods().stream()
              .filter(p -> p.port() == seats.get("crash-a").url().getPort())
              .findFirst()
              .orElseThrow();
      var killed = pod.process();
      var killedAt = System.currentTimeMillis();
      killed.kill();
      await().until(() -> bots.stream().allMatch(b -> b.closed));
      assertThat(fleet.cashier.reconcile().getBalanced()).isTrue();

      // The kubelet stand-in restarts it; it reopens the table from the ledger, seats still held.
      await()
          .atMost(Duration.ofMinutes(2))
          .until(
              () -> {
                var updated = fleet.redis.hget("pitboss:table:" + table, "updatedAt");
                return pod.process() != killed
                    && updated != null
                    && Long.parseLong(updated) > killedAt;
              });
      var held = seats.values().stream().map(Matchmaker.Seat::seat).sorted().toList();
      assertThat(fleet.redis.hget("pitboss:table:" + table, "occupied"))
          .isEqualTo(held.get(0) + "," + held.get(1));
      var back = new java.util.ArrayList<Bot>();
      for (var name : names) {
        // They ask the matchmaker again and get a ticket for the (only) table; the table, which
        // recovered their seat from the ledger, puts them back there with the chips the ledger
        // kept and captures nothing; the new reservation's hold lapses unused.
        var seat = fleet.players.seat(fleet.players.token(name), "default", "e2e-crash", 10_000);
        assertThat(seat.table()).isEqualTo(seats.get(name).table());
        var bot =
            new Bot(name, accounts.get(name), seat.url(), Bot.Style.CASH, name.hashCode() + 1);
        bots.add(bot);
        back.add(bot);
        bot.join(seat.ticket());
        await().until(() -> bot.seat > 0 || !bot.errors.isEmpty());
        assertThat(bot.errors).isEmpty();
        assertThat(bot.seat).isEqualTo(seats.get(name).seat());
      }
      await()
          .atMost(Duration.ofMinutes(2))
          .until(() -> back.stream().allMatch(b -> b.handsEnded >= 3 || b.leftWith != null));
      back.forEach(Bot::leave);
      await()
          .atMost(Duration.ofMinutes(1))
          .until(() -> back.stream().allMatch(b -> b.leftWith != null));
      for (var bot : back) {
        assertThat(fleet.cashier.balance(bot.account)).isEqualTo(30_000 - 10_000 + bot.leftWith);
      }
      assertThat(fleet.cashier.reconcile().getBalanced()).isTrue();
    } finally {
      bots.forEach(Bot::close);
    }
  }

  /** Whether a GameServer's players list holds {@code player} ({@code <tableId>#<seat>}). */
  private static boolean listed(String player) {
    return fleet.client.resources(GameServer.class).inAnyNamespace().list().getItems().stream()
        .filter(server -> server.getStatus() != null)
        .anyMatch(server -> server.getStatus().list("players").valuesOrEmpty().contains(player));
  }

  @Test
  void aPlayerWhoLeftSitsAgainAtOnceWithAFreshBuyIn() throws Exception {
    applyTable(fleet, "e2e-again", 1, 0);
    var first = seated("again-a", "e2e-again");
    var account = first.bot().account;
    try (var bot = first.bot()) {
      bot.leave();
      await().until(() -> bot.leftWith != null);
      assertThat(bot.leftWith).isEqualTo(10_000);
    }
    // The seat's reservation was used up when they sat: this is a new one, with a new hold.
    var again = fleet.players.seat(fleet.players.token("again-a"), "default", "e2e-again", 10_000);
    assertThat(again.hold()).isNotEqualTo(first.seat().hold());
    try (var bot = new Bot("again-a", account, again.url(), Bot.Style.CASH, 2)) {
      bot.join(again.ticket());
      await().until(() -> bot.seat > 0 || !bot.errors.isEmpty());
      assertThat(bot.errors).isEmpty();
      assertThat(fleet.cashier.balance(account)).isEqualTo(30_000 - 10_000);
      bot.leave();
      await().until(() -> bot.leftWith != null);
      assertThat(fleet.cashier.balance(account)).isEqualTo(30_000);
    }
    assertThat(fleet.cashier.reconcile().getBalanced()).isTrue();
  }

  @Test
  void theWalletKilledMidSettlementLosesNoChipAndEveryHandSettlesOnce() throws Exception {
    applyTable(fleet, "e2e-wallet-crash", 1, 0);
    var bots = new java.util.ArrayList<Bot>();
    try {
      Matchmaker.Seat seat = null;
      for (var name : java.util.List.of("wallet-a", "wallet-b", "wallet-c")) {
        var player = seated(name, "e2e-wallet-crash");
        seat = player.seat();
        bots.add(player.bot());
      }
      await()
          .atMost(Duration.ofMinutes(2))
          .until(() -> bots.stream().allMatch(b -> b.handsEnded >= 2));
      var port = seat.url().getPort();
      var pod = fleet.kubelet.pods().stream().filter(p -> p.port == port).findFirst().orElseThrow();
      var metrics = "http://" + pod.env.get("PITBOSS_GS_ADMIN_BIND") + "/metrics";

      fleet.killWallet();
      // The table reaches the end of a hand and cannot settle it: it retries with the same key.
      await().atMost(Duration.ofMinutes(1)).until(() -> retries(metrics, "settle") > 0);
      var seen = bots.stream().mapToInt(b -> b.handsEnded).toArray();
      long lastHand = bots.stream().mapToLong(b -> b.lastHand).max().orElseThrow();
      fleet.restartWallet();

      await()
          .atMost(Duration.ofMinutes(2))
          .until(
              () ->
                  java.util.stream.IntStream.range(0, bots.size())
                      .allMatch(i -> bots.get(i).handsEnded >= seen[i] + 3));
      bots.forEach(Bot::leave);
      await()
          .atMost(Duration.ofMinutes(1))
          .until(() -> bots.stream().allMatch(b -> b.leftWith != null));
      long chips = 0;
      for (var bot : bots) {
        chips += bot.leftWith;
        assertThat(fleet.cashier.balance(bot.account)).isEqualTo(30_000 - 10_000 + bot.leftWith);
      }
      assertThat(chips).as("three buy-ins, less the rake").isLessThanOrEqualTo(30_000);
      assertThat(fleet.cashier.reconcile().getBalanced()).isTrue();
      // Each hand settled exactly once, the one the wallet's crash interrupted included.
      try (var db = java.sql.DriverManager.getConnection(fleet.databaseUrl);
          var st =
              db.prepareStatement(
                  "SELECT COUNT(*), COUNT(DISTINCT reference) FROM transfers WHERE reference LIKE ?")) {
        st.setString(1, seat.table() + "/hand/%");
        try (var rs = st.executeQuery()) {
          rs.next();
          assertThat(rs.getLong(1)).isGreaterThanOrEqualTo(lastHand + 3);
          assertThat(rs.getLong(1)).isEqualTo(rs.getLong(2));
        }
      }
    } finally {
      bots.forEach(Bot::close);
    }
  }

  private record Seated(Bot bot, Matchmaker.Seat seat) {}

  /** A bot with 300 EUR deposited, seated at {@code table} through the matchmaker for 100. */
  private static Seated seated(String name, String table) {
    var account = fleet.cashier.player(name, "EUR", 30_000);
    var seat = fleet.players.seat(fleet.players.token(name), "default", table, 10_000);
    var bot = new Bot(name, account, seat.url(), Bot.Style.CASH, name.hashCode());
    bot.join(seat.ticket());
    await().until(() -> bot.seat > 0 || !bot.errors.isEmpty());
    assertThat(bot.errors).isEmpty();
    return new Seated(bot, seat);
  }

  /** The game server's count of wallet calls retried after an unknown outcome, for {@code call}. */
  private static double retries(String metricsUrl, String call) throws Exception {
    var body =
        java.net.http.HttpClient.newHttpClient()
            .send(
                java.net.http.HttpRequest.newBuilder(java.net.URI.create(metricsUrl)).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString())
            .body();
    var prefix = "pitboss_gs_wallet_retries_total{call=\"" + call + "\"} ";
    return body.lines()
        .filter(l -> l.startsWith(prefix))
        .mapToDouble(l -> Double.parseDouble(l.substring(prefix.length()).trim()))
        .sum();
  }

  private static void setFreeSeats(String table, int freeSeats) {
    fleet
        .client
        .genericKubernetesResources("pitboss.dev/v1alpha1", "Table")
        .inNamespace("default")
        .withName(table)
        .patch(
            PatchContext.of(PatchType.JSON_MERGE),
            "{\"spec\":{\"scaling\":{\"freeSeats\":" + freeSeats + "}}}");
  }

  @Test
  void aTableWithTooManySeatsIsRejectedWithTheApiServersMessage() {
    var bad =
        Serialization.unmarshal(
            """
            apiVersion: pitboss.dev/v1alpha1
            kind: Table
            metadata:
              name: e2e-bad
              namespace: default
            spec:
              game: nlhe
              stakes: {smallBlind: 50, bigBlind: 100, currency: EUR}
              seats: 11
              buyIn: {min: 4000, max: 20000}
              region: local
              scaling: {minTables: 1, maxTables: 2, freeSeats: 0}
            """,
            GenericKubernetesResource.class);
    assertThatThrownBy(() -> fleet.client.resource(bad).create())
        .isInstanceOf(KubernetesClientException.class)
        .hasMessageContaining("spec.seats")
        .hasMessageContaining("should be less than or equal to 10");
  }
}
