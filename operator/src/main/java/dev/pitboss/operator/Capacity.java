package dev.pitboss.operator;

import dev.pitboss.crds.TableRules;
import dev.pitboss.crds.agones.GameServer;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.function.Function;

/**
 * The capacity work a Table and a Tournament share, written once: keep the region's Fleet, bring an
 * owner's open tables to what its plan asks for, and drain them when the owner goes.
 */
final class Capacity {

  /** What a pass did: the plan it acted on and the outcome. */
  record Pass(ScalingPlan plan, Placer.Outcome outcome) {}

  private final RegionFleets fleets;
  private final GameServers gameServers;
  private final Placer placer;
  private final Events events;
  private final OperatorMetrics metrics;
  private final PendingPlacements pending;

  Capacity(
      RegionFleets fleets,
      GameServers gameServers,
      Placer placer,
      Events events,
      OperatorMetrics metrics,
      PendingPlacements pending) {
    this.fleets = fleets;
    this.gameServers = gameServers;
    this.placer = placer;
    this.events = events;
    this.metrics = metrics;
    this.pending = pending;
  }

  /** Creates or corrects the region's Fleet and FleetAutoscaler, with an Event per change. */
  void ensureFleet(HasMetadata resource, String region) {
    for (var change : fleets.ensure(resource.getMetadata().getNamespace(), region)) {
      events.normal(resource, "FleetEnsured", change + " for region " + region);
    }
  }

  /**
   * Plans on the informer's cached view of the game servers corrected by the {@link
   * PendingPlacements} this operator made (a stale cache never causes a double placement, and
   * neither a converged owner nor a placement costs a read of the region's game servers); only an
   * owner whose state is uncertain re-reads them fresh from the API server. Then places and closes.
   */
  Pass converge(
      HasMetadata resource,
      Owner owner,
      TableRules rules,
      String region,
      Collection<GameServer> cached,
      Function<List<OpenTable>, ScalingPlan> planner) {
    var fleet = RegionFleets.fleetName(region);
    var before =
        pending
            .view(owner, GameServers.openTables(cached, fleet, owner))
            .orElseGet(() -> fresh(owner, fleet));
    if (!Copies.of(before).extra().isEmpty()) before = closeExtraCopies(resource, owner, before);
    var plan = planner.apply(before);
    var outcome = placer.apply(resource, owner, rules, fleet, before, plan);
    if (outcome.noCapacity()) fleets.forget(owner.namespace(), region);
    metrics.openTables(owner.kind(), owner.namespace() + "/" + owner.name(), outcome.open().size());
    return new Pass(plan, outcome);
  }

  private List<OpenTable> fresh(Owner owner, String fleet) {
    var open = gameServers.openTables(owner.namespace(), fleet, owner);
    pending.refreshed(owner);
    return open;
  }

  /**
   * One table id on two game servers: an allocation whose answer was lost (a timeout) was placed
   * all the same, and the retry placed the id again. The copy with the most players (then the first
   * by server name) is the table; the others are extra.
   */
  record Copies(List<OpenTable> kept, List<OpenTable> extra) {
    static Copies of(List<OpenTable> open) {
      var byId = new java.util.LinkedHashMap<String, List<OpenTable>>();
      for (var table : open) byId.computeIfAbsent(table.id(), id -> new ArrayList<>()).add(table);
      var kept = new ArrayList<OpenTable>();
      var extra = new ArrayList<OpenTable>();
      for (var copies : byId.values()) {
        copies.sort(
            java.util.Comparator.comparingInt(OpenTable::seated)
                .reversed()
                .thenComparing(OpenTable::gameServer));
        kept.add(copies.getFirst());
        extra.addAll(copies.subList(1, copies.size()));
      }
      return new Copies(List.copyOf(kept), List.copyOf(extra));
    }
  }

  /**
   * Closes the extra copies of a table that are empty (a Warning event each); one with a seated
   * player stays open, as every seated table does, and counts as a table of its own.
   */
  private List<OpenTable> closeExtraCopies(
      HasMetadata resource, Owner owner, List<OpenTable> open) {
    var copies = Copies.of(open);
    if (copies.extra().isEmpty()) return open;
    var result = new ArrayList<>(copies.kept());
    for (var extra : copies.extra()) {
      if (gameServers.closeIfEmpty(owner.namespace(), extra.gameServer(), extra.id())) {
        pending.closed(owner, extra);
        events.warning(
            resource,
            "DuplicateTableClosed",
            "table "
                + extra.id()
                + " was placed twice; the empty copy on game server "
                + extra.gameServer()
                + " was closed");
      } else {
        result.add(extra);
      }
    }
    result.sort(java.util.Comparator.comparingInt(t -> Owner.indexOf(t.id())));
    return List.copyOf(result);
  }

  /**
   * Closes every empty table of a leaving owner. Tables with a seated player stay open (a {@code
   * Draining} Event says how many); once none is left, the region's Fleet goes too if no other
   * Table or Tournament uses it.
   *
   * @return the tables still open
   */
  List<OpenTable> drain(HasMetadata resource, Owner owner, TableRules rules, String region) {
    var namespace = owner.namespace();
    var fleet = RegionFleets.fleetName(region);
    var open = fresh(owner, fleet);
    var outcome =
        placer.apply(
            resource,
            owner,
            rules,
            fleet,
            open,
            new ScalingPlan(0, open.stream().map(OpenTable::id).toList()));
    metrics.openTables(owner.kind(), namespace + "/" + owner.name(), outcome.open().size());
    // The owner is gone once its tables are: nothing of it is pending any more.
    if (outcome.open().isEmpty()) pending.refreshed(owner);
    if (!outcome.open().isEmpty()) {
      events.normal(
          resource,
          "Draining",
          outcome.open().size() + " tables still have seated players; they close when empty");
    } else if (fleets.removeIfUnused(namespace, region, resource)) {
      events.normal(
          resource, "FleetRemoved", "no Table or Tournament uses region " + region + " any more");
    }
    return outcome.open();
  }
}
