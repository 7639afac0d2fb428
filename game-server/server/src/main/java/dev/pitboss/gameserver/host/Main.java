package dev.pitboss.gameserver.host;

import dev.pitboss.agones.sdk.AgonesSdk;
import java.time.Clock;

/**
 * The game-server process in an Agones pod: configured from the environment, talking to the SDK
 * sidecar on {@code localhost:$AGONES_SDK_GRPC_PORT}. SIGTERM drains: no new seats, every hand
 * finishes, every player is paid out, then Agones is told to shut the server down.
 */
public final class Main {
  private Main() {}

  public static void main(String[] args) throws Exception {
    GameServerConfig config;
    try {
      config = GameServerConfig.fromEnv(System.getenv());
    } catch (IllegalArgumentException e) {
      System.err.println("game-server: configuration error: " + e.getMessage());
      System.exit(2);
      return;
    }
    GameServerProcess process;
    try {
      process = GameServerProcess.start(config, AgonesSdk.fromEnvironment(), Clock.systemUTC());
    } catch (Exception e) {
      // Threads started before the failure would keep the JVM alive: exit so the pod restarts.
      System.err.println("game-server: could not start: " + e);
      System.exit(1);
      return;
    }
    Runtime.getRuntime().addShutdownHook(new Thread(process::drainAndStop, "drain"));
    process.awaitStop();
  }
}
