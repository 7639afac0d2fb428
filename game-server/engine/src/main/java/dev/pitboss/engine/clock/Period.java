package dev.pitboss.engine.clock;

import java.time.Duration;

/** A stretch of a tournament's schedule: a blind level or a break. */
public sealed interface Period permits Period.Level, Period.Break {

  Duration duration();

  /**
   * Blinds and ante (minor units of the tournament's chips) for {@code duration}. The ante is the
   * amount the table's ante mode collects (each player, or the big blind once).
   */
  record Level(long smallBlind, long bigBlind, long ante, Duration duration) implements Period {
    public Level {
      if (smallBlind < 0 || bigBlind <= 0 || smallBlind > bigBlind)
        throw new IllegalArgumentException(
            "a level needs 0 <= small blind <= big blind and big blind > 0, got "
                + smallBlind
                + "/"
                + bigBlind);
      if (ante < 0) throw new IllegalArgumentException("ante must not be negative, got " + ante);
      positive(duration);
    }
  }

  record Break(Duration duration) implements Period {
    public Break {
      positive(duration);
    }
  }

  private static void positive(Duration d) {
    if (d == null || d.isZero() || d.isNegative())
      throw new IllegalArgumentException("a period needs a positive duration, got " + d);
  }
}
