package dev.pitboss.operator;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pitboss.crds.Table;
import dev.pitboss.crds.Tournament;
import dev.pitboss.crds.agones.AgonesList;
import dev.pitboss.crds.agones.Fleet;
import dev.pitboss.crds.agones.FleetAutoscaler;
import dev.pitboss.crds.agones.GameServer;
import dev.pitboss.crds.agones.TemplateMetadata;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One game-server Fleet and FleetAutoscaler per namespace and region, shared by every Table and
 * Tournament there. They have no single owner, so they are not JOSDK dependents of one resource:
 * the first user creates them, the last one's cleanup deletes them. The autoscaler uses the List
 * policy on {@code tables}: it keeps {@code bufferTables} free table slots across the fleet.
 */
final class RegionFleets {
  static final String MANAGED_BY = "app.kubernetes.io/managed-by";
  static final String REGION = "pitboss.dev/region";
  static final Duration RECHECK = Duration.ofSeconds(60);
  static final String FIELD_MANAGER = "pitboss-operator";
  static final String DEV_ADDRESS = "agones.dev/dev-address";

  private final KubernetesClient client;
  private final OperatorConfig config;

  RegionFleets(KubernetesClient client, OperatorConfig config) {
    this.client = client;
    this.config = config;
  }

  static String fleetName(String region) {
    return "pitboss-" + region;
  }

  /** Regions checked recently: a burst of reconciles in one region costs one check a minute. */
  private final Map<String, Instant> verified = new ConcurrentHashMap<>();

  /**
   * Creates or corrects the region's Fleet and FleetAutoscaler; returns what it did, if anything.
   */
  List<String> ensure(String namespace, String region) {
    var key = namespace + "/" + region;
    var last = verified.get(key);
    if (last != null && last.isAfter(Instant.now().minus(RECHECK))) return List.of();
    var changes = check(namespace, region);
    verified.put(key, Instant.now());
    return changes;
  }

  /** Re-check on the next ensure, e.g. after Agones found no room (was the Fleet deleted?). */
  void forget(String namespace, String region) {
    verified.remove(namespace + "/" + region);
  }

  private List<String> check(String namespace, String region) {
    var name = fleetName(region);
    var changes = new ArrayList<String>();
    var fleetSpec = fleetSpec(region);
    var fleet = client.resources(Fleet.class).inNamespace(namespace).withName(name).get();
    if (fleet == null) {
      var created = new Fleet();
      created.setMetadata(metadata(namespace, name, region));
      created.setSpec(fleetSpec);
      if (createIgnoringRace(created)) changes.add("created Fleet " + name);
    } else if (!covers(fleet.getSpec(), fleetSpec)) {
      // Without replicas: the autoscaler owns them, the apply must not take them over.
      var applied = new Fleet();
      applied.setMetadata(metadata(namespace, name, region));
      applied.setSpec(new Fleet.Spec(null, fleetSpec.scheduling(), fleetSpec.template()));
      apply(applied);
      changes.add("updated Fleet " + name);
    }
    var scalerSpec = autoscalerSpec(name);
    var scaler =
        client.resources(FleetAutoscaler.class).inNamespace(namespace).withName(name).get();
    if (scaler == null) {
      var created = new FleetAutoscaler();
      created.setMetadata(metadata(namespace, name, region));
      created.setSpec(scalerSpec);
      if (createIgnoringRace(created)) changes.add("created FleetAutoscaler " + name);
    } else if (!covers(scaler.getSpec(), scalerSpec)) {
      var applied = new FleetAutoscaler();
      applied.setMetadata(metadata(namespace, name, region));
      applied.setSpec(scalerSpec);
      apply(applied);
      changes.add("updated FleetAutoscaler " + name);
    }
    return changes;
  }

  /**
   * Server-side apply of only the fields we set, as field manager {@value #FIELD_MANAGER}: what
   * Agones' webhooks defaulted ({@code strategy}, {@code health}, {@code sdkServer}, ...) and what
   * others own stays as it is.
   */
  private void apply(HasMetadata resource) {
    client.resource(resource).fieldManager(FIELD_MANAGER).forceConflicts().serverSideApply();
  }

  /**
   * Whether {@code actual} already has every field {@code wanted} sets, with the same value; fields
   * only {@code actual} has (server defaults, other owners) do not count. Lists compare element by
   * element.
   */
  static boolean covers(Object actual, Object wanted) {
    if (actual == null) return wanted == null;
    return covers(tree(actual), tree(wanted));
  }

  private static JsonNode tree(Object value) {
    return Serialization.unmarshal(Serialization.asJson(value), JsonNode.class);
  }

  private static boolean covers(JsonNode actual, JsonNode wanted) {
    if (wanted == null || wanted.isNull()) return true;
    if (actual == null || actual.isNull()) return false;
    if (wanted.isObject()) {
      if (!actual.isObject()) return false;
      for (var field : wanted.properties()) {
        if (!covers(actual.get(field.getKey()), field.getValue())) return false;
      }
      return true;
    }
    if (wanted.isArray()) {
      if (!actual.isArray() || actual.size() != wanted.size()) return false;
      for (int i = 0; i < wanted.size(); i++) {
        if (!covers(actual.get(i), wanted.get(i))) return false;
      }
      return true;
    }
    return actual.equals(wanted);
  }

  /** Deletes the region's Fleet and autoscaler when no other Table or Tournament uses them. */
  boolean removeIfUnused(String namespace, String region, HasMetadata leaving) {
    boolean used =
        client.resources(Table.class).inNamespace(namespace).list().getItems().stream()
                .anyMatch(
                    t ->
                        inUse(
                            t, t.getSpec() == null ? null : t.getSpec().region(), region, leaving))
            || client.resources(Tournament.class).inNamespace(namespace).list().getItems().stream()
                .anyMatch(
                    t ->
                        inUse(
                            t, t.getSpec() == null ? null : t.getSpec().region(), region, leaving));
    if (used) return false;
    verified.remove(namespace + "/" + region);
    var name = fleetName(region);
    client.resources(FleetAutoscaler.class).inNamespace(namespace).withName(name).delete();
    client.resources(Fleet.class).inNamespace(namespace).withName(name).delete();
    return true;
  }

  private static boolean inUse(
      HasMetadata other, String otherRegion, String region, HasMetadata leaving) {
    return region.equals(otherRegion)
        && !Objects.equals(other.getMetadata().getUid(), leaving.getMetadata().getUid())
        && other.getMetadata().getDeletionTimestamp() == null;
  }

  private boolean createIgnoringRace(HasMetadata resource) {
    try {
      client.resource(resource).create();
      return true;
    } catch (KubernetesClientException e) {
      if (e.getCode() == 409) return false; // another reconcile created it first
      throw e;
    }
  }

  private static ObjectMeta metadata(String namespace, String name, String region) {
    return new ObjectMetaBuilder()
        .withName(name)
        .withNamespace(namespace)
        .withLabels(Map.of(MANAGED_BY, Events.COMPONENT, REGION, region))
        .build();
  }

  /**
   * With {@code devAddress} set, the GameServers are Agones development servers: no pod, the given
   * address, and a Static port equal to the container port (Agones requires both).
   */
  Fleet.Spec fleetSpec(String region) {
    boolean dev = config.devAddress() != null;
    var port =
        dev
            ? new GameServer.Port("game", "Static", config.gamePort(), config.gamePort(), "TCP")
            : new GameServer.Port("game", "Dynamic", config.gamePort(), null, "TCP");
    var serverSpec =
        new GameServer.Spec(
            config.container(),
            List.of(port),
            null,
            Map.of(
                GameServers.TABLES, new AgonesList(config.tablesPerServer(), null),
                GameServers.PLAYERS, new AgonesList(config.playersPerServer(), null)),
            config.podTemplate());
    return new Fleet.Spec(
        config.fleetReplicas(),
        "Packed",
        new Fleet.GameServerTemplate(
            new TemplateMetadata(
                Map.of(REGION, region), dev ? Map.of(DEV_ADDRESS, config.devAddress()) : null),
            serverSpec));
  }

  FleetAutoscaler.Spec autoscalerSpec(String fleetName) {
    return new FleetAutoscaler.Spec(
        fleetName,
        new FleetAutoscaler.Policy(
            "List",
            new FleetAutoscaler.ListPolicy(
                GameServers.TABLES,
                new IntOrString((int) config.bufferTables()),
                config.bufferTables(),
                config.maxTablesPerRegion())),
        new FleetAutoscaler.Sync("FixedInterval", new FleetAutoscaler.FixedInterval(10)));
  }
}
