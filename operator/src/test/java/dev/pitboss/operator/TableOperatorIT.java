package dev.pitboss.operator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pitboss.crds.Table;
import dev.pitboss.crds.TablePhase;
import dev.pitboss.crds.TableSpec;
import dev.pitboss.crds.agones.Fleet;
import dev.pitboss.crds.agones.FleetAutoscaler;
import dev.pitboss.crds.agones.GameServer;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A Table on the real API server, the operator in-process, Agones played by the test helper. */
class TableOperatorIT {
  static final String NS = "default";
  static Cluster cluster;
  static FakeAgonesController agones;
  static PitbossOperator operator;

  @BeforeAll
  static void start() {
    cluster = new Cluster();
    agones = new FakeAgonesController(cluster.client);
    operator = startOperator();
  }

  static PitbossOperator startOperator() {
    var started =
        new PitbossOperator(
            cluster.client, TestConfig.defaults(), new RecordingHolds(), Clock.systemUTC());
    started.start();
    return started;
  }

  @AfterAll
  static void stop() throws Exception {
    if (operator != null) operator.close();
    if (agones != null) agones.close();
    if (cluster != null) cluster.close();
  }

  static Table table(String name, String region, int min, int max, int freeSeats) {
    var table = new Table();
    table.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(NS).build());
    table.setSpec(
        new TableSpec(
            dev.pitboss.crds.Game.NLHE,
            new TableSpec.Stakes(50, 100, "EUR", "€0.50/€1"),
            6,
            new TableSpec.BuyIn(4000, 20000),
            region,
            new TableSpec.Scaling(min, max, freeSeats),
            null,
            null));
    return table;
  }

  static Table awaitTable(String name, Predicate<Table> condition) {
    return cluster
        .client
        .resources(Table.class)
        .inNamespace(NS)
        .withName(name)
        .waitUntilCondition(t -> t != null && condition.test(t), 60, TimeUnit.SECONDS);
  }

  static boolean converged(Table t, int open) {
    var s = t.getStatus();
    return s != null
        && s.phase() == TablePhase.Ready
        && s.openTables() == open
        && s.observedGeneration() == t.getMetadata().getGeneration()
        && s.conditions().stream()
            .anyMatch(
                c ->
                    c.getType().equals("Ready")
                        && c.getStatus().equals("True")
                        && c.getObservedGeneration().equals(t.getMetadata().getGeneration()));
  }

  static List<String> hostedTables(String name) {
    return agones.tablesByServer(NS).values().stream()
        .flatMap(List::stream)
        .filter(id -> id.startsWith("table/default/" + name + "/"))
        .sorted()
        .toList();
  }

  @Test
  void createScaleAndDeleteATable() throws Exception {
    cluster.client.resource(table("cash", "eu-west", 2, 6, 4)).create();

    var ready = awaitTable("cash", t -> converged(t, 2));
    assertThat(ready.getStatus().freeSeats()).isEqualTo(12);
    assertThat(ready.getStatus().placements())
        .extracting(p -> p.table())
        .containsExactly("table/default/cash/0", "table/default/cash/1");
    assertThat(hostedTables("cash"))
        .containsExactly("table/default/cash/0", "table/default/cash/1");
    var fleet =
        cluster.client.resources(Fleet.class).inNamespace(NS).withName("pitboss-eu-west").get();
    assertThat(fleet.getSpec().template().spec().lists()).containsKeys("tables", "players");
    var scaler =
        cluster
            .client
            .resources(FleetAutoscaler.class)
            .inNamespace(NS)
            .withName("pitboss-eu-west")
            .get();
    assertThat(scaler.getSpec().fleetName()).isEqualTo("pitboss-eu-west");
    assertThat(scaler.getSpec().policy().type()).isEqualTo("List");
    // High density: both tables share one game server with room for 20.
    assertThat(ready.getStatus().placements())
        .extracting(p -> p.gameServer())
        .containsOnly(ready.getStatus().placements().getFirst().gameServer());
    assertThat(events("cash")).contains("TablePlaced", "FleetEnsured");

    // Scale up through the free-seat target: 3 players at table 0 -> 9 free < 16 wanted.
    agones.seat(NS, "table/default/cash/0", 1);
    agones.seat(NS, "table/default/cash/0", 2);
    agones.seat(NS, "table/default/cash/0", 3);
    edit("cash", new TableSpec.Scaling(2, 6, 16));
    var scaled = awaitTable("cash", t -> converged(t, 4));
    assertThat(scaled.getStatus().seatedPlayers()).isEqualTo(3);
    assertThat(scaled.getStatus().freeSeats()).isEqualTo(21);

    // Scale down to nothing wanted: empties close, the table with players stays open.
    edit("cash", new TableSpec.Scaling(0, 6, 0));
    var down = awaitTable("cash", t -> converged(t, 1));
    assertThat(down.getStatus().placements())
        .extracting(p -> p.table())
        .containsExactly("table/default/cash/0");
    assertThat(hostedTables("cash")).containsExactly("table/default/cash/0");
    assertThat(events("cash")).contains("TableClosed");

    // Deleting waits for the seated players to leave, then everything goes away.
    cluster.client.resources(Table.class).inNamespace(NS).withName("cash").delete();
    Thread.sleep(2_000);
    assertThat(cluster.client.resources(Table.class).inNamespace(NS).withName("cash").get())
        .isNotNull();
    assertThat(hostedTables("cash")).containsExactly("table/default/cash/0");
    for (int seat = 1; seat <= 3; seat++) agones.unseat(NS, "table/default/cash/0", seat);
    cluster
        .client
        .resources(Table.class)
        .inNamespace(NS)
        .withName("cash")
        .waitUntilCondition(t -> t == null, 60, TimeUnit.SECONDS);
    assertThat(hostedTables("cash")).isEmpty();
    cluster
        .client
        .resources(Fleet.class)
        .inNamespace(NS)
        .withName("pitboss-eu-west")
        .waitUntilCondition(f -> f == null, 30, TimeUnit.SECONDS);
    assertThat(
            cluster
                .client
                .resources(FleetAutoscaler.class)
                .inNamespace(NS)
                .withName("pitboss-eu-west")
                .get())
        .isNull();
  }

  @Test
  void reRunningAReconcileChangesNothing() throws Exception {
    cluster.client.resource(table("steady", "us-east", 3, 5, 2)).create();
    var converged = awaitTable("steady", t -> converged(t, 3));
    Thread.sleep(1_500); // let the follow-up reconciles settle
    var before = snapshot("steady");

    // A fresh operator reconciles every resource from scratch on start.
    operator.close();
    operator = startOperator();
    var deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (reconciles(operator) == 0 && System.nanoTime() < deadline) Thread.sleep(100);
    assertThat(reconciles(operator)).isPositive();
    Thread.sleep(2_000);

    assertThat(snapshot("steady")).isEqualTo(before);
    assertThat(converged.getStatus().openTables()).isEqualTo(3);
  }

  @Test
  void withoutCapacityTheTableSaysSoAndRecovers() {
    agones.stopScaling();
    try {
      cluster.client.resource(table("starved", "ap-south", 2, 4, 0)).create();
      awaitTable(
          "starved", t -> t.getStatus() != null && t.getStatus().phase() == TablePhase.NoCapacity);
      assertThat(events("starved")).contains("NoCapacity");
    } finally {
      agones.resumeScaling();
    }
    awaitTable("starved", t -> converged(t, 2));
  }

  static double reconciles(PitbossOperator op) {
    return op.metrics().registry.scrape().stream()
        .filter(m -> m.getMetadata().getName().equals("pitboss_operator_reconciles"))
        .flatMap(m -> m.getDataPoints().stream())
        .mapToDouble(
            d ->
                ((io.prometheus.metrics.model.snapshots.CounterSnapshot.CounterDataPointSnapshot) d)
                    .getValue())
        .sum();
  }

  static List<String> snapshot(String name) {
    var resources = new java.util.ArrayList<HasMetadata>();
    resources.add(cluster.client.resources(Table.class).inNamespace(NS).withName(name).get());
    resources.addAll(cluster.client.resources(Fleet.class).inNamespace(NS).list().getItems());
    resources.addAll(
        cluster.client.resources(FleetAutoscaler.class).inNamespace(NS).list().getItems());
    resources.addAll(cluster.client.resources(GameServer.class).inNamespace(NS).list().getItems());
    return resources.stream()
        .map(
            r ->
                r.getKind()
                    + "/"
                    + r.getMetadata().getName()
                    + "@"
                    + r.getMetadata().getResourceVersion())
        .sorted()
        .toList();
  }

  static void edit(String name, TableSpec.Scaling scaling) {
    Cluster.retryOnConflict(() -> editOnce(name, scaling));
  }

  static void editOnce(String name, TableSpec.Scaling scaling) {
    cluster
        .client
        .resources(Table.class)
        .inNamespace(NS)
        .withName(name)
        .edit(
            t -> {
              var s = t.getSpec();
              t.setSpec(
                  new TableSpec(
                      s.game(),
                      s.stakes(),
                      s.seats(),
                      s.buyIn(),
                      s.region(),
                      scaling,
                      s.rake(),
                      s.actionSeconds()));
              return t;
            });
  }

  static List<String> events(String name) {
    return cluster.client.v1().events().inNamespace(NS).list().getItems().stream()
        .filter(e -> name.equals(e.getInvolvedObject().getName()))
        .map(e -> e.getReason())
        .toList();
  }
}
