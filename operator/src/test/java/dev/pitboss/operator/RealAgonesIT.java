package dev.pitboss.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.pitboss.agones.real.AgonesBin;
import dev.pitboss.agones.real.RealAgones;
import dev.pitboss.crds.Table;
import dev.pitboss.crds.TableRules;
import dev.pitboss.crds.TableSpec;
import dev.pitboss.crds.agones.AgonesList;
import dev.pitboss.crds.agones.Fleet;
import dev.pitboss.crds.agones.FleetAutoscaler;
import dev.pitboss.crds.agones.GameServer;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The real-Agones tier: the operator's scenarios against Agones v1.60.0's own controller,
 * extensions (webhooks and the allocation API) and sdk-server, run out of cluster against the test
 * bed's kube-apiserver. Agones cannot be built from a registry here, so a developer builds the
 * three binaries by hand outside the repository and names their folder in {@code AGONES_BIN}
 * (operator/README.md, "The real-Agones tier"). Without it the tier is skipped, saying how to
 * enable it.
 */
class RealAgonesIT {
  static final String NS = "default";

  static Cluster cluster;
  static RealAgones agones;
  static PitbossOperator operator;

  static final String HOW_TO_ENABLE =
      "real-Agones tier skipped: AGONES_BIN is not set. Build Agones "
          + Cluster.AGONES_VERSION
          + "'s controller, extensions and sdk-server by hand outside the repository and set"
          + " AGONES_BIN to their folder (operator/README.md, 'The real-Agones tier').";

  @BeforeAll
  static void start() throws Exception {
    // A folder without one of the binaries fails here, naming it.
    var bin = AgonesBin.fromEnvironment();
    if (bin.isEmpty()) {
      // Said in the build log too: a skipped class is easy to miss in a green run.
      System.err.println(HOW_TO_ENABLE);
      return;
    }
    cluster = new Cluster();
    agones = cluster.realAgones(bin.get());
    operator =
        new PitbossOperator(
            cluster.client,
            TestConfig.defaults().withDevAddress("127.0.0.1"),
            new RecordingHolds(),
            Clock.systemUTC());
    operator.start();
  }

  @AfterAll
  static void stop() throws Exception {
    if (operator != null) operator.close();
    if (agones != null) agones.close();
    if (cluster != null) cluster.close();
  }

  /**
   * The whole placement flow on Agones itself: the Fleet and its List-policy FleetAutoscaler
   * accepted by Agones' webhooks, tables placed through real allocations (with the rules annotation
   * on the GameServer), closed, reopened, and the Fleet removed with the last Table.
   */
  @Test
  void tablesArePlacedClosedReopenedAndRemovedThroughTheRealAgones() {
    assumeTrue(agones != null, HOW_TO_ENABLE);
    var table = TableOperatorIT.table("real", "eu-west", 2, 4, 0);
    cluster.client.resource(table).create();
    var placed = awaitTable(t -> TableOperatorIT.converged(t, 2));
    assertThat(placed.getStatus().placements())
        .allSatisfy(p -> assertThat(p.port()).isEqualTo(7654));
    var fleets = cluster.client.resources(Fleet.class).inNamespace(NS).withName("pitboss-eu-west");
    assertThat(fleets.get().getSpec().unknown()).containsKey("strategy");
    assertThat(
            cluster
                .client
                .resources(FleetAutoscaler.class)
                .inNamespace(NS)
                .withName("pitboss-eu-west")
                .get()
                .getSpec()
                .policy()
                .type())
        .isEqualTo("List");
    var owner = "table/default/real/";
    var host = host("table/default/real/0");
    assertThat(host.getMetadata().getAnnotations())
        .containsEntry(
            TableRules.annotationKey(owner),
            Serialization.asJson(TableRules.cash(owner, table.getSpec())));

    // A second operator pass finds the Fleet as it wants it, Agones' defaults included.
    assertThat(
            new RegionFleets(cluster.client, TestConfig.defaults().withDevAddress("127.0.0.1"))
                .ensure(NS, "eu-west"))
        .isEmpty();

    edit(new TableSpec.Scaling(1, 4, 0));
    awaitTable(t -> TableOperatorIT.converged(t, 1));
    assertThat(hosted()).containsExactly("table/default/real/0");
    edit(new TableSpec.Scaling(2, 4, 0));
    awaitTable(t -> TableOperatorIT.converged(t, 2));
    assertThat(hosted()).containsExactly("table/default/real/0", "table/default/real/1");

    // A player at table 1 (written as the game server's SDK writes it): scaling to nothing closes
    // table 0 only, and deleting the Table waits until the player leaves.
    players("table/default/real/1", List.of("table/default/real/1#3"));
    edit(new TableSpec.Scaling(0, 4, 0));
    awaitTable(t -> TableOperatorIT.converged(t, 1));
    assertThat(hosted()).containsExactly("table/default/real/1");
    cluster.client.resources(Table.class).inNamespace(NS).withName("real").delete();
    await()
        .during(Duration.ofSeconds(2))
        .atMost(Duration.ofSeconds(30))
        .until(() -> hosted().equals(List.of("table/default/real/1")));
    players("table/default/real/1", List.of());

    cluster
        .client
        .resources(Table.class)
        .inNamespace(NS)
        .withName("real")
        .waitUntilCondition(t -> t == null, 120, TimeUnit.SECONDS);
    fleets.waitUntilCondition(f -> f == null, 120, TimeUnit.SECONDS);
  }

  static Table awaitTable(Predicate<Table> condition) {
    return cluster
        .client
        .resources(Table.class)
        .inNamespace(NS)
        .withName("real")
        .waitUntilCondition(t -> t != null && condition.test(t), 180, TimeUnit.SECONDS);
  }

  static void edit(TableSpec.Scaling scaling) {
    Cluster.retryOnConflict(
        () ->
            cluster
                .client
                .resources(Table.class)
                .inNamespace(NS)
                .withName("real")
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
                    }));
  }

  /** What the SDK's list calls do: the players list of the server hosting {@code tableId}. */
  static void players(String tableId, List<String> values) {
    Cluster.retryOnConflict(
        () -> {
          var server = host(tableId);
          var status = server.getStatus();
          var players = status.list(GameServers.PLAYERS);
          server.setStatus(
              status.withList(
                  GameServers.PLAYERS,
                  new AgonesList(players.capacity(), values, players.unknown())));
          cluster.client.resource(server).update();
        });
  }

  static GameServer host(String tableId) {
    return cluster.client.resources(GameServer.class).inNamespace(NS).list().getItems().stream()
        .filter(s -> s.getStatus() != null)
        .filter(s -> s.getStatus().list(GameServers.TABLES).valuesOrEmpty().contains(tableId))
        .findFirst()
        .orElseThrow();
  }

  static List<String> hosted() {
    return cluster.client.resources(GameServer.class).inNamespace(NS).list().getItems().stream()
        .filter(s -> s.getStatus() != null)
        .flatMap(s -> s.getStatus().list(GameServers.TABLES).valuesOrEmpty().stream())
        .filter(id -> id.startsWith("table/default/real/"))
        .sorted()
        .toList();
  }
}
