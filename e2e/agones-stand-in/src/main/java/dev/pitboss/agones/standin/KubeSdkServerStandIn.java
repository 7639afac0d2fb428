package dev.pitboss.agones.standin;

import agones.dev.sdk.Sdk;
import dev.pitboss.agones.sdk.SdkServerStandIn;
import dev.pitboss.crds.agones.GameServer;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A stand-in for Agones' sdk-server sidecar backed by a real GameServer object in the API server,
 * for the local fleet; never the production path. It serves the SDK through {@link
 * SdkServerStandIn} (same wire behaviour), but the GameServer it serves is the object in the
 * cluster: an informer on that one object mirrors every change (an allocation, a table closed by
 * the operator) to the SDK's watchers, and what an SDK call changes is written back as the real
 * sidecar and controller write it:
 *
 * <ul>
 *   <li>{@code Ready}, {@code Allocate}, {@code Shutdown}: {@code status.state};
 *   <li>List changes ({@code players}): that List's values in {@code status.lists};
 *   <li>{@code SetLabel}/{@code SetAnnotation}: the {@code agones.dev/sdk-} metadata;
 *   <li>after {@code Shutdown} the GameServer is deleted, as the Agones controller deletes it.
 * </ul>
 *
 * Writes are JSON merge patches of those fields only, so they never undo what the allocator or the
 * operator wrote meanwhile (neither writes them); informer events older than the stand-in's own
 * last write are skipped, so a stale event never takes back a value an SDK call just wrote.
 */
public final class KubeSdkServerStandIn implements AutoCloseable {
  private final KubernetesClient client;
  private final String namespace;
  private final String name;
  private final SdkServerStandIn sdk;
  private final SharedIndexInformer<GameServer> informer;
  private long lastWritten;

  private KubeSdkServerStandIn(KubernetesClient client, String namespace, String name, int port) {
    this.client = client;
    this.namespace = namespace;
    this.name = name;
    this.sdk = SdkServerStandIn.start(port, name);
    var current = gameServers().withName(name).require();
    sdk.mirror(toSdk(current));
    sdk.backWith(this::write);
    informer =
        gameServers()
            .withName(name)
            .inform(
                new ResourceEventHandler<>() {
                  @Override
                  public void onAdd(GameServer server) {
                    follow(server);
                  }

                  @Override
                  public void onUpdate(GameServer old, GameServer server) {
                    follow(server);
                  }

                  @Override
                  public void onDelete(GameServer server, boolean unknownFinalState) {}
                });
  }

  /**
   * Serves the SDK on {@code 127.0.0.1:port} (0 picks a free one) for the GameServer {@code
   * namespace/name}, which must exist.
   */
  public static KubeSdkServerStandIn start(
      KubernetesClient client, String namespace, String name, int port) {
    return new KubeSdkServerStandIn(client, namespace, name, port);
  }

  public int port() {
    return sdk.port();
  }

  /** The in-memory SDK server: calls received, the GameServer as the SDK serves it. */
  public SdkServerStandIn sdk() {
    return sdk;
  }

  private io.fabric8.kubernetes.client.dsl.MixedOperation<
          GameServer,
          io.fabric8.kubernetes.api.model.KubernetesResourceList<GameServer>,
          io.fabric8.kubernetes.client.dsl.Resource<GameServer>>
      gameServersOps() {
    return client.resources(GameServer.class);
  }

  private io.fabric8.kubernetes.client.dsl.NonNamespaceOperation<
          GameServer,
          io.fabric8.kubernetes.api.model.KubernetesResourceList<GameServer>,
          io.fabric8.kubernetes.client.dsl.Resource<GameServer>>
      gameServers() {
    return gameServersOps().inNamespace(namespace);
  }

  private void follow(GameServer server) {
    synchronized (sdk) {
      if (version(server) < lastWritten) return;
      sdk.mirror(toSdk(server));
    }
  }

  private static long version(GameServer server) {
    return Long.parseLong(server.getMetadata().getResourceVersion());
  }

  /** Runs under the SDK stand-in's lock: the SDK call is answered once the API server took it. */
  private void write(Sdk.GameServer before, Sdk.GameServer after) {
    var status = new LinkedHashMap<String, Object>();
    if (!before.getStatus().getState().equals(after.getStatus().getState())) {
      status.put("state", after.getStatus().getState());
    }
    var lists = new LinkedHashMap<String, Object>();
    after
        .getStatus()
        .getListsMap()
        .forEach(
            (list, now) -> {
              var was = before.getStatus().getListsMap().get(list);
              if (was == null || !was.getValuesList().equals(now.getValuesList())) {
                lists.put(list, Map.of("values", now.getValuesList()));
              }
            });
    if (!lists.isEmpty()) status.put("lists", lists);
    var metadata = new LinkedHashMap<String, Object>();
    var labels =
        sdkEntries(before.getObjectMeta().getLabelsMap(), after.getObjectMeta().getLabelsMap());
    var annotations =
        sdkEntries(
            before.getObjectMeta().getAnnotationsMap(), after.getObjectMeta().getAnnotationsMap());
    if (!labels.isEmpty()) metadata.put("labels", labels);
    if (!annotations.isEmpty()) metadata.put("annotations", annotations);
    var patch = new LinkedHashMap<String, Object>();
    if (!status.isEmpty()) patch.put("status", status);
    if (!metadata.isEmpty()) patch.put("metadata", metadata);
    if (!patch.isEmpty()) {
      var written =
          gameServers()
              .withName(name)
              .patch(
                  io.fabric8.kubernetes.client.dsl.base.PatchContext.of(
                      io.fabric8.kubernetes.client.dsl.base.PatchType.JSON_MERGE),
                  Serialization.asJson(patch));
      lastWritten = version(written);
    }
    if ("Shutdown".equals(after.getStatus().getState())) {
      // The Agones controller's part: a GameServer that asked to shut down is deleted.
      gameServers().withName(name).delete();
    }
  }

  /** The {@code agones.dev/sdk-} entries that changed between two metadata maps. */
  private static Map<String, String> sdkEntries(
      Map<String, String> before, Map<String, String> after) {
    var changed = new LinkedHashMap<String, String>();
    after.forEach(
        (k, v) -> {
          if (k.startsWith("agones.dev/sdk-") && !Objects.equals(before.get(k), v)) {
            changed.put(k, v);
          }
        });
    return changed;
  }

  /** The GameServer object as the SDK's protocol carries it. */
  static Sdk.GameServer toSdk(GameServer server) {
    var meta = server.getMetadata();
    var objectMeta =
        Sdk.GameServer.ObjectMeta.newBuilder()
            .setName(meta.getName())
            .setNamespace(meta.getNamespace())
            .setUid(Objects.toString(meta.getUid(), ""))
            .setResourceVersion(meta.getResourceVersion())
            .setGeneration(meta.getGeneration() == null ? 0 : meta.getGeneration());
    if (meta.getCreationTimestamp() != null) {
      objectMeta.setCreationTimestamp(Instant.parse(meta.getCreationTimestamp()).getEpochSecond());
    }
    if (meta.getLabels() != null) objectMeta.putAllLabels(meta.getLabels());
    if (meta.getAnnotations() != null) objectMeta.putAllAnnotations(meta.getAnnotations());
    var health = Sdk.GameServer.Spec.Health.newBuilder();
    if (server.getSpec() != null
        && server.getSpec().unknown().get("health") instanceof Map<?, ?> h) {
      health
          .setDisabled(Boolean.TRUE.equals(h.get("disabled")))
          .setPeriodSeconds(number(h.get("periodSeconds"), 5))
          .setFailureThreshold(number(h.get("failureThreshold"), 3))
          .setInitialDelaySeconds(number(h.get("initialDelaySeconds"), 5));
    }
    var status = Sdk.GameServer.Status.newBuilder();
    var s = server.getStatus();
    if (s != null) {
      status.setState(Objects.toString(s.state(), ""));
      status.setAddress(Objects.toString(s.address(), ""));
      if (s.ports() != null) {
        for (var port : s.ports()) {
          status.addPorts(
              Sdk.GameServer.Status.Port.newBuilder()
                  .setName(Objects.toString(port.name(), ""))
                  .setPort(port.port() == null ? 0 : port.port()));
        }
      }
      if (s.lists() != null) {
        s.lists()
            .forEach(
                (key, list) ->
                    status.putLists(
                        key,
                        Sdk.GameServer.Status.ListStatus.newBuilder()
                            .setCapacity(list.capacity() == null ? 0 : list.capacity())
                            .addAllValues(list.valuesOrEmpty())
                            .build()));
      }
      if (s.counters() != null) {
        s.counters()
            .forEach(
                (key, counter) ->
                    status.putCounters(
                        key,
                        Sdk.GameServer.Status.CounterStatus.newBuilder()
                            .setCount(counter.count() == null ? 0 : counter.count())
                            .setCapacity(counter.capacity() == null ? 0 : counter.capacity())
                            .build()));
      }
    }
    return Sdk.GameServer.newBuilder()
        .setObjectMeta(objectMeta)
        .setSpec(Sdk.GameServer.Spec.newBuilder().setHealth(health))
        .setStatus(status)
        .build();
  }

  private static int number(Object value, int otherwise) {
    return value instanceof Number n ? n.intValue() : otherwise;
  }

  @Override
  public void close() {
    informer.close();
    sdk.close();
  }
}
