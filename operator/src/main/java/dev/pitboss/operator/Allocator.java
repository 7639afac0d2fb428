package dev.pitboss.operator;

import dev.pitboss.crds.TableRules;
import dev.pitboss.crds.agones.Agones;
import dev.pitboss.crds.agones.GameServerAllocation;
import dev.pitboss.crds.agones.GameServerAllocation.ListAction;
import dev.pitboss.crds.agones.GameServerAllocation.ListSelector;
import dev.pitboss.crds.agones.GameServerAllocation.Priority;
import dev.pitboss.crds.agones.GameServerAllocation.Selector;
import dev.pitboss.crds.agones.TemplateMetadata;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.List;
import java.util.Map;

/**
 * Places one table on a game server through a GameServerAllocation. High density: the first
 * selector takes an already-Allocated server with a free table slot, the second a Ready one, and
 * the List priority orders candidates fullest first. The table id is added to the server's list
 * {@code tables} by the allocation itself, atomically with the choice of server, and the owner's
 * {@link TableRules} are copied onto the server as an annotation, where the game server reads them.
 *
 * <p>Agones serves allocations through an aggregated API: the answer is in the create response and
 * nothing is stored, so there is nothing to read back or delete. {@code Contention} (another
 * allocation took the server Agones chose) is retried at once, a few times.
 */
final class Allocator {
  static final String HOSTS_TABLES = "pitboss.dev/hosts-tables";
  static final int CONTENTION_RETRIES = 3;

  record Result(String state, String gameServer, String address, Integer port) {
    boolean allocated() {
      return GameServerAllocation.ALLOCATED.equals(state);
    }

    boolean contention() {
      return GameServerAllocation.CONTENTION.equals(state);
    }
  }

  private final KubernetesClient client;

  Allocator(KubernetesClient client) {
    this.client = client;
  }

  static GameServerAllocation request(
      String namespace, String fleet, String tableId, TableRules rules) {
    var room = Map.of(GameServers.TABLES, new ListSelector(null, 1L, null));
    var match = Map.of(Agones.FLEET_LABEL, fleet);
    var request = new GameServerAllocation();
    request.setMetadata(
        new ObjectMetaBuilder().withGenerateName("pitboss-").withNamespace(namespace).build());
    request.setSpec(
        new GameServerAllocation.Spec(
            "Packed",
            List.of(
                new Selector(match, Agones.STATE_ALLOCATED, room),
                new Selector(match, Agones.STATE_READY, room)),
            List.of(new Priority("List", GameServers.TABLES, "Ascending")),
            Map.of(GameServers.TABLES, new ListAction(List.of(tableId), null, null)),
            new TemplateMetadata(
                Map.of(HOSTS_TABLES, "true"),
                Map.of(rules.annotationKey(), Serialization.asJson(rules)))));
    return request;
  }

  Result allocate(String namespace, String fleet, String tableId, TableRules rules) {
    var request = request(namespace, fleet, tableId, rules);
    for (int attempt = 0; ; attempt++) {
      var answer = client.resource(request).create();
      var status = answer == null ? null : answer.getStatus();
      if (status == null || status.state() == null) {
        throw new IllegalStateException(
            "the GameServerAllocation for table "
                + tableId
                + " was answered without a state: is allocation.agones.dev served by Agones"
                + " (an aggregated API), not by a CRD?");
      }
      var result =
          new Result(
              status.state(),
              status.gameServerName(),
              status.address(),
              status.ports() == null || status.ports().isEmpty()
                  ? null
                  : status.ports().getFirst().port());
      if (!result.contention() || attempt >= CONTENTION_RETRIES) return result;
    }
  }
}
