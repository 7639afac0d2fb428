package dev.pitboss.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.abort;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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
  static final List<String> BINARIES = List.of("controller", "extensions", "sdk-server");

  static Path bin;

  @BeforeAll
  static void requireAgones() {
    var folder = System.getenv("AGONES_BIN");
    assumeTrue(
        folder != null && !folder.isBlank(),
        "real-Agones tier skipped: AGONES_BIN is not set. Build Agones "
            + Cluster.AGONES_VERSION
            + "'s controller, extensions and sdk-server by hand outside the repository and set"
            + " AGONES_BIN to their folder (operator/README.md, 'The real-Agones tier').");
    bin = Path.of(folder);
    for (var name : BINARIES) {
      assertThat(bin.resolve(name))
          .as("AGONES_BIN must hold the Agones binary %s", name)
          .satisfies(p -> assertThat(Files.isExecutable(p)).isTrue());
    }
  }

  @Test
  void tablesArePlacedClosedAndRemovedThroughTheRealAgones() {
    // Issue 12: starting the binaries out of cluster (webhooks by URL, the extensions' /certs in a
    // private mount namespace, dev-address GameServers) is not automated yet; the run by hand is
    // pending and recorded in operator/README.md when done.
    abort("the automated real-Agones run is pending (issue 12); see operator/README.md");
  }
}
