package dev.pitboss.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.pitboss.agones.standin.FakeAgonesController;
import dev.pitboss.crds.Table;
import dev.pitboss.crds.TablePhase;
import dev.pitboss.crds.TableRules;
import dev.pitboss.crds.TableSpec;
import dev.pitboss.crds.agones.Fleet;
import dev.pitboss.crds.agones.FleetAutoscaler;
import dev.pitboss.crds.agones.GameServer;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
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
    await().atMost(Duration.ofSeconds(30)).until(() -> events("cash").contains("Draining"));
    await()
        .during(Duration.ofSeconds(2))
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                cluster.client.resources(Table.class).inNamespace(NS).withName("cash").get() != null
                    && hostedTables("cash").equals(List.of("table/default/cash/0")));
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
  void reRunningAReconcileChangesNothing() {
    cluster.client.resource(table("steady", "us-east", 3, 5, 2)).create();
    awaitTable("steady", t -> converged(t, 3));
    // Settled: nothing changes for two seconds (the follow-up reconciles are done).
    var settled = new AtomicReference<>(snapshot("steady"));
    await()
        .during(Duration.ofSeconds(2))
        .atMost(Duration.ofSeconds(30))
        .until(
            () -> {
              var now = snapshot("steady");
              return now.equals(settled.getAndSet(now));
            });
    var before = settled.get();

    // A fresh operator reconciles every resource from scratch on start.
    operator.close();
    operator = startOperator();
    await().atMost(Duration.ofSeconds(30)).until(() -> reconciles(operator) >= 1);
    await()
        .during(Duration.ofSeconds(2))
        .atMost(Duration.ofSeconds(5))
        .until(() -> snapshot("steady").equals(before));
    var after = cluster.client.resources(Table.class).inNamespace(NS).withName("steady").get();
    assertThat(after.getStatus().openTables()).isEqualTo(3);
    assertThat(hostedTables("steady")).hasSize(3);
  }

  @Test
  void withoutCapacityTheTableSaysSoAndRecovers() {
    agones.stopScaling();
    try {
      cluster.client.resource(table("starved", "ap-south", 2, 4, 0)).create();
      awaitTable(
          "starved", t -> t.getStatus() != null && t.getStatus().phase() == TablePhase.NoCapacity);
      assertThat(events("starved")).contains("NoCapacity");
      // Repeated on every retry, it stays one Event whose count rises.
      await()
          .atMost(Duration.ofSeconds(30))
          .until(
              () ->
                  noCapacityEvents().stream()
                      .anyMatch(e -> e.getCount() != null && e.getCount() >= 2));
      assertThat(noCapacityEvents()).hasSize(1);
    } finally {
      agones.resumeScaling();
    }
    awaitTable("starved", t -> converged(t, 2));
  }

  @Test
  void theAllocatedGameServerCarriesTheTablesRules() {
    var table = table("rules", "eu-central", 1, 1, 0);
    cluster.client.resource(table).create();
    awaitTable("rules", t -> converged(t, 1));
    var server = agones.hostOf(NS, "table/default/rules/0").orElseThrow();
    var owner = "table/default/rules/";
    var annotations = server.getMetadata().getAnnotations();
    assertThat(annotations).containsKey(TableRules.annotationKey(owner));
    assertThat(
            Serialization.unmarshal(
                annotations.get(TableRules.annotationKey(owner)), TableRules.class))
        .isEqualTo(TableRules.cash(owner, table.getSpec()));
    assertThat(server.getMetadata().getLabels()).containsEntry(Allocator.HOSTS_TABLES, "true");
  }

  /**
   * Closing a table removes one value from the GameServer and touches nothing else: Agones does not
   * validate GameServer updates, so a write that dropped a field would be taken as it is.
   */
  @Test
  void closingATableTouchesNothingElseOnTheGameServer() {
    cluster.client.resource(table("tidy", "af-south", 2, 2, 0)).create();
    awaitTable("tidy", t -> converged(t, 2));
    var host = agones.hostOf(NS, "table/default/tidy/1").orElseThrow();
    var before = comparable(host);
    assertThat(host.getSpec().ports().getFirst().hostPort()).isNotNull();
    assertThat(host.getSpec().unknown()).containsKeys("health", "sdkServer");
    assertThat(host.getStatus().unknown()).containsKey("addresses");

    edit("tidy", new TableSpec.Scaling(1, 2, 0));
    awaitTable("tidy", t -> converged(t, 1));
    var after =
        cluster
            .client
            .resources(GameServer.class)
            .inNamespace(NS)
            .withName(host.getMetadata().getName())
            .get();
    var expected = before.deepCopy();
    var tables =
        (com.fasterxml.jackson.databind.node.ArrayNode) expected.at("/status/lists/tables/values");
    for (int i = tables.size() - 1; i >= 0; i--) {
      if (tables.get(i).asText().equals("table/default/tidy/1")) tables.remove(i);
    }
    assertThat(comparable(after)).isEqualTo(expected);
  }

  /** The GameServer as JSON without what the API server changes on every write. */
  private static com.fasterxml.jackson.databind.node.ObjectNode comparable(GameServer server) {
    var tree =
        (com.fasterxml.jackson.databind.node.ObjectNode)
            Serialization.unmarshal(
                Serialization.asJson(server), com.fasterxml.jackson.databind.JsonNode.class);
    var meta = (com.fasterxml.jackson.databind.node.ObjectNode) tree.get("metadata");
    meta.remove(List.of("resourceVersion", "generation", "managedFields"));
    return tree;
  }

  /**
   * The close's JSON Patch tests what the operator checked: a player who sits down between the read
   * and the write makes it fail (422) and the table stays; a table placed on the same server
   * meanwhile does not.
   */
  @Test
  void theClosePatchFailsIfAPlayerSatDownSinceTheRead() {
    cluster.client.resource(table("racy", "eu-south", 1, 1, 0)).create();
    awaitTable("racy", t -> converged(t, 1));
    var id = "table/default/racy/0";
    var server = agones.hostOf(NS, id).orElseThrow();
    var status = server.getStatus();
    var patch =
        GameServers.removeListValue(
            GameServers.test("/status/lists/players", status.lists().get(GameServers.PLAYERS)),
            GameServers.TABLES,
            status.list(GameServers.TABLES).valuesOrEmpty().indexOf(id),
            id);
    agones.seat(NS, id, 4);
    var named =
        cluster
            .client
            .resources(GameServer.class)
            .inNamespace(NS)
            .withName(server.getMetadata().getName());
    assertThatThrownBy(() -> named.patch(PatchContext.of(PatchType.JSON), patch))
        .isInstanceOfSatisfying(
            io.fabric8.kubernetes.client.KubernetesClientException.class,
            e -> assertThat(e.getCode()).isEqualTo(422));
    assertThat(hostedTables("racy")).containsExactly(id);
    agones.unseat(NS, id, 4);
  }

  /**
   * An allocation whose answer was lost but which Agones carried out, then retried: the same table
   * id on two game servers. The empty extra copy is closed and said in a Warning event.
   */
  @Test
  void aTablePlacedTwiceKeepsOneCopy() {
    cluster.client.resource(table("twice", "ca-central", 1, 1, 0)).create();
    awaitTable("twice", t -> converged(t, 1));
    var id = "table/default/twice/0";
    var first = agones.hostOf(NS, id).orElseThrow().getMetadata().getName();
    var other = agones.placeElsewhere(NS, id, first);
    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> events("twice").contains("DuplicateTableClosed"));
    await().atMost(Duration.ofSeconds(30)).until(() -> hostedTables("twice").equals(List.of(id)));
    // Both copies were empty: the one on the first server by name is kept, whichever came first.
    var keeper = first.compareTo(other) < 0 ? first : other;
    var dropped = keeper.equals(first) ? other : first;
    assertThat(agones.tablesByServer(NS).get(keeper)).contains(id);
    assertThat(agones.tablesByServer(NS).get(dropped)).doesNotContain(id);
  }

  @Test
  void contentionIsRetriedAtOnceAndIsNoCapacity() {
    // A region whose Fleet already has servers: an UnAllocated answer here would be NoCapacity.
    cluster.client.resource(table("first", "me-central", 1, 1, 0)).create();
    awaitTable("first", t -> converged(t, 1));
    agones.contendNext(2);
    cluster.client.resource(table("raced", "me-central", 1, 1, 0)).create();
    awaitTable("raced", t -> converged(t, 1));
    assertThat(events("raced")).contains("TablePlaced").doesNotContain("NoCapacity");
  }

  /**
   * The Fleet is compared on the fields the operator sets only: a second operator (nothing cached)
   * finds nothing to write, and a changed template is applied without losing what Agones defaulted
   * or the replicas the autoscaler owns.
   */
  @Test
  void theFleetIsWrittenOnlyWhenOurFieldsChangeAndKeepsWhatAgonesDefaulted() {
    cluster.client.resource(table("fleety", "sa-east", 1, 1, 0)).create();
    awaitTable("fleety", t -> converged(t, 1));
    var fleets = cluster.client.resources(Fleet.class).inNamespace(NS).withName("pitboss-sa-east");
    var defaulted =
        await()
            .atMost(Duration.ofSeconds(30))
            .until(fleets::get, f -> f.getSpec().unknown().containsKey("strategy"));

    assertThat(new RegionFleets(cluster.client, TestConfig.defaults()).ensure(NS, "sa-east"))
        .isEmpty();
    assertThat(fleets.get().getMetadata().getResourceVersion())
        .isEqualTo(defaulted.getMetadata().getResourceVersion());

    var config = TestConfig.withImage("ghcr.io/pitboss/game-server:next");
    assertThat(new RegionFleets(cluster.client, config).ensure(NS, "sa-east"))
        .containsExactly("updated Fleet pitboss-sa-east");
    var updated = fleets.get();
    assertThat(updated.getSpec().unknown()).containsKey("strategy");
    assertThat(updated.getSpec().template().spec().unknown()).containsKeys("health", "sdkServer");
    assertThat(updated.getSpec().replicas()).isEqualTo(defaulted.getSpec().replicas());
    assertThat(updated.getSpec().template().spec().template().toString())
        .contains("ghcr.io/pitboss/game-server:next");
    assertThat(new RegionFleets(cluster.client, config).ensure(NS, "sa-east")).isEmpty();
  }

  static List<io.fabric8.kubernetes.api.model.Event> noCapacityEvents() {
    return cluster.client.v1().events().inNamespace(NS).list().getItems().stream()
        .filter(e -> "starved".equals(e.getInvolvedObject().getName()))
        .filter(e -> "NoCapacity".equals(e.getReason()))
        .toList();
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
