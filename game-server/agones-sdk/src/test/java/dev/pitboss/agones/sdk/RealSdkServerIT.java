package dev.pitboss.agones.sdk;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.io.TempDir;

/**
 * The client's scenarios against the real Agones sdk-server in {@code --local} mode, started here
 * on free loopback ports, one per test. Runs only when {@code AGONES_BIN} names a folder holding an
 * {@code sdk-server} binary built by hand from Agones v1.60.0 (see the module README); skipped with
 * that instruction otherwise.
 */
class RealSdkServerIT extends SdkContract {
  private static final String AGONES_BIN = System.getenv("AGONES_BIN");
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
    Path file = dir.resolve("gameserver.yaml");
    Files.writeString(file, GAME_SERVER);
    int grpcPort = freePort();
    int httpPort = freePort();
    Path log = Path.of("target", "real-sdk-server", dir.getFileName() + ".log");
    Files.createDirectories(log.getParent());
    Process process =
        new ProcessBuilder(
                List.of(
                    Path.of(AGONES_BIN, "sdk-server").toString(),
                    "--local",
                    "--file",
                    file.toString(),
                    "--address",
                    "127.0.0.1",
                    "--grpc-port",
                    Integer.toString(grpcPort),
                    "--http-port",
                    Integer.toString(httpPort)))
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    return new Target() {
      @Override
      public int port() {
        return grpcPort;
      }

      @Override
      public boolean localMode() {
        return true;
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

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
