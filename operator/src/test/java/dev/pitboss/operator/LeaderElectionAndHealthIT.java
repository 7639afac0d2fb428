package dev.pitboss.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pitboss.agones.standin.FakeAgonesController;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Two replicas on one Lease: one leads and reconciles, and the tables are placed once. The metrics
 * and health endpoints answer.
 */
class LeaderElectionAndHealthIT {

  @Test
  void twoReplicasPlaceEachTableOnceAndExposeHealthAndMetrics() throws Exception {
    var config = TestConfig.defaults().withLeaderElection("default", false);
    try (var cluster = new Cluster();
        var agones = new FakeAgonesController(cluster.client);
        var first =
            new PitbossOperator(cluster.client, config, new RecordingHolds(), Clock.systemUTC());
        var second =
            new PitbossOperator(cluster.client, config, new RecordingHolds(), Clock.systemUTC());
        var health = new HealthServer(0, first.metrics(), first::ready)) {
      first.start();
      second.start();
      cluster.client.resource(TableOperatorIT.table("duo", "eu-north", 3, 5, 0)).create();
      var lease =
          cluster
              .client
              .resources(Lease.class)
              .inNamespace("default")
              .withName(PitbossOperator.LEASE)
              .waitUntilCondition(
                  l -> l != null && l.getSpec().getHolderIdentity() != null, 60, TimeUnit.SECONDS);
      assertThat(lease.getSpec().getHolderIdentity()).isNotBlank();
      cluster
          .client
          .resources(dev.pitboss.crds.Table.class)
          .inNamespace("default")
          .withName("duo")
          .waitUntilCondition(
              t ->
                  t != null
                      && t.getStatus() != null
                      && Integer.valueOf(3).equals(t.getStatus().openTables()),
              60,
              TimeUnit.SECONDS);
      var expected = List.of("table/default/duo/0", "table/default/duo/1", "table/default/duo/2");
      await()
          .during(Duration.ofSeconds(2))
          .atMost(Duration.ofSeconds(10))
          .until(
              () ->
                  agones.tablesByServer("default").values().stream()
                      .flatMap(List::stream)
                      .filter(id -> id.startsWith("table/default/duo/"))
                      .sorted()
                      .toList()
                      .equals(expected));
      // Only the Lease holder reconciles.
      assertThat(List.of(TableOperatorIT.reconciles(first), TableOperatorIT.reconciles(second)))
          .containsOnlyOnce(0.0);

      var http = HttpClient.newHttpClient();
      var url = "http://127.0.0.1:" + health.port();
      assertThat(
              http.send(
                      HttpRequest.newBuilder(URI.create(url + "/healthz")).build(),
                      HttpResponse.BodyHandlers.ofString())
                  .statusCode())
          .isEqualTo(200);
      assertThat(
              http.send(
                      HttpRequest.newBuilder(URI.create(url + "/readyz")).build(),
                      HttpResponse.BodyHandlers.ofString())
                  .statusCode())
          .isEqualTo(200);
      var metrics =
          http.send(
              HttpRequest.newBuilder(URI.create(url + "/metrics")).build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(metrics.body())
          .contains("pitboss_operator_reconciles_total", "pitboss_operator_open_tables");
    }
  }

  /**
   * A leader configured to exit on a lost Lease releases it on shutdown without exiting: JOSDK's
   * own exit called System.exit from inside the shutdown hook, which blocks for ever, so SIGTERM
   * never ended the process.
   */
  @Test
  void closingALeaderReleasesTheLeaseWithoutExiting() throws Exception {
    var config = TestConfig.defaults().withLeaderElection("default", true);
    var exits = new AtomicInteger();
    try (var cluster = new Cluster()) {
      var leader =
          new PitbossOperator(
              cluster.client,
              config,
              new RecordingHolds(),
              Clock.systemUTC(),
              exits::incrementAndGet);
      leader.start();
      var leases =
          cluster
              .client
              .resources(Lease.class)
              .inNamespace("default")
              .withName(PitbossOperator.LEASE);
      leases.waitUntilCondition(
          l -> l != null && l.getSpec().getHolderIdentity() != null, 60, TimeUnit.SECONDS);
      var closed = CompletableFuture.runAsync(leader::close);
      closed.get(30, TimeUnit.SECONDS);
      assertThat(exits).hasValue(0);
    }
  }
}
