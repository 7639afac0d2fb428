package dev.pitboss.agones.sdk;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.io.TempDir;

/**
 * The client's scenarios against the real Agones sdk-server, started here on free loopback ports,
 * one per test. Runs only when {@code AGONES_BIN} names a folder holding an {@code sdk-server}
 * binary built by hand from Agones v1.60.0 (see the module README); skipped with that instruction
 * otherwise.
 *
 * <p>By default the sdk-server runs in {@code --local} mode from a GameServer file. When {@code
 * AGONES_SDK_KUBECONFIG} names a kubeconfig of an API server with the Agones CRDs and the Agones
 * controller running against it, each test instead creates the GameServer {@value #NAME} (a
 * development GameServer: {@code agones.dev/dev-address}, no pod) in namespace {@value
 * #CLUSTER_NAMESPACE} with {@code kubectl} ({@code $KUBECTL}, else the one on the PATH) and runs
 * the sdk-server against it as the sidecar would. That sdk-server binds its health port on every
 * interface: run that mode inside a private network namespace.
 */
class RealSdkServerIT extends SdkContract {
  private static final String AGONES_BIN = System.getenv("AGONES_BIN");
  private static final String KUBECONFIG = System.getenv("AGONES_SDK_KUBECONFIG");
  private static final String KUBECTL =
      System.getenv("KUBECTL") == null ? "kubectl" : System.getenv("KUBECTL");
  static final String CLUSTER_NAMESPACE = "pitboss-sdk-it";

  /** What Agones' webhooks would default, written out: no webhook runs in this mode. */
  private static final String CLUSTER_GAME_SERVER =
      """
      apiVersion: agones.dev/v1
      kind: GameServer
      metadata:
        name: %s
        namespace: %s
        labels: {agones.dev/fleet: pitboss-sdk-it}
        annotations: {agones.dev/dev-address: "127.0.0.1"}
        finalizers: [agones.dev]
      spec:
        ports:
        - {name: default, portPolicy: Static, hostPort: 7777, containerPort: 7777, protocol: UDP}
        health: {periodSeconds: 5, failureThreshold: 3, initialDelaySeconds: 5}
        scheduling: Packed
        sdkServer: {logLevel: Info, grpcPort: 9357, httpPort: 9358}
        lists:
          tables: {capacity: 3}
          players: {capacity: 10}
        counters:
          seats: {count: 0, capacity: 6}
        template:
          spec:
            containers: [{name: table-server, image: pitboss/game-server}]
      status:
        state: Scheduled
        address: 127.0.0.1
        ports: [{name: default, port: 7777}]
        lists:
          tables: {capacity: 3, values: []}
          players: {capacity: 10, values: []}
        counters:
          seats: {count: 0, capacity: 6}
      """
          .formatted(NAME, CLUSTER_NAMESPACE);

  private static final String GAME_SERVER =
      """
      apiVersion: agones.dev/v1
      kind: GameServer
      metadata:
        name: %s
        namespace: default
      spec:
        health: {periodSeconds: 5, failureThreshold: 3, initialDelaySeconds: 5}
      status:
        state: Scheduled
        address: 127.0.0.1
        lists:
          tables: {capacity: 3}
          players: {capacity: 10}
        counters:
          seats: {count: 0, capacity: 6}
      """
          .formatted(NAME);

  @TempDir Path dir;

  @Override
  Target start() throws IOException {
    assumeTrue(
        AGONES_BIN != null && Files.isExecutable(Path.of(AGONES_BIN, "sdk-server")),
        "AGONES_BIN is not set to a folder with an executable sdk-server: these scenarios run"
            + " against the real Agones sdk-server only when it is. Build cmd/sdk-server of Agones"
            + " v1.60.0 by hand outside the repository (game-server/agones-sdk/README.md) and run"
            + " AGONES_BIN=<that folder> ./mvnw -pl game-server/agones-sdk verify");
    int grpcPort = freePort();
    List<String> command =
        new ArrayList<>(
            List.of(
                Path.of(AGONES_BIN, "sdk-server").toString(),
                "--address",
                "127.0.0.1",
                "--grpc-port",
                Integer.toString(grpcPort),
                "--http-port",
                Integer.toString(freePort())));
    boolean local = KUBECONFIG == null;
    if (local) {
      Path file = dir.resolve("gameserver.yaml");
      Files.writeString(file, GAME_SERVER);
      command.addAll(List.of("--local", "--file", file.toString()));
    } else {
      createClusterGameServer();
      command.addAll(
          List.of(
              "--kubeconfig",
              KUBECONFIG,
              "--gameserver-name",
              NAME,
              "--pod-namespace",
              CLUSTER_NAMESPACE,
              "--health-port",
              Integer.toString(freePort())));
    }
    Path log = Path.of("target", "real-sdk-server", dir.getFileName() + ".log");
    Files.createDirectories(log.getParent());
    Process process =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    return new Target() {
      @Override
      public int port() {
        return grpcPort;
      }

      @Override
      public String namespace() {
        return local ? "default" : CLUSTER_NAMESPACE;
      }

      @Override
      public boolean localMode() {
        return local;
      }

      @Override
      public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
          process.destroyForcibly().waitFor();
        }
      }
    };
  }

  /** A fresh GameServer {@value #NAME}: the previous test's one deleted first. */
  private void createClusterGameServer() throws IOException {
    Path file = dir.resolve("gameserver.yaml");
    Files.writeString(file, CLUSTER_GAME_SERVER);
    if (!kubectl("get", "namespaces", "-o", "name")
        .lines()
        .anyMatch(("namespace/" + CLUSTER_NAMESPACE)::equals)) {
      kubectl("create", "namespace", CLUSTER_NAMESPACE);
    }
    kubectl(
        "-n",
        CLUSTER_NAMESPACE,
        "delete",
        "gameserver",
        NAME,
        "--ignore-not-found",
        "--wait",
        "--timeout=30s");
    kubectl("create", "-f", file.toString());
  }

  private static String kubectl(String... args) throws IOException {
    List<String> command = new ArrayList<>(List.of(KUBECTL, "--kubeconfig", KUBECONFIG));
    command.addAll(List.of(args));
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    try {
      if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
        throw new IOException(String.join(" ", command) + " failed: " + out);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted: " + String.join(" ", command), e);
    }
    return out;
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
