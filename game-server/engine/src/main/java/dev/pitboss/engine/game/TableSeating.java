package dev.pitboss.engine.game;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Who sits where at a cash table between hands: the button, who is sitting out, and who owes a
 * blind. It decides who is dealt into the next hand and what they post; {@link Hand} plays it.
 *
 * <p>Rules (a small, common online house policy, written down in the README):
 *
 * <ul>
 *   <li>The button moves one dealt-in player clockwise each hand (simplified moving button).
 *   <li>Players seated before the first hand play free. A player who joins later owes a big blind.
 *   <li>A sitting-out player the big blind passes over owes a big blind; one the small blind passes
 *       over owes a small blind too.
 *   <li>An owing player is dealt in at once, posting a live big blind to play (and the missed small
 *       blind as dead money) — unless they are the big blind this hand (the blind settles the debt)
 *       or would be the small blind, in which case they wait one hand. Heads-up nobody waits: the
 *       blind they post settles the debt.
 * </ul>
 *
 * @param buttonSeat the button of the last hand dealt, 0 before the first hand
 * @param bigBlindSeat the big blind of the last hand dealt, 0 before the first hand
 * @param smallBlindSeat the small blind of the last hand dealt, 0 before the first hand
 */
public record TableSeating(
    HandConfig config,
    int seatCount,
    Map<Integer, Occupant> occupants,
    int buttonSeat,
    int smallBlindSeat,
    int bigBlindSeat) {

  public record Occupant(
      String playerId, long stack, boolean sittingOut, boolean owesBig, boolean owesSmall) {}

  /** The next hand to play and the seating as it stands once that hand is dealt. */
  public record Deal(HandSetup setup, TableSeating seating) {}

  public TableSeating {
    Objects.requireNonNull(config, "config");
    if (seatCount < 2 || seatCount > HandSetup.MAX_SEATS)
      throw new IllegalArgumentException("a table has 2 to 10 seats, got " + seatCount);
    occupants = Map.copyOf(occupants);
  }

  public static TableSeating empty(HandConfig config, int seatCount) {
    return new TableSeating(config, seatCount, Map.of(), 0, 0, 0);
  }

  public TableSeating join(int seat, String playerId, long stack) {
    if (seat < 1 || seat > seatCount)
      throw new IllegalArgumentException("seat must be 1.." + seatCount + ", got " + seat);
    if (occupants.containsKey(seat))
      throw new IllegalArgumentException("seat " + seat + " is taken");
    if (stack <= 0) throw new IllegalArgumentException("a buy-in must be positive, got " + stack);
    for (var o : occupants.values())
      if (o.playerId().equals(playerId))
        throw new IllegalArgumentException(playerId + " is already seated at this table");
    boolean started = buttonSeat != 0;
    return with(seat, new Occupant(playerId, stack, false, started, false));
  }

  public TableSeating leave(int seat) {
    occupant(seat);
    var next = new HashMap<>(occupants);
    next.remove(seat);
    return new TableSeating(config, seatCount, next, buttonSeat, smallBlindSeat, bigBlindSeat);
  }

  public TableSeating sitOut(int seat) {
    var o = occupant(seat);
    return with(seat, new Occupant(o.playerId(), o.stack(), true, o.owesBig(), o.owesSmall()));
  }

  public TableSeating sitIn(int seat) {
    var o = occupant(seat);
    return with(seat, new Occupant(o.playerId(), o.stack(), false, o.owesBig(), o.owesSmall()));
  }

  public TableSeating addChips(int seat, long amount) {
    var o = occupant(seat);
    if (amount <= 0) throw new IllegalArgumentException("chips to add must be positive");
    return with(
        seat,
        new Occupant(
            o.playerId(),
            Math.addExact(o.stack(), amount),
            o.sittingOut(),
            o.owesBig(),
            o.owesSmall()));
  }

  /** Copies the final stacks of a finished hand back to the seats. */
  public TableSeating settle(Outcome outcome) {
    var next = new HashMap<>(occupants);
    for (var r : outcome.results()) {
      var o = next.get(r.seat());
      if (o != null && o.playerId().equals(r.playerId()))
        next.put(
            r.seat(),
            new Occupant(o.playerId(), r.finalStack(), o.sittingOut(), o.owesBig(), o.owesSmall()));
    }
    return new TableSeating(config, seatCount, next, buttonSeat, smallBlindSeat, bigBlindSeat);
  }

  /** The next hand, or empty if fewer than two players can be dealt in. */
  public Optional<Deal> nextHand() {
    var ready = new ArrayList<Integer>();
    for (int s = 1; s <= seatCount; s++) {
      var o = occupants.get(s);
      if (o != null && !o.sittingOut() && o.stack() > 0) ready.add(s);
    }
    // Owing players who land on the small blind wait; removing one moves the blinds, so repeat.
    while (ready.size() >= 2) {
      var pos = positions(ready);
      // Heads-up nobody waits: two players would otherwise never get a hand going.
      if (ready.size() > 2 && owes(occupants.get(pos.small()))) {
        ready.remove(Integer.valueOf(pos.small()));
        continue;
      }
      return Optional.of(deal(ready, pos));
    }
    return Optional.empty();
  }

  private record Positions(int button, int small, int big) {}

  private Positions positions(List<Integer> ready) {
    int button = nextAfter(ready, buttonSeat == 0 ? seatCount : buttonSeat);
    if (ready.size() == 2) return new Positions(button, button, nextAfter(ready, button));
    int small = nextAfter(ready, button);
    return new Positions(button, small, nextAfter(ready, small));
  }

  private Deal deal(List<Integer> ready, Positions pos) {
    var players = new ArrayList<SeatedPlayer>();
    Set<Integer> post = new HashSet<>();
    Set<Integer> deadSmall = new HashSet<>();
    var next = new HashMap<>(occupants);
    for (int s : ready) {
      var o = occupants.get(s);
      players.add(new SeatedPlayer(s, o.playerId(), o.stack()));
      if (owes(o) && s != pos.big() && s != pos.small()) {
        post.add(s);
        if (o.owesSmall()) deadSmall.add(s);
      }
      next.put(s, new Occupant(o.playerId(), o.stack(), false, false, false));
    }
    // Sitting-out players the blinds passed over since the last hand now owe them.
    if (bigBlindSeat != 0) {
      for (var e : occupants.entrySet()) {
        int s = e.getKey();
        var o = next.get(s);
        if (ready.contains(s) || o.stack() <= 0) continue;
        boolean missedBig = passed(bigBlindSeat, pos.big(), s);
        boolean missedSmall = passed(smallBlindSeat, pos.small(), s);
        if (missedBig || missedSmall)
          next.put(
              s,
              new Occupant(
                  o.playerId(),
                  o.stack(),
                  o.sittingOut(),
                  o.owesBig() || missedBig,
                  o.owesSmall() || missedSmall));
      }
    }
    var setup = new HandSetup(config, players, pos.button(), post, deadSmall);
    var seating = new TableSeating(config, seatCount, next, pos.button(), pos.small(), pos.big());
    return new Deal(setup, seating);
  }

  /** True if seat {@code s} lies clockwise in (from, to]: a blind moving from→to passed it. */
  private boolean passed(int from, int to, int s) {
    if (from == to) return false;
    int distS = Math.floorMod(s - from, seatCount);
    int distTo = Math.floorMod(to - from, seatCount);
    return distS > 0 && distS <= distTo;
  }

  private int nextAfter(List<Integer> ready, int seat) {
    for (int k = 1; k <= seatCount; k++) {
      int s = (seat - 1 + k) % seatCount + 1;
      if (ready.contains(s)) return s;
    }
    throw new IllegalStateException("no seat is ready");
  }

  private static boolean owes(Occupant o) {
    return o.owesBig() || o.owesSmall();
  }

  private Occupant occupant(int seat) {
    var o = occupants.get(seat);
    if (o == null) throw new IllegalArgumentException("seat " + seat + " is empty");
    return o;
  }

  private TableSeating with(int seat, Occupant o) {
    var next = new HashMap<>(occupants);
    next.put(seat, o);
    return new TableSeating(config, seatCount, next, buttonSeat, smallBlindSeat, bigBlindSeat);
  }
}
