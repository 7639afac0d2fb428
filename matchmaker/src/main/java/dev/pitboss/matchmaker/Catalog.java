package dev.pitboss.matchmaker;

import dev.pitboss.crds.Table;
import dev.pitboss.crds.Tournament;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.IntSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The table types and tournaments the platform team declared, as {@code Table} and {@code
 * Tournament} resources, from informers (a local cache kept current by a watch), so the lobby and
 * seat requests never wait on the API server. Writes only the Tournament status fields the
 * matchmaker owns.
 */
public final class Catalog implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Catalog.class);

  /** How often a count is taken again after another writer changed the Tournament first. */
  static final int REPORT_ATTEMPTS = 10;

  private final KubernetesClient client;

  /** Striped, so they stay bounded however many tournaments come and go. */
  private final ReentrantLock[] reporting = new ReentrantLock[64];

  private final SharedIndexInformer<Table> tables;
  private final SharedIndexInformer<Tournament> tournaments;

  public Catalog(KubernetesClient client) {
    this.client = client;
    java.util.Arrays.setAll(reporting, i -> new ReentrantLock());
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

  /**
   * Writes the number registered so far as {@code entrants} and {@code playersLeft}: counted by
   * {@code registered} after a fresh read of the Tournament, and written only if nothing else wrote
   * it since (its resourceVersion in the patch), else counted and written again. Registrations land
   * concurrently, on this replica and others, and a count taken earlier must never overwrite a
   * later one: the operator starts the tournament, opens its tables, or cancels it for too few
   * entrants on this number. Reports of one tournament on this replica take turns, so they do not
   * conflict with each other. If other writers win every attempt the count is left to the next
   * report (and to the director, which corrects it before the draw).
   */
  public void reportRegistered(String namespace, String name, IntSupplier registered) {
    var lock = reporting[Math.floorMod((namespace + "/" + name).hashCode(), reporting.length)];
    var resource = client.resources(Tournament.class).inNamespace(namespace).withName(name);
    lock.lock();
    try {
      for (int attempt = 1; attempt <= REPORT_ATTEMPTS; attempt++) {
        var current = resource.get();
        if (current == null) {
          return;
        }
        int n = registered.getAsInt();
        try {
          resource
              .subresource("status")
              .patch(
                  PatchContext.of(PatchType.JSON_MERGE),
                  "{\"metadata\":{\"resourceVersion\":\""
                      + current.getMetadata().getResourceVersion()
                      + "\"},\"status\":{\"entrants\":"
                      + n
                      + ",\"playersLeft\":"
                      + n
                      + "}}");
          return;
        } catch (KubernetesClientException e) {
          if (e.getCode() != 409) {
            throw e;
          }
        }
      }
      log.warn(
          "{}/{}: the entrant count lost to other writers {} times; the next report writes it",
          namespace,
          name,
          REPORT_ATTEMPTS);
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void close() {
    tables.close();
    tournaments.close();
  }
}
