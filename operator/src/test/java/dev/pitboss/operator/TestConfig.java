package dev.pitboss.operator;

import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.List;
import java.util.Map;

/** Operator configuration for the tests and the benchmark: a trivial pod template, no Lease. */
final class TestConfig {
  private TestConfig() {}

  static OperatorConfig defaults() {
    return withImage("ghcr.io/pitboss/game-server:dev");
  }

  /** The defaults with another game-server image in the pod template. */
  static OperatorConfig withImage(String image) {
    var template =
        Serialization.jsonMapper()
            .valueToTree(
                Map.of(
                    "spec",
                    Map.of("containers", List.of(Map.of("name", "game-server", "image", image)))));
    return new OperatorConfig(
        "", template, "game-server", 7654, 20, 200, 1, 4, 5000, null, 0, null, false);
  }

  /** {@code config} with the FleetAutoscaler keeping {@code tables} free table slots. */
  static OperatorConfig withBufferTables(OperatorConfig c, long tables) {
    return new OperatorConfig(
        c.watchNamespace(),
        c.podTemplate(),
        c.container(),
        c.gamePort(),
        c.tablesPerServer(),
        c.playersPerServer(),
        c.fleetReplicas(),
        tables,
        c.maxTablesPerRegion(),
        c.devAddress(),
        c.metricsPort(),
        c.leaseNamespace(),
        c.exitOnLostLease());
  }
}
