package dev.pitboss.engine.game;

import java.util.List;

/**
 * How a finished hand ended.
 *
 * @param uncalledSeat the seat whose uncalled bet was returned, or 0 if none
 * @param uncalledAmount the chips returned to it
 * @param pots main pot first, then side pots
 * @param showdowns players still in at the end, in showdown order
 * @param results every player's starting and final stack, in deal order
 */
public record Outcome(
    int uncalledSeat,
    long uncalledAmount,
    List<Pot> pots,
    List<Showdown> showdowns,
    List<SeatResult> results) {

  public Outcome {
    pots = List.copyOf(pots);
    showdowns = List.copyOf(showdowns);
    results = List.copyOf(results);
  }

  public record SeatResult(int seat, String playerId, long startingStack, long finalStack) {
    public long net() {
      return finalStack - startingStack;
    }
  }

  public long finalStack(int seat) {
    for (var r : results) if (r.seat() == seat) return r.finalStack();
    throw new IllegalArgumentException("seat " + seat + " was not dealt in");
  }
}
