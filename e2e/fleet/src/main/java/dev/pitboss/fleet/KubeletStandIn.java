package dev.pitboss.fleet;

import dev.pitboss.agones.real.AgonesBin;
import dev.pitboss.agones.real.RealSdkServer;
import dev.pitboss.agones.standin.KubeSdkServerStandIn;
import dev.pitboss.crds.agones.GameServer;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;

/**
 * A stand-in for the kubelet, for the local fleet; never the production path. Where a cluster would
 * run a pod for each GameServer the Agones controller creates, this starts a game-server process
 * (its production main, {@code dev.pitboss.gameserver.host.Main}) on free loopback ports beside its
 * SDK server, and stops both when the GameServer is deleted. The SDK server is Agones' own {@code
 * sdk-server} from {@code AGONES_BIN} ({@link RealSdkServer}, a process against that GameServer)
 * when the fleet runs the real Agones, else a stand-in backed by that GameServer object ({@link
 * KubeSdkServerStandIn}).
 */
final class KubeletStandIn implements AutoCloseable {
  static final String GAME_SERVER_MAIN = "dev.pitboss.gameserver.host.Main";

  /** An SDK server beside one game server: its gRPC port, and how to stop it. */
  record Sidecar(int port, AutoCloseable server, Optional<FleetProcess> process) {}

  /**
   * One "pod": the game-server process and its SDK sidecar. A process that ends while its
   * GameServer exists is started again with the same environment and ports, as a kubelet restarts a
   * crashed container ({@code restartPolicy: Always}).
   */
  static final class Pod {
    final String namespace;
    final String name;
    final Sidecar sdk;
    final int port;
    final Map<String, String> env;
    volatile FleetProcess process;
    volatile int restarts;
    volatile boolean stopping;

    Pod(String namespace, String name, Sidecar sdk, int port, Map<String, String> env) {
      this.namespace = namespace;
      this.name = name;
      this.sdk = sdk;
      this.port = port;
      this.env = Map.copyOf(env);
    }

    FleetProcess process() {
      return process;
    }

    Sidecar sdk() {
      return sdk;
    }

    String name() {
      return name;
    }

    int port() {
      return port;
    }
  }

  private final KubernetesClient client;
  private final Map<String, String> baseEnv;
  private final Path logDir;
  private final Consumer<String> progress;
  private final Optional<AgonesBin> agonesBin;
  private final Path kubeconfig;
  private final Map<String, Pod> pods = new ConcurrentHashMap<>();
  private final ExecutorService starter = Executors.newSingleThreadExecutor();
  private final SharedIndexInformer<GameServer> informer;
  private volatile boolean closing;

  /**
   * {@code baseEnv}: the game servers' configuration, without the ports this picks per process;
   * {@code agonesBin}: Agones' own sdk-server runs beside each game server (against the API server
   * of {@code kubeconfig}) when present, the stand-in when empty.
   */
  KubeletStandIn(
      KubernetesClient client,
      Map<String, String> baseEnv,
      Path logDir,
      Consumer<String> progress,
      Optional<AgonesBin> agonesBin,
      Path kubeconfig) {
    this.client = client;
    this.baseEnv = Map.copyOf(baseEnv);
    this.logDir = logDir;
    this.progress = progress;
    this.agonesBin = agonesBin;
    this.kubeconfig = kubeconfig;
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
    Sidecar sdk;
    try {
      sdk = sidecar(meta.getNamespace(), meta.getName());
    } catch (RuntimeException e) {
      // Deleted before it could start: nothing to run. The real sdk-server may fail otherwise too.
      if (agonesBin.isPresent()) {
        progress.accept("kubelet stand-in: no SDK server for " + meta.getName() + ": " + e);
      }
      return;
    }
    if (sdk == null) return;
    int port = FreePorts.next();
    var env = new HashMap<>(baseEnv);
    env.put("AGONES_SDK_GRPC_PORT", Integer.toString(sdk.port()));
    env.put("PITBOSS_GS_BIND", "127.0.0.1:" + port);
    env.put("PITBOSS_GS_ADMIN_BIND", "127.0.0.1:" + FreePorts.next());
    env.put("PITBOSS_GS_ADVERTISE_ADDRESS", "127.0.0.1");
    env.put("PITBOSS_GS_ADVERTISE_PORT", Integer.toString(port));
    var pod = new Pod(meta.getNamespace(), meta.getName(), sdk, port, env);
    pods.put(key, pod);
    launch(pod);
    var process = pod.process;
    progress.accept(
        "kubelet stand-in: game server "
            + meta.getName()
            + " on 127.0.0.1:"
            + port
            + " (pid "
            + process.pid()
            + (agonesBin.isPresent() ? ", Agones sdk-server on " : ", SDK stand-in on ")
            + sdk.port()
            + ")");
  }

  /**
   * The SDK server for GameServer {@code namespace/name}, serving; null when the real one ended
   * before it served (its GameServer gone).
   */
  private Sidecar sidecar(String namespace, String name) {
    if (agonesBin.isEmpty()) {
      var standIn = KubeSdkServerStandIn.start(client, namespace, name, 0);
      return new Sidecar(standIn.port(), standIn, Optional.empty());
    }
    var ports = new RealSdkServer(FreePorts.next(), FreePorts.next(), FreePorts.next());
    var process =
        FleetProcess.command(
            "sdk-server-" + name,
            ports.command(agonesBin.get(), kubeconfig, namespace, name),
            Map.of(),
            logDir);
    try {
      Fleet.waitFor(
          "the sdk-server of " + name + " on 127.0.0.1:" + ports.grpcPort(),
          process,
          java.time.Duration.ofSeconds(30),
          () -> Fleet.listening(ports.grpcPort()));
    } catch (IllegalStateException e) {
      process.close();
      if (client.resources(GameServer.class).inNamespace(namespace).withName(name).get() == null) {
        return null;
      }
      throw e;
    } catch (InterruptedException e) {
      process.close();
      Thread.currentThread().interrupt();
      return null;
    }
    return new Sidecar(ports.grpcPort(), process, Optional.of(process));
  }

  private void launch(Pod pod) {
    var name = "game-server-" + pod.name + (pod.restarts == 0 ? "" : "-restart-" + pod.restarts);
    pod.process = FleetProcess.start(name, GAME_SERVER_MAIN, List.of(), pod.env, "192m", logDir);
    pod.process
        .onExit()
        .thenRun(
            () -> {
              if (pod.stopping || closing || !wantsToRun(pod)) return;
              pod.restarts++;
              progress.accept(
                  "kubelet stand-in: game server " + pod.name + " ended; restarting it");
              starter.execute(
                  () -> {
                    if (!pod.stopping && !closing) launch(pod);
                  });
            });
  }

  /** Its GameServer still exists and did not ask to shut down (an idle server ends itself). */
  private boolean wantsToRun(Pod pod) {
    var server =
        client.resources(GameServer.class).inNamespace(pod.namespace).withName(pod.name).get();
    return server != null
        && server.getStatus() != null
        && !"Shutdown".equals(server.getStatus().state());
  }

  private void stop(String key) {
    var pod = pods.remove(key);
    if (pod == null) return;
    pod.stopping = true;
    pod.process().close();
    try {
      pod.sdk().server().close();
    } catch (Exception e) {
      progress.accept("kubelet stand-in: stopping the SDK server of " + pod.name() + ": " + e);
    }
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
    // All at once: each game server may take its drain time to stop.
    try (var stopping = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
      for (var name : List.copyOf(pods.keySet())) stopping.submit(() -> stop(name));
    }
  }
}
