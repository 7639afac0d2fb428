package dev.pitboss.operator;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * How many tables to open and which to close. Pure, so the rules are tested without a cluster: open
 * until minTables and the free-seat target are met (never beyond maxTables); close only empty
 * tables, and only while the bounds and the free-seat target still hold afterwards (or while above
 * maxTables). A table with a seated player is never in {@code toClose}.
 */
record ScalingPlan(int toOpen, List<String> toClose) {

  static ScalingPlan of(
      List<OpenTable> open, int seats, int minTables, int maxTables, int freeSeatsWanted) {
    int count = open.size();
    int free = open.stream().mapToInt(t -> Math.max(0, seats - t.seated())).sum();
    int toOpen = 0;
    while (count + toOpen < maxTables
        && (count + toOpen < minTables || free + toOpen * seats < freeSeatsWanted)) {
      toOpen++;
    }
    var toClose = new ArrayList<String>();
    if (toOpen == 0) {
      // Highest index first, so ids stay dense and a re-created table reuses a low number.
      var empty =
          open.stream()
              .filter(t -> t.seated() == 0)
              .sorted(Comparator.comparingInt((OpenTable t) -> Owner.indexOf(t.id())).reversed())
              .toList();
      for (var table : empty) {
        int after = count - toClose.size() - 1;
        int freeAfter = free - (toClose.size() + 1) * seats;
        boolean aboveMax = count - toClose.size() > maxTables;
        if (aboveMax || (after >= minTables && freeAfter >= freeSeatsWanted)) {
          toClose.add(table.id());
        } else {
          break;
        }
      }
    }
    return new ScalingPlan(toOpen, List.copyOf(toClose));
  }

  boolean isEmpty() {
    return toOpen == 0 && toClose.isEmpty();
  }
}
