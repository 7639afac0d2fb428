package dev.pitboss.operator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pitboss.agones.standin.FakeAgonesController;
import dev.pitboss.crds.Game;
import dev.pitboss.crds.Tournament;
import dev.pitboss.crds.TournamentPhase;
import dev.pitboss.crds.TournamentSpec;
import dev.pitboss.crds.TournamentStatus;
import dev.pitboss.testbed.ManualClock;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Tournaments on the real API server: the phases follow the clock, tables follow the entrants and
 * the players left, and cancel or delete release the held buy-ins through the wallet port.
 */
class TournamentOperatorIT {
  static final String NS = "default";
  static Cluster cluster;
  static FakeAgonesController agones;
  static PitbossOperator operator;
  static final RecordingHolds holds = new RecordingHolds();
  static final ManualClock clock = new ManualClock(Instant.parse("2026-11-22T10:00:00Z"));

  @BeforeAll
  static void start() {
    cluster = new Cluster();
    agones = new FakeAgonesController(cluster.client);
    operator = new PitbossOperator(cluster.client, TestConfig.defaults(), holds, clock);
    operator.start();
  }

  @AfterAll
  static void stop() throws Exception {
    if (operator != null) operator.close();
    if (agones != null) agones.close();
    if (cluster != null) cluster.close();
  }

  static Tournament tournament(String name, Instant opensAt, Instant start, int minPlayers) {
    var t = new Tournament();
    t.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(NS).build());
    t.setSpec(
        new TournamentSpec(
            Game.NLHE,
            new TournamentSpec.Entry(1000, 100, "EUR"),
            10000,
            List.of(
                new TournamentSpec.BlindLevel(25, 50, 0, 10),
                new TournamentSpec.BlindLevel(50, 100, 10, 10)),
            9,
            new TournamentSpec.Players(minPlayers, 1000),
            new TournamentSpec.Registration(opensAt == null ? null : opensAt.toString(), null),
            List.of(50, 30, 20),
            "eu-west",
            start.toString(),
            null,
            null));
    return t;
  }

  static Tournament await(String name, Predicate<Tournament> condition) {
    return cluster
        .client
        .resources(Tournament.class)
        .inNamespace(NS)
        .withName(name)
        .waitUntilCondition(
            t -> t != null && t.getStatus() != null && condition.test(t), 60, TimeUnit.SECONDS);
  }

  /** What the matchmaker does: report entrants and players left on the status. */
  static void report(String name, Integer entrants, Integer playersLeft) {
    for (int attempt = 0; ; attempt++) {
      try {
        reportOnce(name, entrants, playersLeft);
        return;
      } catch (io.fabric8.kubernetes.client.KubernetesClientException e) {
        if (e.getCode() != 409 || attempt > 20) throw e; // the operator wrote first: re-read
      }
    }
  }

  static void reportOnce(String name, Integer entrants, Integer playersLeft) {
    cluster
        .client
        .resources(Tournament.class)
        .inNamespace(NS)
        .withName(name)
        .editStatus(
            t -> {
              var s = t.getStatus();
              t.setStatus(
                  new TournamentStatus(
                      s.observedGeneration(),
                      s.phase(),
                      entrants,
                      playersLeft,
                      s.currentLevel(),
                      s.tables(),
                      s.prizePool(),
                      s.startedAt(),
                      s.placements(),
                      s.conditions()));
              return t;
            });
  }

  static List<String> hosted(String name) {
    return agones.tablesByServer(NS).values().stream()
        .flatMap(List::stream)
        .filter(id -> id.startsWith("tournament/default/" + name + "/"))
        .sorted()
        .toList();
  }

  /**
   * The clock moves on: the operator reconciles on a change of the resource (here an annotation)
   * and reads the time from the clock it was given.
   */
  static void advance(String name, Duration by) {
    clock.advance(by);
    cluster
        .client
        .resources(Tournament.class)
        .inNamespace(NS)
        .withName(name)
        .patch(
            PatchContext.of(PatchType.JSON_MERGE),
            "{\"metadata\":{\"annotations\":{\"test.pitboss.dev/clock\":\""
                + clock.instant()
                + "\"}}}");
  }

  @Test
  void aTournamentWalksThroughItsPhasesOnSchedule() {
    var now = clock.instant();
    cluster
        .client
        .resource(tournament("mtt", now.plusSeconds(3600), now.plusSeconds(7200), 2))
        .create();

    await("mtt", t -> t.getStatus().phase() == TournamentPhase.Scheduled);
    advance("mtt", Duration.ofHours(1));
    await("mtt", t -> t.getStatus().phase() == TournamentPhase.Registering);
    report("mtt", 20, null);
    advance("mtt", Duration.ofHours(1));
    var running =
        await(
            "mtt",
            t -> t.getStatus().phase() == TournamentPhase.Running && t.getStatus().tables() == 3);
    assertThat(running.getStatus().prizePool().amount()).isEqualTo(20_000);
    assertThat(running.getStatus().currentLevel()).isEqualTo(1);
    assertThat(running.getStatus().entrants()).isEqualTo(20);
    assertThat(hosted("mtt")).hasSize(3);
    advance("mtt", Duration.ofMinutes(10));
    assertThat(await("mtt", t -> t.getStatus().currentLevel() == 2).getStatus().currentLevel())
        .isEqualTo(2);

    // The matchmaker broke a table: 10 players left fit on 2 tables.
    report("mtt", 20, 10);
    await("mtt", t -> t.getStatus().tables() == 2);
    assertThat(hosted("mtt")).hasSize(2);

    report("mtt", 20, 1);
    var done =
        await(
            "mtt",
            t -> t.getStatus().phase() == TournamentPhase.Completed && t.getStatus().tables() == 0);
    assertThat(hosted("mtt")).isEmpty();
    assertThat(done.getStatus().entrants()).isEqualTo(20);
    assertThat(holds.releases).noneMatch(r -> r.tournamentKey().equals("tournament/default/mtt/"));
  }

  @Test
  void cancelAndDeleteReleaseTheHeldBuyIns() {
    var now = clock.instant();
    cluster.client.resource(tournament("sng", null, now.plusSeconds(36_000), 2)).create();
    var registering = await("sng", t -> t.getStatus().phase() == TournamentPhase.Registering);
    report("sng", 5, null);
    var uid = registering.getMetadata().getUid();

    Cluster.retryOnConflict(
        () ->
            cluster
                .client
                .resources(Tournament.class)
                .inNamespace(NS)
                .withName("sng")
                .edit(
                    t -> {
                      var s = t.getSpec();
                      t.setSpec(
                          new TournamentSpec(
                              s.game(),
                              s.buyIn(),
                              s.startingStack(),
                              s.blinds(),
                              s.seats(),
                              s.players(),
                              s.registration(),
                              s.payouts(),
                              s.region(),
                              s.startTime(),
                              true,
                              s.actionSeconds()));
                      return t;
                    }));
    await("sng", t -> t.getStatus().phase() == TournamentPhase.Cancelled);
    assertThat(holds.releases)
        .contains(new RecordingHolds.Release("tournament/default/sng/", "cancel:" + uid));

    cluster.client.resources(Tournament.class).inNamespace(NS).withName("sng").delete();
    cluster
        .client
        .resources(Tournament.class)
        .inNamespace(NS)
        .withName("sng")
        .waitUntilCondition(t -> t == null, 30, TimeUnit.SECONDS);
    assertThat(holds.releases)
        .contains(new RecordingHolds.Release("tournament/default/sng/", "delete:" + uid));
  }

  /**
   * With the wallet down nothing hangs silently: a condition and a Warning event say the buy-ins
   * are still held; the Tournament stays until a release succeeds, or until a platform operator
   * sets the annotation that removes the finalizer deliberately (recorded in an event).
   */
  @Test
  void unreleasableBuyInsShowAndOnlyAnAnnotationLetsTheTournamentGo() {
    cluster
        .client
        .resource(tournament("stuck", null, clock.instant().plusSeconds(36_000), 2))
        .create();
    await("stuck", t -> t.getStatus().phase() == TournamentPhase.Registering);
    holds.failWith("wallet unreachable");
    try {
      var named = cluster.client.resources(Tournament.class).inNamespace(NS).withName("stuck");
      named.delete();
      var stuck =
          await(
              "stuck",
              t ->
                  t.getStatus().conditions().stream()
                      .anyMatch(
                          c ->
                              c.getType().equals(TournamentReconciler.BUY_INS_RELEASED)
                                  && c.getStatus().equals("False")
                                  && c.getMessage().contains("wallet unreachable")));
      assertThat(stuck.getMetadata().getDeletionTimestamp()).isNotNull();
      assertThat(warnings("stuck")).contains("BuyInsNotReleased");

      named.edit(
          t -> {
            t.getMetadata()
                .getAnnotations()
                .put(TournamentReconciler.SKIP_RELEASE, "settled by hand, ticket OPS-1");
            return t;
          });
      named.waitUntilCondition(t -> t == null, 30, TimeUnit.SECONDS);
      assertThat(warnings("stuck")).contains("BuyInReleaseSkipped");
    } finally {
      holds.failWith(null);
    }
  }

  @Test
  void aCancelThatCannotReleaseSaysSoAndCompletesOnceTheWalletIsBack() {
    cluster
        .client
        .resource(tournament("later", null, clock.instant().plusSeconds(36_000), 2))
        .create();
    var registering = await("later", t -> t.getStatus().phase() == TournamentPhase.Registering);
    holds.failWith("wallet unreachable");
    try {
      cluster
          .client
          .resources(Tournament.class)
          .inNamespace(NS)
          .withName("later")
          .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"spec\":{\"cancelled\":true}}");
      await(
          "later",
          t ->
              t.getStatus().phase() == TournamentPhase.Registering
                  && t.getStatus().conditions().stream()
                      .anyMatch(c -> c.getType().equals(TournamentReconciler.BUY_INS_RELEASED)));
      assertThat(warnings("later")).contains("BuyInsNotReleased");
    } finally {
      holds.failWith(null);
    }
    advance("later", Duration.ZERO);
    var cancelled = await("later", t -> t.getStatus().phase() == TournamentPhase.Cancelled);
    assertThat(cancelled.getStatus().conditions())
        .noneMatch(c -> c.getType().equals(TournamentReconciler.BUY_INS_RELEASED));
    assertThat(holds.releases)
        .contains(
            new RecordingHolds.Release(
                "tournament/default/later/", "cancel:" + registering.getMetadata().getUid()));
  }

  static List<String> warnings(String name) {
    return cluster.client.v1().events().inNamespace(NS).list().getItems().stream()
        .filter(e -> name.equals(e.getInvolvedObject().getName()))
        .filter(e -> "Warning".equals(e.getType()))
        .map(e -> e.getReason())
        .toList();
  }

  @Test
  void deletingARegisteringTournamentReleasesItsHoldsFirst() {
    cluster
        .client
        .resource(tournament("gone", null, clock.instant().plusSeconds(36_000), 2))
        .create();
    var t = await("gone", x -> x.getStatus().phase() == TournamentPhase.Registering);
    cluster.client.resources(Tournament.class).inNamespace(NS).withName("gone").delete();
    cluster
        .client
        .resources(Tournament.class)
        .inNamespace(NS)
        .withName("gone")
        .waitUntilCondition(x -> x == null, 30, TimeUnit.SECONDS);
    assertThat(holds.releases)
        .contains(
            new RecordingHolds.Release(
                "tournament/default/gone/", "delete:" + t.getMetadata().getUid()));
  }

  @Test
  void tooFewEntrantsAtTheStartCancelsAndReleases() {
    cluster.client.resource(tournament("thin", null, clock.instant().plusSeconds(60), 4)).create();
    var registering = await("thin", t -> t.getStatus().phase() == TournamentPhase.Registering);
    report("thin", 3, null);
    advance("thin", Duration.ofSeconds(60));
    var cancelled = await("thin", t -> t.getStatus().phase() == TournamentPhase.Cancelled);
    assertThat(cancelled.getStatus().conditions().getFirst().getMessage())
        .contains("not enough entrants");
    assertThat(holds.releases)
        .contains(
            new RecordingHolds.Release(
                "tournament/default/thin/", "cancel:" + registering.getMetadata().getUid()));
  }
}
