package dev.pitboss.matchmaker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pitboss.crds.Tournament;
import dev.pitboss.wallet.v1.AccountKind;
import dev.pitboss.wallet.v1.OpenAccountRequest;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Tournaments end to end on the real Redis, wallet and kube-apiserver. The operator's part (the
 * phase, the tables it opens) is played by the test: it patches the phase as the operator would,
 * and {@link TournamentTablesStandIn} stands in for the game servers.
 */
class TournamentIT {
  static MatchmakerFixture f;

  @BeforeAll
  static void start() throws Exception {
    f =
        new MatchmakerFixture(
            "matchmaker_tournament_it", Map.of("pitboss.matchmaker.director.lock-seconds", 3));
  }

  @AfterAll
  static void stop() throws Exception {
    f.close();
  }

  void tournament(String name, int min, int max, String lateClosesAt) {
    var yaml =
        """
        apiVersion: pitboss.dev/v1alpha1
        kind: Tournament
        metadata: {name: %s, namespace: %s}
        spec:
          game: nlhe
          buyIn: {amount: 1000, fee: 100, currency: EUR}
          startingStack: 10000
          blinds:
            - {smallBlind: 50, bigBlind: 100, ante: 0, minutes: 10}
            - {smallBlind: 100, bigBlind: 200, ante: 0, minutes: 10}
          seats: 9
          players: {min: %d, max: %d}
          registration: {lateClosesAt: "%s"}
          payouts: [50, 30, 20]
          region: local
          startTime: "%s"
        """
            .formatted(
                name,
                f.namespace,
                min,
                max,
                lateClosesAt,
                Instant.now().plus(Duration.ofHours(1)).toString());
    f.k8s.resource(yaml).create();
    await().until(() -> f.bean(Catalog.class).tournament(f.namespace, name).isPresent());
  }

  /** What the operator does at each phase change; the matchmaker only reads the phase. */
  void phase(String name, String phase) {
    f.k8s
        .resources(Tournament.class)
        .inNamespace(f.namespace)
        .withName(name)
        .subresource("status")
        .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"status\":{\"phase\":\"" + phase + "\"}}");
    await()
        .until(
            () ->
                f.bean(Catalog.class)
                    .tournament(f.namespace, name)
                    .map(
                        t ->
                            t.getStatus() != null
                                && phase.equals(String.valueOf(t.getStatus().phase())))
                    .orElse(false));
  }

  Tournament resource(String name) {
    return f.k8s.resources(Tournament.class).inNamespace(f.namespace).withName(name).get();
  }

  MatchmakerFixture.Reply register(String name, String player, String key) throws Exception {
    var request =
        java.net.http.HttpRequest.newBuilder(
                java.net.URI.create(
                    f.base() + "/v1/tournaments/" + f.namespace + "/" + name + "/registrations"))
            .POST(java.net.http.HttpRequest.BodyPublishers.noBody())
            .header("Authorization", "Bearer " + f.token(player));
    if (key != null) {
      request.header("Idempotency-Key", key);
    }
    var response = f.http.send(request.build(), java.net.http.HttpResponse.BodyHandlers.ofString());
    var json = response.body().isEmpty() ? null : MatchmakerFixture.JSON.readTree(response.body());
    return new MatchmakerFixture.Reply(response.statusCode(), "", json, response.body());
  }

  String holds(String name) throws Exception {
    return f.sql(
            "SELECT COUNT(*) FROM holds WHERE status = 'ACTIVE' AND reference LIKE 'tournament/"
                + f.namespace
                + "/"
                + name
                + "/%'")
        + "/"
        + f.sql("SELECT COALESCE(SUM(held), 0) FROM accounts")
        + "/"
        + f.redis.hlen(Keys.entrants(f.namespace + "/" + name));
  }

  void refused(MatchmakerFixture.Reply reply, int status, String code, String name, String before)
      throws Exception {
    assertThat(reply.status()).as(reply.body()).isEqualTo(status);
    assertThat(reply.json().get("type").asText()).isEqualTo(Problem.TYPE_BASE + code);
    assertThat(holds(name)).isEqualTo(before);
  }

  @Test
  void registrationIsIdempotentBoundedAndRefusesPrecisely() throws Exception {
    tournament("sng", 2, 3, Instant.now().plus(Duration.ofHours(2)).toString());
    for (var p : new String[] {"ann", "ben", "cat", "dan"}) {
      f.player(p, 5_000);
    }
    f.player("poor", 500);

    refused(register("sng", "ann", null), 409, "registration-closed", "sng", holds("sng"));
    phase("sng", "Registering");

    var first = register("sng", "ann", "k-ann-1");
    assertThat(first.status()).as(first.body()).isEqualTo(201);
    assertThat(first.json().get("hold").asText())
        .isEqualTo("tournament/" + f.namespace + "/sng/player/ann");
    var replay = register("sng", "ann", "k-ann-1");
    assertThat(replay.status()).isEqualTo(200);
    assertThat(replay.json().get("replayed").asBoolean()).isTrue();
    assertThat(f.sql("SELECT COALESCE(SUM(held), 0) FROM accounts")).isEqualTo(1_100);
    refused(register("sng", "ann", null), 409, "already-registered", "sng", holds("sng"));
    refused(register("sng", "poor", null), 402, "insufficient-funds", "sng", holds("sng"));
    refused(register("nope", "ann", null), 404, "unknown-tournament", "sng", holds("sng"));
    assertThat(register("sng", "ben", null).status()).isEqualTo(201);
    assertThat(register("sng", "cat", null).status()).isEqualTo(201);
    refused(register("sng", "dan", null), 409, "registration-full", "sng", holds("sng"));
    await()
        .until(
            () ->
                resource("sng").getStatus().entrants() != null
                    && resource("sng").getStatus().entrants() == 3);

    var left =
        f.call(
            "DELETE",
            "/v1/tournaments/" + f.namespace + "/sng/registrations/me",
            f.token("cat"),
            null);
    assertThat(left.status()).isEqualTo(204);
    assertThat(f.sql("SELECT COALESCE(SUM(held), 0) FROM accounts")).isEqualTo(2_200);
    await().until(() -> resource("sng").getStatus().entrants() == 2);
    var where =
        f.call(
            "GET",
            "/v1/tournaments/" + f.namespace + "/sng/registrations/me",
            f.token("ann"),
            null);
    assertThat(where.status()).isEqualTo(200);
    assertThat(where.json().hasNonNull("table")).isFalse();
    var notRegistered =
        f.call(
            "GET",
            "/v1/tournaments/" + f.namespace + "/sng/registrations/me",
            f.token("cat"),
            null);
    assertThat(notRegistered.status()).isEqualTo(404);

    phase("sng", "Completed");
    var late = register("sng", "dan", null);
    assertThat(late.status()).isEqualTo(409);
  }

  @Test
  void anEntrantCountTakenEarlierNeverOverwritesALaterOne() {
    tournament("race", 2, 20, Instant.now().plus(Duration.ofHours(2)).toString());
    phase("race", "Registering");
    var status =
        f.k8s
            .resources(Tournament.class)
            .inNamespace(f.namespace)
            .withName("race")
            .subresource("status");
    var counts = new java.util.concurrent.atomic.AtomicInteger();
    // This report counts 9; before it writes, another registration's report (here a plain write
    // of the status) lands with 10. Last-writer-wins would leave 9.
    f.bean(Catalog.class)
        .reportRegistered(
            f.namespace,
            "race",
            () -> {
              if (counts.getAndIncrement() == 0) {
                status.patch(
                    PatchContext.of(PatchType.JSON_MERGE),
                    "{\"status\":{\"entrants\":10,\"playersLeft\":10}}");
                return 9;
              }
              return 10;
            });
    assertThat(counts.get()).as("counted again after losing to the other writer").isEqualTo(2);
    assertThat(resource("race").getStatus().entrants()).isEqualTo(10);
    assertThat(resource("race").getStatus().playersLeft()).isEqualTo(10);
  }

  @Test
  void aStaleEntrantCountIsCorrectedSoTheDrawGetsTheTablesItNeeds() throws Exception {
    int entrants = 10;
    tournament("stale", 2, 20, Instant.now().plus(Duration.ofHours(2)).toString());
    phase("stale", "Registering");
    for (int i = 0; i < entrants; i++) {
      var p = "s" + i;
      f.player(p, 2_000);
      assertThat(register("stale", p, "reg-" + p).status()).isEqualTo(201);
    }
    // As after two registrations' reports arrived in the wrong order: the operator then starts the
    // tournament with nine entrants on record and opens one table of nine.
    f.k8s
        .resources(Tournament.class)
        .inNamespace(f.namespace)
        .withName("stale")
        .subresource("status")
        .patch(
            PatchContext.of(PatchType.JSON_MERGE),
            "{\"status\":{\"entrants\":9,\"playersLeft\":9}}");
    var owner = TableIds.tournamentOwner(f.namespace, "stale");
    var key = f.namespace + "/stale";
    try (var one = new TournamentTablesStandIn(f.redis, owner, 1, 11)) {
      phase("stale", "Running");
      await()
          .atMost(Duration.ofSeconds(30))
          .untilAsserted(
              () -> {
                assertThat(resource("stale").getStatus().entrants()).isEqualTo(entrants);
                assertThat(resource("stale").getStatus().playersLeft()).isEqualTo(entrants);
              });
      assertThat(f.redis.exists(Keys.directorState(key)))
          .as("ten entrants are not drawn onto one table of nine")
          .isFalse();
    }
    // The operator opens the second table the corrected count asks for; the draw seats everyone.
    try (var two = new TournamentTablesStandIn(f.redis, owner, 2, 11)) {
      await()
          .atMost(Duration.ofSeconds(30))
          .untilAsserted(
              () -> {
                for (int i = 0; i < entrants; i++) {
                  var where =
                      f.call(
                          "GET",
                          "/v1/tournaments/" + f.namespace + "/stale/registrations/me",
                          f.token("s" + i),
                          null);
                  assertThat(where.status()).isEqualTo(200);
                  assertThat(where.json().path("table").asText("")).startsWith(owner);
                }
              });
      assertThat(two.failure).isNull();
    }
  }

  @Test
  void aTournamentPlaysToOneWinnerThroughAMatchmakerCrashAndPaysThePool() throws Exception {
    int entrants = 90;
    tournament("mtt", 2, entrants, Instant.now().plus(Duration.ofHours(2)).toString());
    phase("mtt", "Registering");
    var players = new ArrayList<String>();
    for (int i = 0; i < entrants; i++) {
      var p = "e" + i;
      f.player(p, 2_000);
      players.add(p);
      assertThat(register("mtt", p, "reg-" + p).status()).isEqualTo(201);
    }
    var owner = TableIds.tournamentOwner(f.namespace, "mtt");
    try (var tables = new TournamentTablesStandIn(f.redis, owner, 10, 7)) {
      phase("mtt", "Running");
      await()
          .atMost(Duration.ofMinutes(2))
          .until(
              () ->
                  resource("mtt").getStatus().playersLeft() != null
                      && resource("mtt").getStatus().playersLeft() < entrants * 2 / 3);
      var where =
          f.call(
              "GET",
              "/v1/tournaments/" + f.namespace + "/mtt/registrations/me",
              f.token("e0"),
              null);
      assertThat(where.status()).isEqualTo(200);

      // Kill the matchmaker: its lock stays behind, as after kill -9; a new one takes over.
      f.bean(Directors.class).halt();
      f.stop();
      f.start();

      await()
          .atMost(Duration.ofMinutes(3))
          .untilAsserted(
              () -> {
                assertThat(tables.failure).isNull();
                assertThat(resource("mtt").getStatus().playersLeft()).isEqualTo(1);
              });
      assertThat(tables.sims.errors).isEmpty();
      assertThat(tables.sims.chips()).isEqualTo(entrants * 10_000L);
    }
    var pool =
        f.wallet
            .openAccount(
                OpenAccountRequest.newBuilder()
                    .setIdempotencyKey("look-" + UUID.randomUUID())
                    .setKind(AccountKind.ACCOUNT_KIND_PRIZE_POOL)
                    .setOwner(TableIds.tournamentOwner(f.namespace, "mtt"))
                    .setCurrency("EUR")
                    .build())
            .getAccount()
            .getAccountId();
    await().until(() -> f.account(pool).getBalanceMinorUnits() == 0);
    var results =
        f.call("GET", "/v1/lobby/tournaments/" + f.namespace + "/mtt/results", null, null).json();
    assertThat(results.get("paid").asBoolean()).isTrue();
    assertThat(results.get("prizePool").asLong()).isEqualTo(entrants * 1_000L);
    var standings = results.get("standings");
    assertThat(standings.size()).isEqualTo(entrants);
    assertThat(standings.get(0).get("place").asInt()).isEqualTo(1);
    var prizes = new java.util.HashMap<String, Long>();
    standings.forEach(s -> prizes.put(s.get("player").asText(), s.get("prize").asLong()));
    assertThat(prizes.values().stream().mapToLong(Long::longValue).sum())
        .isEqualTo(entrants * 1_000L);
    long paid = 0;
    int winners = 0;
    for (var p : players) {
      var account =
          f.wallet
              .openAccount(
                  OpenAccountRequest.newBuilder()
                      .setIdempotencyKey("look-" + UUID.randomUUID())
                      .setKind(AccountKind.ACCOUNT_KIND_PLAYER)
                      .setOwner(p)
                      .setCurrency("EUR")
                      .build())
              .getAccount();
      long won = account.getBalanceMinorUnits() - (2_000 - 1_100);
      assertThat(won).as("%s's prize as the standings show it", p).isEqualTo(prizes.get(p));
      paid += won;
      winners += won > 0 ? 1 : 0;
    }
    assertThat(paid).isEqualTo(entrants * 1_000L);
    assertThat(winners).isEqualTo(3);
    assertThat(
            f.sql(
                "SELECT COUNT(*) FROM holds WHERE status = 'ACTIVE' AND reference LIKE 'tournament/"
                    + f.namespace
                    + "/mtt/%'"))
        .isZero();
    assertThat(
            f.auditor
                .reconcile(dev.pitboss.wallet.v1.ReconcileRequest.getDefaultInstance())
                .getBalanced())
        .isTrue();
  }
}
