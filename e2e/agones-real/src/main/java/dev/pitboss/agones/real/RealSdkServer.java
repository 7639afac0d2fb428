package dev.pitboss.agones.real;

import java.nio.file.Path;
import java.util.List;

/**
 * The command line of Agones' own {@code sdk-server} run out of cluster beside one game-server
 * process, as the sidecar of its pod: against the GameServer {@code namespace/name} through a
 * kubeconfig, every port on loopback except health, which the binary binds on every interface.
 *
 * <p>{@code --graceful-termination=false}: stopped, it exits at once instead of waiting for its
 * GameServer to reach Shutdown; whoever runs it stops it after the game server.
 */
public record RealSdkServer(int grpcPort, int httpPort, int healthPort) {

  public List<String> command(AgonesBin bin, Path kubeconfig, String namespace, String name) {
    return List.of(
        bin.sdkServer().toString(),
        "--kubeconfig",
        kubeconfig.toString(),
        "--gameserver-name",
        name,
        "--pod-namespace",
        namespace,
        "--address",
        "127.0.0.1",
        "--grpc-port",
        Integer.toString(grpcPort),
        "--http-port",
        Integer.toString(httpPort),
        "--health-port",
        Integer.toString(healthPort),
        "--graceful-termination=false");
  }
}
