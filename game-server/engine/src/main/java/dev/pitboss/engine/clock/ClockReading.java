package dev.pitboss.engine.clock;

import java.time.Duration;

/** What the tournament clock shows at one instant. */
public sealed interface ClockReading {

  /**
   * The blinds a hand dealt at this instant uses (the coming level before the start or on a break).
   */
  Period.Level blinds();

  record NotStarted(Period.Level blinds, Duration startsIn) implements ClockReading {}

  /**
   * @param remaining clock time left in the level; for the last level, zero and {@code last} is
   *     true (it runs until the end)
   */
  record InLevel(int level, Period.Level blinds, Duration remaining, boolean last)
      implements ClockReading {}

  /** A break; {@code blinds} is the level that follows it, {@code nextLevel} its number. */
  record OnBreak(int nextLevel, Period.Level blinds, Duration remaining) implements ClockReading {}
}
