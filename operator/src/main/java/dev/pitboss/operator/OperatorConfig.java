package dev.pitboss.operator;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * What the Helm chart configures. {@code podTemplate} is the game-server pod template every
 * region's Fleet uses; table and player capacities are the Agones list capacities per server.
 *
 * @param watchNamespace empty to watch every namespace
 * @param devAddress null in a cluster; set, the Fleets make Agones development GameServers (no pod,
 *     annotation {@code agones.dev/dev-address} with this address, a Static port equal to {@code
 *     gamePort}), for Agones run out of cluster
 * @param leaseNamespace where the leader-election Lease lives; null disables leader election
 * @param exitOnLostLease in a pod, a replica that loses the Lease exits (and is restarted) rather
 *     than risk reconciling next to the new leader; tests running replicas in one JVM turn it off
 */
public record OperatorConfig(
    String watchNamespace,
    JsonNode podTemplate,
    String container,
    int gamePort,
    long tablesPerServer,
    long playersPerServer,
    int fleetReplicas,
    long bufferTables,
    long maxTablesPerRegion,
    String devAddress,
    int metricsPort,
    String leaseNamespace,
    boolean exitOnLostLease) {

  /**
   * Reads the environment the Helm chart sets; every variable has a default except the template.
   */
  public static OperatorConfig fromEnv(Map<String, String> env) {
    var templatePath = env.get("PITBOSS_GAMESERVER_POD_TEMPLATE");
    if (templatePath == null || templatePath.isBlank()) {
      throw new IllegalArgumentException(
          "PITBOSS_GAMESERVER_POD_TEMPLATE must name a YAML file holding the game-server pod"
              + " template (the Helm chart mounts one)");
    }
    JsonNode template;
    try {
      template = Serialization.unmarshal(Files.readString(Path.of(templatePath)), JsonNode.class);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the pod template " + templatePath, e);
    }
    return new OperatorConfig(
        env.getOrDefault("PITBOSS_WATCH_NAMESPACE", ""),
        template,
        env.getOrDefault("PITBOSS_GAMESERVER_CONTAINER", "game-server"),
        intEnv(env, "PITBOSS_GAMESERVER_PORT", 7654),
        intEnv(env, "PITBOSS_TABLES_PER_SERVER", 20),
        intEnv(env, "PITBOSS_PLAYERS_PER_SERVER", 200),
        intEnv(env, "PITBOSS_FLEET_REPLICAS", 1),
        intEnv(env, "PITBOSS_BUFFER_TABLES", 4),
        intEnv(env, "PITBOSS_MAX_TABLES_PER_REGION", 5000),
        blankToNull(env.get("PITBOSS_GAMESERVER_DEV_ADDRESS")),
        intEnv(env, "PITBOSS_METRICS_PORT", 8080),
        env.getOrDefault("PITBOSS_LEASE_NAMESPACE", env.getOrDefault("POD_NAMESPACE", "default")),
        true);
  }

  /** The same configuration with leader election on a Lease in {@code namespace}. */
  public OperatorConfig withLeaderElection(String namespace, boolean exitOnLost) {
    return new OperatorConfig(
        watchNamespace,
        podTemplate,
        container,
        gamePort,
        tablesPerServer,
        playersPerServer,
        fleetReplicas,
        bufferTables,
        maxTablesPerRegion,
        devAddress,
        metricsPort,
        namespace,
        exitOnLost);
  }

  /** The same configuration with development GameServers at {@code address} (see devAddress). */
  public OperatorConfig withDevAddress(String address) {
    return new OperatorConfig(
        watchNamespace,
        podTemplate,
        container,
        gamePort,
        tablesPerServer,
        playersPerServer,
        fleetReplicas,
        bufferTables,
        maxTablesPerRegion,
        address,
        metricsPort,
        leaseNamespace,
        exitOnLostLease);
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value.trim();
  }

  private static int intEnv(Map<String, String> env, String name, int fallback) {
    var value = env.get(name);
    if (value == null || value.isBlank()) return fallback;
    try {
      return Integer.parseInt(value.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + " must be an integer, got '" + value + "'", e);
    }
  }
}
