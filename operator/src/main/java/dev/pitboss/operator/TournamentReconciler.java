package dev.pitboss.operator;

import dev.pitboss.crds.Money;
import dev.pitboss.crds.TableRules;
import dev.pitboss.crds.Tournament;
import dev.pitboss.crds.TournamentPhase;
import dev.pitboss.crds.TournamentSpec;
import dev.pitboss.crds.TournamentStatus;
import dev.pitboss.crds.agones.GameServer;
import dev.pitboss.engine.clock.BlindSchedule;
import dev.pitboss.engine.clock.ClockReading;
import dev.pitboss.engine.clock.Period;
import dev.pitboss.engine.clock.TournamentClock;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.javaoperatorsdk.operator.api.reconciler.Cleaner;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The tournament phase machine: Scheduled → Registering → Running → Completed, or Cancelled. At the
 * start it places ceil(entrants / seats) tables; as the matchmaker breaks tables (playersLeft
 * falls) it releases the empty ones. Cancel, a failed start and delete release every held buy-in
 * through the wallet before the resource may go away.
 */
final class TournamentReconciler implements Reconciler<Tournament>, Cleaner<Tournament> {
  static final String KIND = Owner.TOURNAMENT;

  /** Phases are re-evaluated at least this often, so a missed timer never stalls a start. */
  static final long MAX_WAIT_MS = 30_000;

  /** How soon a failed release of the buy-ins is tried again. */
  static final long RELEASE_RETRY_MS = 15_000;

  /**
   * Set by a platform operator who settles the buy-ins by hand (value: who and why): deleting the
   * Tournament then removes the finalizer without releasing them, and says so in a Warning event.
   */
  static final String SKIP_RELEASE = "pitboss.dev/skip-buy-in-release";

  static final String BUY_INS_RELEASED = "BuyInsReleased";

  private final Capacity capacity;
  private final Events events;
  private final OperatorMetrics metrics;
  private final BuyInHolds holds;
  private final Clock clock;

  TournamentReconciler(
      Capacity capacity, Events events, OperatorMetrics metrics, BuyInHolds holds, Clock clock) {
    this.capacity = capacity;
    this.events = events;
    this.metrics = metrics;
    this.holds = holds;
    this.clock = clock;
  }

  static Owner owner(Tournament tournament) {
    return new Owner(
        KIND, tournament.getMetadata().getNamespace(), tournament.getMetadata().getName());
  }

  @Override
  public List<EventSource<?, Tournament>> prepareEventSources(
      EventSourceContext<Tournament> context) {
    return GameServerWatch.eventSources(context, KIND);
  }

  @Override
  public UpdateControl<Tournament> reconcile(Tournament tournament, Context<Tournament> context)
      throws Exception {
    long start = System.nanoTime();
    boolean ok = false;
    try {
      var control = converge(tournament, context);
      ok = true;
      return control;
    } finally {
      metrics.reconciled(KIND, System.nanoTime() - start, ok);
    }
  }

  private UpdateControl<Tournament> converge(Tournament tournament, Context<Tournament> context) {
    var spec = tournament.getSpec();
    var current = tournament.getStatus();
    var was = current == null ? null : current.phase();
    var now = clock.instant();
    int entrants = current == null || current.entrants() == null ? 0 : current.entrants();
    Integer playersLeft = current == null ? null : current.playersLeft();
    var startedAt = current == null ? null : current.startedAt();
    var startTime = Instant.parse(spec.startTime());

    TournamentPhase phase;
    String why;
    if (was != null && was.isFinal()) {
      phase = was;
      why = current.conditions() == null ? "" : current.conditions().getFirst().getMessage();
    } else if (spec.cancelRequested()) {
      phase = TournamentPhase.Cancelled;
      why = "cancelled by spec.cancelled";
    } else if (was == TournamentPhase.Running) {
      phase =
          playersLeft != null && playersLeft <= 1
              ? TournamentPhase.Completed
              : TournamentPhase.Running;
      why = phase == TournamentPhase.Completed ? "a winner is left" : "in play";
    } else if (!now.isBefore(startTime)) {
      if (entrants >= spec.players().min()) {
        phase = TournamentPhase.Running;
        why = "started with " + entrants + " entrants";
        startedAt = now.toString();
      } else {
        phase = TournamentPhase.Cancelled;
        why =
            "not enough entrants at the start: "
                + entrants
                + " registered, "
                + spec.players().min()
                + " needed";
      }
    } else if (opensAt(spec) == null || !now.isBefore(opensAt(spec))) {
      phase = TournamentPhase.Registering;
      why = "registration open until " + spec.startTime();
    } else {
      phase = TournamentPhase.Scheduled;
      why = "registration opens at " + spec.registration().opensAt();
    }

    if (phase == TournamentPhase.Cancelled && was != TournamentPhase.Cancelled) {
      // Released before the phase is recorded: a failure here retries the whole transition.
      // A Running tournament is refunded the same way: every buy-in and fee back in full.
      try {
        holds.releaseAll(owner(tournament).prefix(), "cancel:" + tournament.getMetadata().getUid());
      } catch (RuntimeException e) {
        return releaseFailed(tournament, "cancelled (" + why + ")", e);
      }
      events.normal(tournament, "BuyInsReleased", "every held buy-in refunded in full: " + why);
    }
    if (phase != was) {
      events.normal(
          tournament, "PhaseChanged", (was == null ? "new" : was) + " → " + phase + ": " + why);
    }

    int left = playersLeft == null ? entrants : playersLeft;
    int wanted = phase == TournamentPhase.Running ? Math.ceilDiv(left, spec.seats()) : 0;
    if (wanted > 0) capacity.ensureFleet(tournament, spec.region());
    var owner = owner(tournament);
    var pass =
        capacity.converge(
            tournament,
            owner,
            TableRules.tournament(owner.prefix(), spec),
            spec.region(),
            context.getSecondaryResources(GameServer.class),
            open -> ScalingPlan.of(open, spec.seats(), wanted, wanted, 0));
    var plan = pass.plan();
    var outcome = pass.outcome();

    var status = status(tournament, phase, why, startedAt, outcome, now);
    UpdateControl<Tournament> control =
        sameOwnedFields(status, current) ? UpdateControl.noUpdate() : patch(tournament, status);
    return control.rescheduleAfter(nextLook(spec, phase, startedAt, now, plan, outcome));
  }

  /**
   * The wallet refused or could not be reached: the phase stays as it was, and a condition and a
   * Warning event (aggregated while it repeats) say why, until a retry succeeds.
   */
  private UpdateControl<Tournament> releaseFailed(
      Tournament tournament, String what, RuntimeException e) {
    var message =
        "the held buy-ins of this "
            + what
            + " Tournament could not be released, retrying: "
            + e.getMessage();
    events.warning(tournament, "BuyInsNotReleased", message);
    var current = tournament.getStatus();
    var previous = current == null ? null : current.conditions();
    var generation = tournament.getMetadata().getGeneration();
    var conditions = new java.util.ArrayList<io.fabric8.kubernetes.api.model.Condition>();
    if (previous != null) {
      previous.stream().filter(c -> !BUY_INS_RELEASED.equals(c.getType())).forEach(conditions::add);
    }
    conditions.add(
        Conditions.of(previous, BUY_INS_RELEASED, false, "ReleaseFailed", message, generation));
    var status =
        new TournamentStatus(
            current == null ? null : current.observedGeneration(),
            current == null ? null : current.phase(),
            null,
            null,
            current == null ? null : current.currentLevel(),
            current == null ? null : current.tables(),
            current == null ? null : current.prizePool(),
            current == null ? null : current.startedAt(),
            current == null ? null : current.placements(),
            List.copyOf(conditions));
    return patch(tournament, status).rescheduleAfter(RELEASE_RETRY_MS);
  }

  private static Instant opensAt(TournamentSpec spec) {
    return spec.registration() == null || spec.registration().opensAt() == null
        ? null
        : Instant.parse(spec.registration().opensAt());
  }

  private TournamentStatus status(
      Tournament tournament,
      TournamentPhase phase,
      String why,
      String startedAt,
      Placer.Outcome outcome,
      Instant now) {
    var spec = tournament.getSpec();
    var current = tournament.getStatus();
    int entrants = current == null || current.entrants() == null ? 0 : current.entrants();
    var generation = tournament.getMetadata().getGeneration();
    var previous = current == null ? null : current.conditions();
    boolean settled = !outcome.noCapacity() && !outcome.changed() && !outcome.blocked();
    var ready =
        Conditions.of(
            previous,
            "Ready",
            settled,
            outcome.noCapacity() ? "NoCapacity" : settled ? phase.name() : "Placing",
            why,
            generation);
    return new TournamentStatus(
        generation,
        phase,
        null,
        null,
        phase == TournamentPhase.Running ? currentLevel(spec, startedAt, now) : null,
        outcome.open().size(),
        new Money(
            Math.multiplyExact((long) entrants, spec.buyIn().amount()), spec.buyIn().currency()),
        startedAt,
        outcome.open().stream().map(OpenTable::placement).toList(),
        List.of(ready));
  }

  /**
   * The engine's tournament clock on the spec's blind schedule from {@code startedAt}: the same
   * arithmetic the game servers deal by, so the level shown and the level played cannot differ.
   */
  static TournamentClock clock(TournamentSpec spec, String startedAt) {
    var periods =
        spec.blinds().stream()
            .map(
                b ->
                    (Period)
                        new Period.Level(
                            b.smallBlind(),
                            b.bigBlind(),
                            b.ante(),
                            Duration.ofMinutes(b.minutes())))
            .toList();
    return TournamentClock.startingAt(Instant.parse(startedAt), new BlindSchedule(periods));
  }

  /** 1-based blind level at {@code now}; the last level lasts until the tournament ends. */
  static int currentLevel(TournamentSpec spec, String startedAt, Instant now) {
    if (startedAt == null) return 1;
    return switch (clock(spec, startedAt).at(now)) {
      case ClockReading.InLevel level -> level.level();
      case ClockReading.OnBreak onBreak -> onBreak.nextLevel();
      case ClockReading.NotStarted notStarted -> 1;
    };
  }

  private long nextLook(
      TournamentSpec spec,
      TournamentPhase phase,
      String startedAt,
      Instant now,
      ScalingPlan plan,
      Placer.Outcome outcome) {
    if (outcome.retryAfterMillis() > 0) return outcome.retryAfterMillis();
    if (!plan.isEmpty()) return 1_000;
    Instant next =
        switch (phase) {
          case Scheduled -> opensAt(spec);
          case Registering -> Instant.parse(spec.startTime());
          case Running -> nextLevelBoundary(spec, startedAt, now);
          case Completed, Cancelled -> null;
        };
    if (next == null) return MAX_WAIT_MS;
    return Math.clamp(Duration.between(now, next).toMillis() + 1, 1, MAX_WAIT_MS);
  }

  /** When the level in force at {@code now} ends; null for the last level. */
  private static Instant nextLevelBoundary(TournamentSpec spec, String startedAt, Instant now) {
    if (startedAt == null) return null;
    return switch (clock(spec, startedAt).at(now)) {
      case ClockReading.InLevel level -> level.last() ? null : now.plus(level.remaining());
      case ClockReading.OnBreak onBreak -> now.plus(onBreak.remaining());
      case ClockReading.NotStarted notStarted -> now.plus(notStarted.startsIn());
    };
  }

  /** entrants and playersLeft belong to the matchmaker: never compared, never written. */
  private static boolean sameOwnedFields(TournamentStatus wanted, TournamentStatus current) {
    return current != null
        && Objects.equals(wanted.observedGeneration(), current.observedGeneration())
        && wanted.phase() == current.phase()
        && Objects.equals(wanted.currentLevel(), current.currentLevel())
        && Objects.equals(wanted.tables(), current.tables())
        && Objects.equals(wanted.prizePool(), current.prizePool())
        && Objects.equals(wanted.startedAt(), current.startedAt())
        && Objects.equals(wanted.placements(), current.placements())
        && Objects.equals(wanted.conditions(), current.conditions());
  }

  private static UpdateControl<Tournament> patch(Tournament tournament, TournamentStatus status) {
    var fresh = new Tournament();
    fresh.setMetadata(
        new ObjectMetaBuilder()
            .withName(tournament.getMetadata().getName())
            .withNamespace(tournament.getMetadata().getNamespace())
            .build());
    fresh.setStatus(status);
    return UpdateControl.patchStatus(fresh);
  }

  /** In the finalizer there is no status update to return: the condition is patched directly. */
  private static void releaseFailedCondition(
      Context<Tournament> context, Tournament tournament, String message) {
    var previous = tournament.getStatus() == null ? null : tournament.getStatus().conditions();
    var conditions = new java.util.ArrayList<io.fabric8.kubernetes.api.model.Condition>();
    if (previous != null) {
      previous.stream().filter(c -> !BUY_INS_RELEASED.equals(c.getType())).forEach(conditions::add);
    }
    conditions.add(
        Conditions.of(
            previous,
            BUY_INS_RELEASED,
            false,
            "ReleaseFailed",
            message,
            tournament.getMetadata().getGeneration()));
    try {
      context
          .getClient()
          .resources(Tournament.class)
          .inNamespace(tournament.getMetadata().getNamespace())
          .withName(tournament.getMetadata().getName())
          .subresource("status")
          .patch(
              PatchContext.of(PatchType.JSON_MERGE),
              Serialization.asJson(Map.of("status", Map.of("conditions", conditions))));
    } catch (KubernetesClientException e) {
      // The Warning event already says it; the next retry writes the condition again.
    }
  }

  @Override
  public DeleteControl cleanup(Tournament tournament, Context<Tournament> context)
      throws Exception {
    var phase = tournament.getStatus() == null ? null : tournament.getStatus().phase();
    var annotations = tournament.getMetadata().getAnnotations();
    var skip = annotations == null ? null : annotations.get(SKIP_RELEASE);
    if (phase != TournamentPhase.Completed) {
      // A Running tournament is refunded in full; a Cancelled one released them on cancelling,
      // and this second release (its own idempotency key) catches a hold placed since.
      if (skip != null) {
        events.warning(
            tournament,
            "BuyInReleaseSkipped",
            "deleted without releasing the held buy-ins, as annotation "
                + SKIP_RELEASE
                + " asks: "
                + skip);
      } else {
        try {
          holds.releaseAll(
              owner(tournament).prefix(), "delete:" + tournament.getMetadata().getUid());
        } catch (RuntimeException e) {
          var message =
              "the held buy-ins could not be released, so the Tournament stays (retrying); a"
                  + " platform operator who settles them by hand may set annotation "
                  + SKIP_RELEASE
                  + ": "
                  + e.getMessage();
          events.warning(tournament, "BuyInsNotReleased", message);
          releaseFailedCondition(context, tournament, message);
          return DeleteControl.noFinalizerRemoval().rescheduleAfter(RELEASE_RETRY_MS);
        }
        events.normal(tournament, "BuyInsReleased", "every held buy-in refunded in full on delete");
      }
    }
    var owner = owner(tournament);
    var open =
        capacity.drain(
            tournament,
            owner,
            TableRules.tournament(owner.prefix(), tournament.getSpec()),
            tournament.getSpec().region());
    if (!open.isEmpty()) {
      return DeleteControl.noFinalizerRemoval().rescheduleAfter(5_000);
    }
    return DeleteControl.defaultDelete();
  }
}
