package dev.pitboss.operator;

import dev.pitboss.crds.agones.Agones;
import dev.pitboss.crds.agones.GameServer;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The game servers are the record of truth: list {@code tables} holds the ids of the tables a
 * server hosts, list {@code players} holds {@code <tableId>#<seat>} for every seated player (the
 * game server keeps both through the Agones SDK). A reconcile first looks at the informer's cached
 * view; only when that calls for a change does it re-read fresh from the API server and plan again,
 * so it never acts on a stale cache and a converged resource costs no API call.
 */
final class GameServers {
  static final String TABLES = "tables";
  static final String PLAYERS = "players";

  private final KubernetesClient client;

  GameServers(KubernetesClient client) {
    this.client = client;
  }

  /** A fresh read from the API server: what the operator acts on. */
  List<OpenTable> openTables(String namespace, String fleet, Owner owner) {
    var servers =
        client
            .resources(GameServer.class)
            .inNamespace(namespace)
            .withLabel(Agones.FLEET_LABEL, fleet)
            .list()
            .getItems();
    return openTables(servers, fleet, owner);
  }

  /** The owner's tables on the given servers (e.g. the informer's cached view). */
  static List<OpenTable> openTables(Collection<GameServer> servers, String fleet, Owner owner) {
    var open = new ArrayList<OpenTable>();
    for (var server : servers) {
      var status = server.getStatus();
      var labels = server.getMetadata().getLabels();
      if (labels == null || !fleet.equals(labels.get(Agones.FLEET_LABEL))) continue;
      if (status == null || Agones.STATE_SHUTDOWN.equals(status.state())) continue;
      var seated = new HashMap<String, Integer>();
      for (var player : status.list(PLAYERS).valuesOrEmpty()) {
        var hash = player.lastIndexOf('#');
        if (hash > 0) seated.merge(player.substring(0, hash), 1, Integer::sum);
      }
      for (var id : status.list(TABLES).valuesOrEmpty()) {
        if (!id.startsWith(owner.prefix())) continue;
        open.add(
            new OpenTable(
                id,
                server.getMetadata().getName(),
                status.address(),
                status.ports() == null || status.ports().isEmpty()
                    ? null
                    : status.ports().getFirst().port(),
                seated.getOrDefault(id, 0)));
      }
    }
    open.sort(Comparator.comparingInt(t -> Owner.indexOf(t.id())));
    return open;
  }

  /**
   * Removes an empty table from its game server, which then closes it (it watches its own
   * GameServer). The write is a JSON Patch that first tests what it checked — the players list as
   * it read it (or, without one, the resourceVersion) and the table's value at its index — and then
   * removes only that one value. A player who sat down in between makes a test fail and the
   * re-check refuses: a seated table is never closed. Tables placed on the same server meanwhile do
   * not make it fail (they are appended; the value test guards the index), so a busy server does
   * not starve the close. Nothing else on the GameServer is touched: Agones validates GameServers
   * only on create, so a write that dropped a field would be taken as it is.
   *
   * @return false if the table has a seated player (nothing changed)
   */
  boolean closeIfEmpty(String namespace, String gameServer, String tableId) {
    var named = client.resources(GameServer.class).inNamespace(namespace).withName(gameServer);
    for (int attempt = 0; ; attempt++) {
      var server = named.get();
      if (server == null || server.getStatus() == null) return true;
      var status = server.getStatus();
      int index = status.list(TABLES).valuesOrEmpty().indexOf(tableId);
      if (index < 0) return true;
      boolean seated =
          status.list(PLAYERS).valuesOrEmpty().stream().anyMatch(p -> p.startsWith(tableId + "#"));
      if (seated) return false;
      var players = status.lists() == null ? null : status.lists().get(PLAYERS);
      var guard =
          players != null
              ? test("/status/lists/" + PLAYERS, players)
              : test("/metadata/resourceVersion", server.getMetadata().getResourceVersion());
      try {
        // On the object read, not by name: fabric8 would GET a named resource again to patch it.
        client
            .resource(server)
            .patch(PatchContext.of(PatchType.JSON), removeListValue(guard, TABLES, index, tableId));
        return true;
      } catch (KubernetesClientException e) {
        // 422: a test failed (the server changed since it was read); 409: a write conflict.
        if ((e.getCode() != 409 && e.getCode() != 422) || attempt >= 10) throw e;
      }
    }
  }

  static Map<String, Object> test(String path, Object value) {
    return Map.of("op", "test", "path", path, "value", value);
  }

  /**
   * A JSON Patch (RFC 6902): the {@code guard} test, then remove {@code value} at {@code index} of
   * status list {@code key} after testing it is there.
   */
  static String removeListValue(Map<String, Object> guard, String key, int index, String value) {
    var path = "/status/lists/" + key + "/values/" + index;
    var ops = List.of(guard, test(path, value), Map.of("op", "remove", "path", path));
    return Serialization.asJson(ops);
  }
}
