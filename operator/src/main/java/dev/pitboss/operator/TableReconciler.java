package dev.pitboss.operator;

import dev.pitboss.crds.Table;
import dev.pitboss.crds.TablePhase;
import dev.pitboss.crds.TableRules;
import dev.pitboss.crds.TableStatus;
import dev.pitboss.crds.agones.GameServer;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.javaoperatorsdk.operator.api.reconciler.Cleaner;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import java.util.List;

/**
 * Keeps a Table's poker tables open: the region's Fleet exists, the open count stays within
 * [minTables, maxTables] with freeSeats free, surplus empty tables close. Status is derived from
 * the game servers after acting, so it shows what is actually running.
 */
final class TableReconciler implements Reconciler<Table>, Cleaner<Table> {
  static final String KIND = Owner.TABLE;

  private final RegionFleets fleets;
  private final GameServers gameServers;
  private final Placer placer;
  private final Events events;
  private final OperatorMetrics metrics;

  TableReconciler(
      RegionFleets fleets,
      GameServers gameServers,
      Placer placer,
      Events events,
      OperatorMetrics metrics) {
    this.fleets = fleets;
    this.gameServers = gameServers;
    this.placer = placer;
    this.events = events;
    this.metrics = metrics;
  }

  static Owner owner(Table table) {
    return new Owner(KIND, table.getMetadata().getNamespace(), table.getMetadata().getName());
  }

  @Override
  public List<EventSource<?, Table>> prepareEventSources(EventSourceContext<Table> context) {
    return GameServerWatch.eventSources(context, KIND);
  }

  @Override
  public UpdateControl<Table> reconcile(Table table, Context<Table> context) throws Exception {
    long start = System.nanoTime();
    boolean ok = false;
    try {
      var control = converge(table, context);
      ok = true;
      return control;
    } finally {
      metrics.reconciled(KIND, System.nanoTime() - start, ok);
    }
  }

  private UpdateControl<Table> converge(Table table, Context<Table> context) {
    var spec = table.getSpec();
    var namespace = table.getMetadata().getNamespace();
    for (var change : fleets.ensure(namespace, spec.region())) {
      events.normal(table, "FleetEnsured", change + " for region " + spec.region());
    }
    var owner = owner(table);
    var fleet = RegionFleets.fleetName(spec.region());
    var scaling = spec.scalingOrDefault();
    var cached =
        GameServers.openTables(context.getSecondaryResources(GameServer.class), fleet, owner);
    var before = cached;
    var plan =
        ScalingPlan.of(
            before, spec.seats(), scaling.minTables(), scaling.maxTables(), scaling.freeSeats());
    if (!plan.isEmpty()) {
      // Act only on a fresh read: the cache may not show a placement made a moment ago.
      before = gameServers.openTables(namespace, fleet, owner);
      plan =
          ScalingPlan.of(
              before, spec.seats(), scaling.minTables(), scaling.maxTables(), scaling.freeSeats());
    }
    var outcome =
        placer.apply(table, owner, TableRules.cash(owner.prefix(), spec), fleet, before, plan);
    if (outcome.noCapacity()) fleets.forget(namespace, spec.region());
    metrics.openTables(
        KIND, namespace + "/" + table.getMetadata().getName(), outcome.open().size());

    var phase =
        outcome.noCapacity()
            ? TablePhase.NoCapacity
            : plan.isEmpty() ? TablePhase.Ready : TablePhase.Scaling;
    var status = status(table, outcome.open(), phase);
    UpdateControl<Table> control =
        status.equals(table.getStatus()) ? UpdateControl.noUpdate() : patch(table, status);
    if (phase != TablePhase.Ready) {
      // Verify the result (or retry for capacity) even if no watch event arrives.
      var retry = outcome.retryAfterMillis();
      control.rescheduleAfter(retry > 0 ? retry : 1_000);
    }
    return control;
  }

  private static TableStatus status(Table table, List<OpenTable> open, TablePhase phase) {
    var seats = table.getSpec().seats();
    int seated = open.stream().mapToInt(OpenTable::seated).sum();
    int free = open.stream().mapToInt(t -> Math.max(0, seats - t.seated())).sum();
    var generation = table.getMetadata().getGeneration();
    var previous = table.getStatus() == null ? null : table.getStatus().conditions();
    var ready =
        switch (phase) {
          case Ready ->
              Conditions.of(
                  previous,
                  "Ready",
                  true,
                  "Converged",
                  open.size() + " tables open, " + free + " seats free",
                  generation);
          case Scaling ->
              Conditions.of(
                  previous, "Ready", false, "Scaling", "opening or closing tables", generation);
          case NoCapacity ->
              Conditions.of(
                  previous,
                  "Ready",
                  false,
                  "NoCapacity",
                  "no game server has room for another table; waiting for the fleet to scale",
                  generation);
        };
    return new TableStatus(
        generation,
        phase,
        open.size(),
        seated,
        free,
        open.stream().map(OpenTable::placement).toList(),
        List.of(ready));
  }

  /** Server-side apply of only the status we own, on a fresh object. */
  private static UpdateControl<Table> patch(Table table, TableStatus status) {
    var fresh = new Table();
    fresh.setMetadata(
        new ObjectMetaBuilder()
            .withName(table.getMetadata().getName())
            .withNamespace(table.getMetadata().getNamespace())
            .build());
    fresh.setStatus(status);
    return UpdateControl.patchStatus(fresh);
  }

  @Override
  public DeleteControl cleanup(Table table, Context<Table> context) throws Exception {
    var namespace = table.getMetadata().getNamespace();
    var region = table.getSpec().region();
    var fleet = RegionFleets.fleetName(region);
    var owner = owner(table);
    var open = gameServers.openTables(namespace, fleet, owner);
    var outcome =
        placer.apply(
            table,
            owner,
            TableRules.cash(owner.prefix(), table.getSpec()),
            fleet,
            open,
            new ScalingPlan(0, open.stream().map(OpenTable::id).toList()));
    metrics.openTables(
        KIND, namespace + "/" + table.getMetadata().getName(), outcome.open().size());
    if (!outcome.open().isEmpty()) {
      events.normal(
          table,
          "Draining",
          outcome.open().size() + " tables still have seated players; they close when empty");
      return DeleteControl.noFinalizerRemoval().rescheduleAfter(5_000);
    }
    if (fleets.removeIfUnused(namespace, region, table)) {
      events.normal(
          table, "FleetRemoved", "no Table or Tournament uses region " + region + " any more");
    }
    return DeleteControl.defaultDelete();
  }
}
