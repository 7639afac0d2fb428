package dev.pitboss.engine.game;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Who is dealt into one hand and what they post. {@link TableSeating} builds this for cash tables
 * (button movement, missed blinds); a tournament table builds it from its own seating.
 *
 * @param players the players dealt in, any order; between 2 and 10, distinct seats
 * @param buttonSeat the seat of the player holding the button
 * @param postToPlay seats that post a live big blind to be dealt in (new or returning players)
 * @param deadSmallBlind seats that also post a missed small blind as dead money
 */
public record HandSetup(
    HandConfig config,
    List<SeatedPlayer> players,
    int buttonSeat,
    Set<Integer> postToPlay,
    Set<Integer> deadSmallBlind) {

  public static final int MAX_SEATS = 10;

  public HandSetup {
    Objects.requireNonNull(config, "config");
    players = List.copyOf(players);
    postToPlay = Set.copyOf(postToPlay);
    deadSmallBlind = Set.copyOf(deadSmallBlind);
    if (players.size() < 2 || players.size() > MAX_SEATS)
      throw new IllegalArgumentException("a hand needs 2 to 10 players, got " + players.size());
    long total = 0;
    for (var p : players) {
      try {
        total = Math.addExact(total, p.stack());
      } catch (ArithmeticException e) {
        throw new IllegalArgumentException("the stacks at this table add up beyond a long", e);
      }
    }
    var seats = new HashSet<Integer>();
    for (var p : players) {
      if (!seats.add(p.seat()))
        throw new IllegalArgumentException("seat " + p.seat() + " is dealt in twice");
    }
    if (!seats.contains(buttonSeat))
      throw new IllegalArgumentException("button seat " + buttonSeat + " has no player in it");
    for (int s : postToPlay)
      if (!seats.contains(s))
        throw new IllegalArgumentException("seat " + s + " posts to play but is not dealt in");
    for (int s : deadSmallBlind)
      if (!postToPlay.contains(s))
        throw new IllegalArgumentException(
            "seat " + s + " owes a dead small blind but does not post the big blind to play");
  }

  public static HandSetup of(HandConfig config, List<SeatedPlayer> players, int buttonSeat) {
    return new HandSetup(config, players, buttonSeat, Set.of(), Set.of());
  }

  /**
   * Players clockwise starting left of the button, so the button is last. This is also PHH's player
   * order: index 0 is "p1".
   */
  List<SeatedPlayer> inDealOrder() {
    var sorted = new ArrayList<>(players);
    sorted.sort(Comparator.comparingInt(SeatedPlayer::seat));
    int button = 0;
    while (sorted.get(button).seat() != buttonSeat) button++;
    var order = new ArrayList<SeatedPlayer>(sorted.size());
    for (int k = 1; k <= sorted.size(); k++) order.add(sorted.get((button + k) % sorted.size()));
    return order;
  }
}
