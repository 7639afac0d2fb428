package dev.pitboss.engine.clock;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Which blind level (or break) is in force at an instant: the schedule's durations laid out from
 * {@code start}, with paused time not counted. Pure: the caller passes every instant, so the same
 * inputs always give the same reading, and a restarted server recomputes the level from the
 * persisted start and pauses instead of trusting a timer.
 *
 * @param pauses closed pauses in order, each {@code [from, to)}
 * @param pausedSince the start of an open pause, if the clock is paused now
 */
public record TournamentClock(
    Instant start, BlindSchedule schedule, List<Pause> pauses, Optional<Instant> pausedSince) {

  public record Pause(Instant from, Instant to) {
    public Pause {
      if (!to.isAfter(from))
        throw new IllegalArgumentException("a pause ends after it starts: " + from + " .. " + to);
    }
  }

  public TournamentClock {
    Objects.requireNonNull(start, "start");
    Objects.requireNonNull(schedule, "schedule");
    pauses = List.copyOf(pauses);
    Objects.requireNonNull(pausedSince, "pausedSince");
    Instant previous = start;
    for (var p : pauses) {
      if (p.from().isBefore(previous))
        throw new IllegalArgumentException("pauses overlap or precede the start at " + p.from());
      previous = p.to();
    }
    if (pausedSince.isPresent() && pausedSince.get().isBefore(previous))
      throw new IllegalArgumentException("the open pause starts before the last one ended");
  }

  public static TournamentClock startingAt(Instant start, BlindSchedule schedule) {
    return new TournamentClock(start, schedule, List.of(), Optional.empty());
  }

  public TournamentClock pause(Instant at) {
    if (pausedSince.isPresent()) throw new IllegalStateException("the clock is already paused");
    if (at.isBefore(start)) throw new IllegalArgumentException("cannot pause before the start");
    return new TournamentClock(start, schedule, pauses, Optional.of(at));
  }

  public TournamentClock resume(Instant at) {
    var from = pausedSince.orElseThrow(() -> new IllegalStateException("the clock is not paused"));
    var closed = new ArrayList<>(pauses);
    closed.add(new Pause(from, at));
    return new TournamentClock(start, schedule, closed, Optional.empty());
  }

  /** Running time between the start and {@code at}, without the paused stretches. */
  public Duration elapsed(Instant at) {
    if (!at.isAfter(start)) return Duration.ZERO;
    var running = Duration.between(start, at);
    for (var p : pauses) running = running.minus(overlap(p.from(), p.to(), at));
    if (pausedSince.isPresent()) running = running.minus(overlap(pausedSince.get(), at, at));
    return running;
  }

  private static Duration overlap(Instant from, Instant to, Instant at) {
    var end = to.isBefore(at) ? to : at;
    return end.isAfter(from) ? Duration.between(from, end) : Duration.ZERO;
  }

  public ClockReading at(Instant at) {
    var periods = schedule.periods();
    if (at.isBefore(start))
      return new ClockReading.NotStarted(
          (Period.Level) periods.getFirst(), Duration.between(at, start));
    var left = elapsed(at);
    for (int i = 0; i < periods.size(); i++) {
      var p = periods.get(i);
      boolean last = i == periods.size() - 1;
      if (last || left.compareTo(p.duration()) < 0) {
        var remaining = last ? Duration.ZERO : p.duration().minus(left);
        return switch (p) {
          case Period.Level l ->
              new ClockReading.InLevel(schedule.levelNumber(i), l, remaining, last);
          case Period.Break b ->
              new ClockReading.OnBreak(
                  schedule.levelNumber(i) + 1, schedule.nextLevel(i), remaining);
        };
      }
      left = left.minus(p.duration());
    }
    throw new IllegalStateException("unreachable: the last period holds forever");
  }
}
