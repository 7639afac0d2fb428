package dev.pitboss.operator;

import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** Operator configuration for the tests and the benchmark: a trivial pod template, no Lease. */
final class TestConfig {
  private TestConfig() {}

  static OperatorConfig defaults() {
    var template =
        Serialization.jsonMapper()
            .valueToTree(
                Map.of(
                    "spec",
                    Map.of(
                        "containers",
                        List.of(
                            Map.of(
                                "name",
                                "game-server",
                                "image",
                                "ghcr.io/pitboss/game-server:dev")))));
    return new OperatorConfig(
        "",
        template,
        "game-server",
        7654,
        20,
        200,
        1,
        4,
        5000,
        Duration.ofSeconds(10),
        0,
        null,
        false);
  }
}
