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
    var process = GameServerProcess.start(config, AgonesSdk.fromEnvironment(), Clock.systemUTC());
    Runtime.getRuntime().addShutdownHook(new Thread(process::drainAndStop, "drain"));
    process.awaitStop();
  }
}
