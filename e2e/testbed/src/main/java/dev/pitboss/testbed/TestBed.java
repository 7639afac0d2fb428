package dev.pitboss.testbed;

import io.fabric8.kubeapitest.KubeAPIServer;
import io.fabric8.kubeapitest.KubeAPIServerConfigBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;

/**
 * Where the integration tests find the real components that {@code e2e/bin/testbed up} started or
 * built. Every accessor fails with the same instruction when the test bed is missing, so a test run
 * outside the README's command says what to do instead of timing out.
 */
public final class TestBed {

  private TestBed() {}

  /** JDBC URL of the test bed's PostgreSQL (database {@code pitboss}, user {@code postgres}). */
  public static String postgresUrl() {
    return require("PITBOSS_PG_URL");
  }

  /** Loopback port of the test bed's Redis. */
  public static int redisPort() {
    return Integer.parseInt(require("PITBOSS_REDIS_PORT"));
  }

  /**
   * Starts a real kube-apiserver and etcd (built by the test bed, never downloaded) on free
   * loopback ports. The caller stops it.
   */
  public static KubeAPIServer startKubeApiServer() {
    var server =
        new KubeAPIServer(
            KubeAPIServerConfigBuilder.anAPIServerConfig()
                .withTestDir(require("KUBE_API_TEST_DIR"))
                .withApiServerVersion(require("PITBOSS_K8S_VERSION"))
                .withOfflineMode(true)
                .build());
    server.start();
    return server;
  }

  /** The helm binary the test bed built from the Go module proxy (never a release download). */
  public static String helm() {
    return require("PITBOSS_HELM");
  }

  /** The kubectl binary the test bed built, the same release as the kube-apiserver. */
  public static String kubectl() {
    return require("PITBOSS_KUBECTL");
  }

  /** Whether the API server serves this CRD yet; for {@code waitUntilCondition}. */
  public static boolean established(
      io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition crd) {
    return crd != null
        && crd.getStatus() != null
        // The API server writes the status before its first condition.
        && crd.getStatus().getConditions() != null
        && crd.getStatus().getConditions().stream()
            .anyMatch(c -> "Established".equals(c.getType()) && "True".equals(c.getStatus()));
  }

  /** A fabric8 client for a server from {@link #startKubeApiServer()}. */
  public static KubernetesClient client(KubeAPIServer server) {
    return new KubernetesClientBuilder()
        .withConfig(Config.fromKubeconfig(server.getKubeConfigYaml()))
        .build();
  }

  static String require(String name) {
    var value = System.getenv(name);
    if (value == null || value.isBlank()) {
      throw new IllegalStateException(
          name
              + " is not set: the test bed is not up. Run the tests with e2e/bin/test, or run"
              + " e2e/bin/testbed up and export the variables it writes (e2e/bin/testbed env).");
    }
    return value;
  }
}
