package dev.pitboss.engine.clock;

import java.util.List;

/**
 * A tournament's blind structure in order. It starts with a level, never has two breaks in a row,
 * and its big blinds never go down. The last level lasts until the tournament ends.
 */
public record BlindSchedule(List<Period> periods) {

  public BlindSchedule {
    periods = List.copyOf(periods);
    if (periods.isEmpty() || !(periods.getFirst() instanceof Period.Level))
      throw new IllegalArgumentException("a blind schedule starts with a level");
    if (!(periods.getLast() instanceof Period.Level))
      throw new IllegalArgumentException("a blind schedule ends with a level, not a break");
    long bigBlind = 0;
    Period previous = null;
    for (int i = 0; i < periods.size(); i++) {
      var p = periods.get(i);
      if (p instanceof Period.Break && previous instanceof Period.Break)
        throw new IllegalArgumentException("periods " + i + " and " + (i + 1) + " are both breaks");
      if (p instanceof Period.Level l) {
        if (l.bigBlind() < bigBlind)
          throw new IllegalArgumentException(
              "level " + levelNumber(periods, i) + " lowers the big blind to " + l.bigBlind());
        bigBlind = l.bigBlind();
      }
      previous = p;
    }
  }

  /** 1-based number of the level at {@code index} (breaks are not counted). */
  static int levelNumber(List<Period> periods, int index) {
    int n = 0;
    for (int i = 0; i <= index; i++) if (periods.get(i) instanceof Period.Level) n++;
    return n;
  }

  int levelNumber(int index) {
    return levelNumber(periods, index);
  }

  Period.Level nextLevel(int index) {
    for (int i = index; i < periods.size(); i++)
      if (periods.get(i) instanceof Period.Level l) return l;
    throw new IllegalStateException("no level after period " + index);
  }
}
