package dev.pitboss.matchmaker;

import dev.pitboss.crds.Table;
import dev.pitboss.crds.Tournament;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The table types and tournaments the platform team declared, as {@code Table} and {@code
 * Tournament} resources, from informers (a local cache kept current by a watch), so the lobby and
 * seat requests never wait on the API server. Writes only the Tournament status fields the
 * matchmaker owns.
 */
public final class Catalog implements AutoCloseable {
  private final KubernetesClient client;
  private final SharedIndexInformer<Table> tables;
  private final SharedIndexInformer<Tournament> tournaments;

  public Catalog(KubernetesClient client) {
    this.client = client;
    this.tables = client.resources(Table.class).inAnyNamespace().inform();
    this.tournaments = client.resources(Tournament.class).inAnyNamespace().inform();
  }

  public boolean synced() {
    return tables.hasSynced() && tournaments.hasSynced() && tables.isWatching();
  }

  public Optional<Table> table(String namespace, String name) {
    return Optional.ofNullable(tables.getIndexer().getByKey(namespace + "/" + name));
  }

  public List<Table> tables() {
    return tables.getStore().list().stream()
        .sorted(
            Comparator.comparing((Table t) -> t.getMetadata().getNamespace())
                .thenComparing(t -> t.getMetadata().getName()))
        .toList();
  }

  public Optional<Tournament> tournament(String namespace, String name) {
    return Optional.ofNullable(tournaments.getIndexer().getByKey(namespace + "/" + name));
  }

  public List<Tournament> tournaments() {
    return tournaments.getStore().list().stream()
        .sorted(
            Comparator.comparing((Tournament t) -> t.getMetadata().getNamespace())
                .thenComparing(t -> t.getMetadata().getName()))
        .toList();
  }

  /**
   * Writes {@code status.entrants} and {@code status.playersLeft} with a JSON merge patch of the
   * status subresource: only these two fields, so the operator's server-side-applied fields stay
   * the operator's.
   */
  public void reportPlayers(String namespace, String name, int entrants, int playersLeft) {
    client
        .resources(Tournament.class)
        .inNamespace(namespace)
        .withName(name)
        .subresource("status")
        .patch(
            PatchContext.of(PatchType.JSON_MERGE),
            "{\"status\":{\"entrants\":" + entrants + ",\"playersLeft\":" + playersLeft + "}}");
  }

  @Override
  public void close() {
    tables.close();
    tournaments.close();
  }
}
