package dev.pitboss.fleet;

import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** An end-to-end test class: a local fleet of its own, up before its first test, closed after. */
abstract class FleetIT {
  static Fleet fleet;

  @BeforeAll
  static void startFleet() throws Exception {
    fleet = Fleet.start(Fleet.Options.defaults(), line -> System.out.println("[fleet] " + line));
  }

  @AfterAll
  static void stopFleet() {
    if (fleet != null) fleet.close();
    fleet = null;
  }

  /**
   * A cash table type of 6-seat tables at 50/100 EUR, from one table up to {@code maxTables}
   * keeping {@code freeSeats} open, applied; returns once its first table is advertised in the
   * lobby.
   */
  static void applyTable(Fleet on, String name, int maxTables, int freeSeats) {
    on.client
        .resource(
            Serialization.unmarshal(
                """
                apiVersion: pitboss.dev/v1alpha1
                kind: Table
                metadata:
                  name: %s
                  namespace: default
                spec:
                  game: nlhe
                  stakes: {smallBlind: 50, bigBlind: 100, currency: EUR}
                  seats: 6
                  buyIn: {min: 4000, max: 20000}
                  region: local
                  scaling: {minTables: 1, maxTables: %d, freeSeats: %d}
                """
                    .formatted(name, maxTables, freeSeats),
                GenericKubernetesResource.class))
        .create();
    await()
        .atMost(Duration.ofMinutes(2))
        .until(() -> on.redis.zcard("pitboss:owner:table/default/" + name + "/") >= 1);
  }
}
