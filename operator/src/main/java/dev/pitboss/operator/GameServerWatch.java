package dev.pitboss.operator;

import dev.pitboss.crds.agones.GameServer;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A change on a game server reconciles every Table or Tournament whose tables it hosts, read from
 * the table ids in its list {@code tables}: a player sitting down, a table closing, a server lost.
 */
final class GameServerWatch {
  private GameServerWatch() {}

  static <P extends HasMetadata> List<EventSource<?, P>> eventSources(
      EventSourceContext<P> context, String kind) {
    var configuration =
        InformerEventSourceConfiguration.from(GameServer.class, context.getPrimaryResourceClass())
            .withName("gameservers")
            .withLabelSelector(RegionFleets.REGION)
            .withSecondaryToPrimaryMapper((GameServer server) -> owners(server, kind))
            .build();
    return List.of(new InformerEventSource<>(configuration, context));
  }

  static Set<ResourceID> owners(GameServer server, String kind) {
    var status = server.getStatus();
    if (status == null) return Set.of();
    return status.list(GameServers.TABLES).valuesOrEmpty().stream()
        .map(Owner::ofTableId)
        .flatMap(Optional::stream)
        .filter(o -> o.kind().equals(kind))
        .map(o -> new ResourceID(o.name(), o.namespace()))
        .collect(Collectors.toSet());
  }
}
