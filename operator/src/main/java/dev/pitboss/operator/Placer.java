package dev.pitboss.operator;

import dev.pitboss.crds.TableRules;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;

/** Carries out a {@link ScalingPlan} for one owner, with an Event for every placement and close. */
final class Placer {

  /**
   * The tables open afterwards; {@code noCapacity} if Agones had no server with room ({@code
   * UnAllocated}), {@code contended} if other allocations kept taking the chosen server, {@code
   * blocked} if a table to close still had a player.
   */
  record Outcome(
      List<OpenTable> open,
      boolean changed,
      boolean noCapacity,
      boolean contended,
      boolean blocked) {

    /** Whether the plan was carried out whole: every table asked for placed, every close done. */
    boolean carriedOut() {
      return !noCapacity && !contended && !blocked;
    }

    /** Milliseconds until the result is looked at again, or 0 if nothing calls for it. */
    long retryAfterMillis() {
      if (noCapacity) return 5_000;
      if (contended) return 200;
      return 0;
    }
  }

  private final GameServers gameServers;
  private final Allocator allocator;
  private final Events events;
  private final OperatorMetrics metrics;
  private final PendingPlacements pending;

  Placer(
      GameServers gameServers,
      Allocator allocator,
      Events events,
      OperatorMetrics metrics,
      PendingPlacements pending) {
    this.gameServers = gameServers;
    this.allocator = allocator;
    this.events = events;
    this.metrics = metrics;
    this.pending = pending;
  }

  Outcome apply(
      HasMetadata resource,
      Owner owner,
      TableRules rules,
      String fleet,
      List<OpenTable> before,
      ScalingPlan plan) {
    var open = new ArrayList<>(before);
    var namespace = owner.namespace();
    boolean noCapacity = false;
    boolean contended = false;
    boolean blocked = false;
    var used = new HashSet<Integer>();
    open.forEach(t -> used.add(Owner.indexOf(t.id())));
    int next = 0;
    for (int i = 0; i < plan.toOpen(); i++) {
      while (used.contains(next)) next++;
      var id = owner.tableId(next);
      Allocator.Result result;
      try {
        result = allocator.allocate(namespace, fleet, id, rules);
      } catch (RuntimeException e) {
        pending.lostAnswer(owner);
        throw e;
      }
      if (result.contention()) {
        contended = true;
        break;
      }
      if (!result.allocated()) {
        noCapacity = true;
        events.warning(
            resource,
            "NoCapacity",
            "no game server in Fleet "
                + fleet
                + " has room for table "
                + id
                + " ("
                + result.state()
                + ")");
        break;
      }
      used.add(next);
      var placed = new OpenTable(id, result.gameServer(), result.address(), result.port(), 0);
      open.add(placed);
      pending.placed(owner, placed);
      metrics.placed(owner.kind());
      events.normal(
          resource, "TablePlaced", "table " + id + " placed on game server " + result.gameServer());
    }
    for (var id : plan.toClose()) {
      var table = open.stream().filter(t -> t.id().equals(id)).findFirst().orElseThrow();
      if (gameServers.closeIfEmpty(namespace, table.gameServer(), id)) {
        open.remove(table);
        pending.closed(owner, table);
        metrics.closed(owner.kind());
        events.normal(
            resource,
            "TableClosed",
            "empty table " + id + " closed on game server " + table.gameServer());
      } else {
        blocked = true;
      }
    }
    open.sort(java.util.Comparator.comparingInt(t -> Owner.indexOf(t.id())));
    boolean changed = open.size() != before.size() || !open.equals(before);
    return new Outcome(List.copyOf(open), changed, noCapacity, contended, blocked);
  }
}
