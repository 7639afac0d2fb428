package dev.pitboss.engine.game;

import java.util.List;

/**
 * The main pot (first) or a side pot, as awarded.
 *
 * @param eligibleSeats seats still in the hand that contributed to this pot
 * @param wins chips each winner took; the odd chips are already included
 */
public record Pot(long amount, List<Integer> eligibleSeats, List<Win> wins) {

  public Pot {
    eligibleSeats = List.copyOf(eligibleSeats);
    wins = List.copyOf(wins);
  }

  public record Win(int seat, long amount) {}
}
