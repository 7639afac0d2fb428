package dev.pitboss.operator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pitboss.agones.standin.FakeAgonesController;
import dev.pitboss.crds.Table;
import dev.pitboss.crds.TableSpec;
import dev.pitboss.crds.agones.Fleet;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.nio.file.Files;
import java.time.Clock;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The operator with exactly the rights {@code src/main/kubernetes/rbac.yaml} gives it (the API
 * server authorises with RBAC; the client impersonates the operator's ServiceAccount), leader
 * election on: a Table is placed, scaled down (a GameServer patch), deleted, and its Fleet removed.
 * Before this test the Role lacked {@code patch} on the Lease, which fabric8's elector needs, and
 * the ClusterRole lacked {@code patch} on GameServers and Fleets.
 */
class RbacIT {
  static final String SERVICE_ACCOUNT = "system:serviceaccount:pitboss:pitboss-operator";

  @Test
  void theOperatorWorksWithTheRightsItsRbacGivesIt() throws Exception {
    try (var cluster = new Cluster();
        var agones = new FakeAgonesController(cluster.client)) {
      cluster
          .client
          .namespaces()
          .resource(
              new NamespaceBuilder().withNewMetadata().withName("pitboss").endMetadata().build())
          .create();
      try (var rbac =
          Files.newInputStream(Cluster.repoFile("operator/src/main/kubernetes/rbac.yaml"))) {
        cluster.client.load(rbac).create();
      }
      var config =
          new ConfigBuilder(Config.fromKubeconfig(cluster.server.getKubeConfigYaml()))
              .withImpersonateUsername(SERVICE_ACCOUNT)
              .withImpersonateGroups(
                  "system:serviceaccounts",
                  "system:serviceaccounts:pitboss",
                  "system:authenticated")
              .build();
      try (var asOperator = new KubernetesClientBuilder().withConfig(config).build();
          var operator =
              new PitbossOperator(
                  asOperator,
                  TestConfig.defaults().withLeaderElection("pitboss", false),
                  new RecordingHolds(),
                  Clock.systemUTC())) {
        operator.start();
        var tables = cluster.client.resources(Table.class).inNamespace("default");
        cluster.client.resource(TableOperatorIT.table("rbac", "eu-west", 2, 4, 0)).create();
        tables
            .withName("rbac")
            .waitUntilCondition(
                t -> t != null && TableOperatorIT.converged(t, 2), 90, TimeUnit.SECONDS);
        Cluster.retryOnConflict(
            () ->
                tables
                    .withName("rbac")
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
                                  new TableSpec.Scaling(1, 4, 0),
                                  s.rake(),
                                  s.actionSeconds()));
                          return t;
                        }));
        tables
            .withName("rbac")
            .waitUntilCondition(
                t -> t != null && TableOperatorIT.converged(t, 1), 60, TimeUnit.SECONDS);
        tables.withName("rbac").delete();
        tables.withName("rbac").waitUntilCondition(t -> t == null, 60, TimeUnit.SECONDS);
        var fleet =
            cluster
                .client
                .resources(Fleet.class)
                .inNamespace("default")
                .withName("pitboss-eu-west");
        fleet.waitUntilCondition(f -> f == null, 60, TimeUnit.SECONDS);
        assertThat(fleet.get()).isNull();
      }
    }
  }
}
