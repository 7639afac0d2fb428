package dev.pitboss.engine.game;

import java.util.Objects;

/** A player dealt into a hand: table seat (1..10), identity and chips in front of them. */
public record SeatedPlayer(int seat, String playerId, long stack) {

  public SeatedPlayer {
    Objects.requireNonNull(playerId, "playerId");
    if (seat < 1 || seat > HandSetup.MAX_SEATS)
      throw new IllegalArgumentException("seat must be 1..10, got " + seat);
    if (stack <= 0)
      throw new IllegalArgumentException(
          "player " + playerId + " in seat " + seat + " has no chips to play (" + stack + ")");
  }
}
