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

  private final Capacity capacity;
  private final OperatorMetrics metrics;

  TableReconciler(Capacity capacity, OperatorMetrics metrics) {
    this.capacity = capacity;
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
    capacity.ensureFleet(table, spec.region());
    var owner = owner(table);
    var scaling = spec.scalingOrDefault();
    var pass =
        capacity.converge(
            table,
            owner,
            TableRules.cash(owner.prefix(), spec),
            spec.region(),
            context.getSecondaryResources(GameServer.class),
            open ->
                ScalingPlan.of(
                    open,
                    spec.seats(),
                    scaling.minTables(),
                    scaling.maxTables(),
                    scaling.freeSeats()));
    var plan = pass.plan();
    var outcome = pass.outcome();

    var phase =
        outcome.noCapacity()
            ? TablePhase.NoCapacity
            : plan.isEmpty() || outcome.carriedOut() ? TablePhase.Ready : TablePhase.Scaling;
    var status = status(table, outcome.open(), phase);
    UpdateControl<Table> control =
        status.equals(table.getStatus()) ? UpdateControl.noUpdate() : patch(table, status);
    if (phase != TablePhase.Ready) {
      // Retry for capacity, contention or a seated table to close even if no watch event arrives.
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
  public DeleteControl cleanup(Table table, Context<Table> context) {
    var owner = owner(table);
    var open =
        capacity.drain(
            table,
            owner,
            TableRules.cash(owner.prefix(), table.getSpec()),
            table.getSpec().region());
    return open.isEmpty()
        ? DeleteControl.defaultDelete()
        : DeleteControl.noFinalizerRemoval().rescheduleAfter(5_000);
  }
}
