package dev.pitboss.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.utils.Serialization;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * End to end on the local fleet: every Pitboss component on its production path (operator, wallet
 * over mutual TLS, game-server processes), on the real kube-apiserver, PostgreSQL and Redis;
 * Agones, the kubelet and the matchmaker's seating played by stand-ins.
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
