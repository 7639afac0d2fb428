package dev.pitboss.matchmaker;

import dev.pitboss.crds.Table;
import dev.pitboss.crds.Tournament;
import io.micronaut.serde.annotation.Serdeable;
import java.util.ArrayList;
import java.util.List;

/** What the lobby shows: table types with their open tables, and tournaments. */
public final class Lobby {
  private final Catalog catalog;
  private final TableAds ads;
  private final Seating seating;

  Lobby(Catalog catalog, TableAds ads, Seating seating) {
    this.catalog = catalog;
    this.ads = ads;
    this.seating = seating;
  }

  @Serdeable
  public record TableType(
      String namespace,
      String name,
      String game,
      int seats,
      long smallBlind,
      long bigBlind,
      String currency,
      long minBuyIn,
      long maxBuyIn,
      String region,
      int openTables,
      int freeSeats,
      int waiting) {}

  @Serdeable
  public record TournamentSummary(
      String namespace,
      String name,
      String phase,
      long buyIn,
      long fee,
      String currency,
      long startingStack,
      int seats,
      int minPlayers,
      int maxPlayers,
      String startTime,
      String lateRegistrationClosesAt,
      Integer entrants,
      Integer playersLeft) {}

  @Serdeable
  public record Snapshot(List<TableType> tableTypes, List<TournamentSummary> tournaments) {}

  @Serdeable
  public record TableTypeDetail(TableType type, List<TableAd> tables) {}

  TableType type(Table t, List<TableAd> open) {
    var spec = t.getSpec();
    int free = open.stream().filter(a -> !a.closing()).mapToInt(TableAd::free).sum();
    var owner = TableIds.cashOwner(t.getMetadata().getNamespace(), t.getMetadata().getName());
    return new TableType(
        t.getMetadata().getNamespace(),
        t.getMetadata().getName(),
        spec.game() == null ? null : spec.game().name().toLowerCase(java.util.Locale.ROOT),
        spec.seats(),
        spec.stakes().smallBlind(),
        spec.stakes().bigBlind(),
        spec.stakes().currency(),
        spec.buyIn().min(),
        spec.buyIn().max(),
        spec.region(),
        open.size(),
        free,
        seating.waiting(owner));
  }

  static TournamentSummary summary(Tournament t) {
    var spec = t.getSpec();
    var status = t.getStatus();
    return new TournamentSummary(
        t.getMetadata().getNamespace(),
        t.getMetadata().getName(),
        status == null || status.phase() == null ? "Scheduled" : status.phase().toString(),
        spec.buyIn().amount(),
        spec.buyIn().fee(),
        spec.buyIn().currency(),
        spec.startingStack(),
        spec.seats(),
        spec.players().min(),
        spec.players().max(),
        spec.startTime(),
        spec.registration() == null ? null : spec.registration().lateClosesAt(),
        status == null ? null : status.entrants(),
        status == null ? null : status.playersLeft());
  }

  private volatile Snapshot cached;
  private volatile long cachedAt;

  /** The lobby, computed at most once a second however many clients watch it. */
  public Snapshot snapshot() {
    long now = System.nanoTime();
    var snapshot = cached;
    if (snapshot == null || now - cachedAt > 1_000_000_000L) {
      snapshot = compute();
      cached = snapshot;
      cachedAt = now;
    }
    return snapshot;
  }

  private Snapshot compute() {
    var types = new ArrayList<TableType>();
    for (var t : catalog.tables()) {
      var owner = TableIds.cashOwner(t.getMetadata().getNamespace(), t.getMetadata().getName());
      types.add(type(t, ads.of(owner)));
    }
    return new Snapshot(types, catalog.tournaments().stream().map(Lobby::summary).toList());
  }

  public TableTypeDetail detail(String namespace, String name) {
    var t =
        catalog
            .table(namespace, name)
            .orElseThrow(
                () ->
                    ProblemException.notFound(
                        "unknown-table-type",
                        "Unknown table type",
                        "there is no table type " + namespace + "/" + name));
    var open = ads.of(TableIds.cashOwner(namespace, name));
    return new TableTypeDetail(type(t, open), open);
  }
}
