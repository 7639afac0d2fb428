package dev.pitboss.operator;

import dev.pitboss.crds.agones.Agones;
import dev.pitboss.crds.agones.GameServerAllocation;
import dev.pitboss.crds.agones.GameServerAllocation.ListAction;
import dev.pitboss.crds.agones.GameServerAllocation.ListSelector;
import dev.pitboss.crds.agones.GameServerAllocation.Priority;
import dev.pitboss.crds.agones.GameServerAllocation.Selector;
import dev.pitboss.crds.agones.TemplateMetadata;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Places one table on a game server through a GameServerAllocation. High density: the first
 * selector takes an already-Allocated server with a free table slot, the second a Ready one, and
 * the List priority orders candidates fullest first. The table id is added to the server's list
 * {@code tables} by the allocation itself, atomically with the choice of server.
 *
 * <p>Real Agones answers the create synchronously (status in the response); a stand-in CRD stores
 * the request and its controller fills the status later, so we wait for it when it is missing.
 */
final class Allocator {

  record Result(String state, String gameServer, String address, Integer port) {
    boolean allocated() {
      return GameServerAllocation.ALLOCATED.equals(state);
    }
  }

  private final KubernetesClient client;
  private final Duration timeout;

  Allocator(KubernetesClient client, Duration timeout) {
    this.client = client;
    this.timeout = timeout;
  }

  Result allocate(String namespace, String fleet, String tableId) throws InterruptedException {
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
            new TemplateMetadata(Map.of("pitboss.dev/hosts-tables", "true"), null)));
    var created = client.resource(request).create();
    try {
      var answered = created.getStatus() != null ? created : await(created);
      var status = answered.getStatus();
      return new Result(
          status.state(),
          status.gameServerName(),
          status.address(),
          status.ports() == null || status.ports().isEmpty()
              ? null
              : status.ports().getFirst().port());
    } finally {
      // Real Agones keeps nothing to delete (404); the stand-in keeps the request object.
      client.resource(created).delete();
    }
  }

  private GameServerAllocation await(GameServerAllocation created) throws InterruptedException {
    var deadline = System.nanoTime() + timeout.toNanos();
    var named =
        client
            .resources(GameServerAllocation.class)
            .inNamespace(created.getMetadata().getNamespace())
            .withName(created.getMetadata().getName());
    long pause = 5;
    while (System.nanoTime() < deadline) {
      var current = named.get();
      if (current != null && current.getStatus() != null && current.getStatus().state() != null) {
        return current;
      }
      Thread.sleep(pause);
      pause = Math.min(pause * 2, 100);
    }
    throw new IllegalStateException(
        "GameServerAllocation "
            + created.getMetadata().getName()
            + " got no answer within "
            + timeout
            + " (is the Agones controller running?)");
  }
}
