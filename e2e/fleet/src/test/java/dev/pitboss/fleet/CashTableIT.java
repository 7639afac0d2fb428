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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * End to end on the local fleet: every Pitboss component on its production path (operator, wallet
 * over mutual TLS, the matchmaker, game-server processes), on the real kube-apiserver, PostgreSQL
 * and Redis; Agones and the kubelet played by stand-ins. Bots take seats through the matchmaker's
 * public API.
 */
class CashTableIT {
  static Fleet fleet;

  @BeforeAll
  static void start() throws Exception {
    fleet = Fleet.start(Fleet.Options.defaults(), line -> System.out.println("[fleet] " + line));
  }

  @AfterAll
  static void stop() {
    if (fleet != null) fleet.close();
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
    var owner = "table/default/e2e-scale/";
    var lobby = "pitboss:owner:" + owner;
    fleet
        .client
        .resource(
            Serialization.unmarshal(
                """
                apiVersion: pitboss.dev/v1alpha1
                kind: Table
                metadata:
                  name: e2e-scale
                  namespace: default
                spec:
                  game: nlhe
                  stakes: {smallBlind: 50, bigBlind: 100, currency: EUR}
                  seats: 6
                  buyIn: {min: 4000, max: 20000}
                  region: local
                  scaling: {minTables: 1, maxTables: 4, freeSeats: 6}
                """,
                GenericKubernetesResource.class))
        .create();
    await().atMost(Duration.ofMinutes(2)).until(() -> fleet.redis.zcard(lobby) == 1);

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
    var owner = "table/default/e2e-crash/";
    fleet
        .client
        .resource(
            Serialization.unmarshal(
                """
                apiVersion: pitboss.dev/v1alpha1
                kind: Table
                metadata:
                  name: e2e-crash
                  namespace: default
                spec:
                  game: nlhe
                  stakes: {smallBlind: 50, bigBlind: 100, currency: EUR}
                  seats: 6
                  buyIn: {min: 4000, max: 20000}
                  region: local
                  scaling: {minTables: 1, maxTables: 1, freeSeats: 0}
                """,
                GenericKubernetesResource.class))
        .create();
    await()
        .atMost(Duration.ofMinutes(2))
        .until(() -> fleet.redis.zcard("pitboss:owner:" + owner) == 1);
    var names = java.util.List.of("crash-a", "crash-b");
    var accounts = new java.util.HashMap<String, String>();
    var seats = new java.util.HashMap<String, Matchmaker.Seat>();
    var bots = new java.util.ArrayList<Bot>();
    try {
      for (var name : names) {
        accounts.put(name, fleet.cashier.player(name, "EUR", 30_000));
        var seat = fleet.players.seat(fleet.players.token(name), "default", "e2e-crash", 10_000);
        seats.put(name, seat);
        var bot = new Bot(name, accounts.get(name), seat.url(), Bot.Style.CASH, name.hashCode());
        bots.add(bot);
        bot.join(seat.ticket());
        await().until(() -> bot.seat > 0 || !bot.errors.isEmpty());
        assertThat(bot.errors).isEmpty();
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
        // Asked again while its reservation lives, the matchmaker answers the same seat and hold
        // with a fresh ticket; the table, which recovered the seat from the ledger, seats them
        // with the chips the ledger kept and captures nothing.
        var seat = fleet.players.seat(fleet.players.token(name), "default", "e2e-crash", 10_000);
        assertThat(seat.table()).isEqualTo(seats.get(name).table());
        assertThat(seat.seat()).isEqualTo(seats.get(name).seat());
        assertThat(seat.hold()).isEqualTo(seats.get(name).hold());
        var bot =
            new Bot(name, accounts.get(name), seat.url(), Bot.Style.CASH, name.hashCode() + 1);
        bots.add(bot);
        back.add(bot);
        bot.join(seat.ticket());
        await().until(() -> bot.seat > 0 || !bot.errors.isEmpty());
        assertThat(bot.errors).isEmpty();
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
