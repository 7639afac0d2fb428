package dev.pitboss.fleet;

import dev.pitboss.agones.standin.KubeSdkServerStandIn;
import dev.pitboss.crds.agones.GameServer;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;

/**
 * A stand-in for the kubelet, for the local fleet; never the production path. Where a cluster would
 * run a pod for each GameServer the Agones controller creates, this starts a game-server process
 * (its production main, {@code dev.pitboss.gameserver.host.Main}) on free loopback ports beside an
 * SDK server stand-in backed by that GameServer object ({@link KubeSdkServerStandIn}), and stops
 * both when the GameServer is deleted.
 */
final class KubeletStandIn implements AutoCloseable {
  static final String GAME_SERVER_MAIN = "dev.pitboss.gameserver.host.Main";

  /** One "pod": the game-server process and its SDK sidecar stand-in. */
  record Pod(String name, FleetProcess process, KubeSdkServerStandIn sdk, int port) {}

  private final KubernetesClient client;
  private final Map<String, String> baseEnv;
  private final Path logDir;
  private final Consumer<String> progress;
  private final Map<String, Pod> pods = new ConcurrentHashMap<>();
  private final ExecutorService starter = Executors.newSingleThreadExecutor();
  private final SharedIndexInformer<GameServer> informer;
  private volatile boolean closing;

  /** {@code baseEnv}: the game servers' configuration, without the ports this picks per process. */
  KubeletStandIn(
      KubernetesClient client,
      Map<String, String> baseEnv,
      Path logDir,
      Consumer<String> progress) {
    this.client = client;
    this.baseEnv = Map.copyOf(baseEnv);
    this.logDir = logDir;
    this.progress = progress;
    informer =
        client
            .resources(GameServer.class)
            .inAnyNamespace()
            .inform(
                new ResourceEventHandler<>() {
                  @Override
                  public void onAdd(GameServer server) {
                    starter.execute(() -> run(server));
                  }

                  @Override
                  public void onUpdate(GameServer old, GameServer server) {}

                  @Override
                  public void onDelete(GameServer server, boolean unknownFinalState) {
                    starter.execute(() -> stop(key(server)));
                  }
                });
  }

  private static String key(GameServer server) {
    return server.getMetadata().getNamespace() + "/" + server.getMetadata().getName();
  }

  private void run(GameServer server) {
    var key = key(server);
    if (closing || pods.containsKey(key)) return;
    var meta = server.getMetadata();
    KubeSdkServerStandIn sdk;
    try {
      sdk = KubeSdkServerStandIn.start(client, meta.getNamespace(), meta.getName(), 0);
    } catch (RuntimeException e) {
      // Deleted before it could start: nothing to run.
      return;
    }
    int port = FreePorts.next();
    var env = new HashMap<>(baseEnv);
    env.put("AGONES_SDK_GRPC_PORT", Integer.toString(sdk.port()));
    env.put("PITBOSS_GS_BIND", "127.0.0.1:" + port);
    env.put("PITBOSS_GS_ADMIN_BIND", "127.0.0.1:" + FreePorts.next());
    env.put("PITBOSS_GS_ADVERTISE_ADDRESS", "127.0.0.1");
    env.put("PITBOSS_GS_ADVERTISE_PORT", Integer.toString(port));
    var process =
        FleetProcess.start(
            "game-server-" + meta.getName(), GAME_SERVER_MAIN, List.of(), env, "192m", logDir);
    pods.put(key, new Pod(meta.getName(), process, sdk, port));
    progress.accept(
        "kubelet stand-in: game server "
            + meta.getName()
            + " on 127.0.0.1:"
            + port
            + " (pid "
            + process.pid()
            + ", SDK stand-in on "
            + sdk.port()
            + ")");
  }

  private void stop(String key) {
    var pod = pods.remove(key);
    if (pod == null) return;
    pod.process().close();
    pod.sdk().close();
    progress.accept("kubelet stand-in: game server " + pod.name() + " stopped");
  }

  List<Pod> pods() {
    return List.copyOf(pods.values());
  }

  @Override
  public void close() {
    closing = true;
    informer.close();
    starter.shutdown();
    try {
      starter.awaitTermination(30, java.util.concurrent.TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    pods.keySet().parallelStream().forEach(this::stop);
  }
}
