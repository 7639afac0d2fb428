package dev.pitboss.matchmaker;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.random.RandomGenerator;

/**
 * The tournament director's decisions, without I/O: the seat draw, busts and finishing places,
 * balancing and breaking tables by the TDA rules, hand-for-hand at the bubble. Each event returns
 * the commands to send to the tables; {@link DirectorRunner} persists the state and sends the
 * commands in one atomic step. The state is plain data ({@link State}) so it survives a restart as
 * JSON. README, "Tournament director".
 */
public final class TournamentDirector {

  /** One command for one table's command stream. */
  public record Command(String table, Map<String, String> fields) {
    static Command of(String table, String cmd, String... kv) {
      var f = new LinkedHashMap<String, String>();
      f.put("cmd", cmd);
      for (int i = 0; i < kv.length; i += 2) {
        f.put(kv[i], kv[i + 1]);
      }
      return new Command(table, f);
    }
  }

  /** A player seated at a table, with the chips last reported. */
  public static final class Seat {
    public String player;
    public long stack;

    public Seat() {}

    Seat(String player, long stack) {
      this.player = player;
      this.stack = stack;
    }
  }

  /** One table as the director sees it. */
  public static final class TableState {
    public TreeMap<Integer, Seat> seats = new TreeMap<>();

    /** Players asked to leave (balancing, breaking); still seated until {@code released}. */
    public Set<String> releasing = new HashSet<>();

    /** Seats promised to players on their way here: seat → player. */
    public TreeMap<Integer, String> incoming = new TreeMap<>();

    public boolean breaking;

    /** The seat that posted the big blind in the last hand reported; null before the first. */
    public Integer bigBlind;

    int count() {
      return seats.size() - releasing.size() + incoming.size();
    }
  }

  /** A bust as a table reports it. */
  public record Bust(String player, long startingStack) {}

  /** Everything the director knows; serialised to Redis after every event. */
  public static final class State {
    public String phase = "waiting";
    public int seatsPerTable;
    public long startingStack;
    public int paidPlaces;
    public int entrants;
    public TreeMap<String, TableState> tables = new TreeMap<>(TournamentDirector::byNumber);

    /** Player → the table they sit at or are moving to. */
    public Map<String, String> location = new HashMap<>();

    public List<Payouts.Finish> finishes = new ArrayList<>();
    public boolean handForHand;
    public Set<String> roundReported = new HashSet<>();
    public List<Bust> roundBusts = new ArrayList<>();
    public String lastResultId = "0-0";
    public long prizePool;
    public boolean paid;
    public int moves;

    /** Players still in: the winner counts as one player left once the tournament is over. */
    public int playersLeft() {
      return entrants - finishes.size() + ("finished".equals(phase) ? 1 : 0);
    }

    /** Keeps the tables ordered by number after a round trip through JSON. */
    public void setTables(Map<String, TableState> tables) {
      this.tables = new TreeMap<>(TournamentDirector::byNumber);
      this.tables.putAll(tables);
    }
  }

  private final State state;
  private final RandomGenerator random;

  public TournamentDirector(State state, RandomGenerator random) {
    this.state = state;
    this.random = random;
  }

  public State state() {
    return state;
  }

  /**
   * Table ids of one tournament in table-number order. They share their prefix and the numbers have
   * no leading zeros, so a shorter id is a smaller number and equal lengths compare as text: no
   * parsing on a comparison the table map makes thousands of times per decision.
   */
  static int byNumber(String a, String b) {
    int c = Integer.compare(a.length(), b.length());
    return c != 0 ? c : a.compareTo(b);
  }

  /**
   * The seat draw: players shuffled (Fisher–Yates on the DRBG), dealt round-robin onto the tables
   * so table sizes differ by at most one, each table's seats also drawn at random.
   */
  public List<Command> draw(List<String> players, List<String> tableIds, long startAt) {
    var shuffled = new ArrayList<>(players);
    for (int i = shuffled.size() - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      var t = shuffled.get(i);
      shuffled.set(i, shuffled.get(j));
      shuffled.set(j, t);
    }
    int tables = Math.max(1, ceilDiv(shuffled.size(), state.seatsPerTable));
    var ids = new ArrayList<>(tableIds);
    ids.sort(TournamentDirector::byNumber);
    ids = new ArrayList<>(ids.subList(0, tables));
    var commands = new ArrayList<Command>();
    var seatOrders = new HashMap<String, List<Integer>>();
    for (var id : ids) {
      state.tables.put(id, new TableState());
      var order = new ArrayList<Integer>();
      for (int s = 1; s <= state.seatsPerTable; s++) {
        order.add(s);
      }
      for (int i = order.size() - 1; i > 0; i--) {
        int j = random.nextInt(i + 1);
        var t = order.get(i);
        order.set(i, order.get(j));
        order.set(j, t);
      }
      seatOrders.put(id, order);
    }
    for (int i = 0; i < shuffled.size(); i++) {
      var id = ids.get(i % tables);
      int seat = seatOrders.get(id).get(i / tables);
      var player = shuffled.get(i);
      state.tables.get(id).seats.put(seat, new Seat(player, state.startingStack));
      state.location.put(player, id);
      commands.add(
          Command.of(
              id,
              "seat",
              "player",
              player,
              "seat",
              Integer.toString(seat),
              "chips",
              Long.toString(state.startingStack)));
    }
    state.entrants = shuffled.size();
    for (var id : ids) {
      commands.add(Command.of(id, "start", "at", Long.toString(startAt)));
    }
    state.phase = "running";
    commands.addAll(balance());
    return commands;
  }

  /** A late registrant: seated at the table with the fewest players. */
  public List<Command> addLate(String player) {
    if (state.location.containsKey(player) || !"running".equals(state.phase)) {
      return List.of();
    }
    state.entrants++;
    var commands = new ArrayList<Command>();
    var target = smallest(null);
    if (target == null) {
      return commands;
    }
    int seat = freeSeat(state.tables.get(target));
    state.tables.get(target).seats.put(seat, new Seat(player, state.startingStack));
    state.location.put(player, target);
    commands.add(
        Command.of(
            target,
            "seat",
            "player",
            player,
            "seat",
            Integer.toString(seat),
            "chips",
            Long.toString(state.startingStack)));
    commands.addAll(balance());
    return commands;
  }

  /** A hand ended at a table: its stacks are the truth for its seats; busts take their places. */
  public List<Command> onHand(String tableId, Map<Integer, Seat> stacks, List<Bust> busts) {
    return onHand(tableId, null, stacks, busts);
  }

  /** As above, with the seat that posted the hand's big blind, when the table says. */
  public List<Command> onHand(
      String tableId, Integer bigBlind, Map<Integer, Seat> stacks, List<Bust> busts) {
    var table = state.tables.get(tableId);
    if (table == null || !"running".equals(state.phase)) {
      return List.of();
    }
    if (bigBlind != null && bigBlind > 0) {
      table.bigBlind = bigBlind;
    }
    for (var e : stacks.entrySet()) {
      var seat = table.seats.get(e.getKey());
      if (seat != null && seat.player.equals(e.getValue().player)) {
        seat.stack = e.getValue().stack;
      }
    }
    var busted = new ArrayList<Bust>();
    for (var bust : busts) {
      if (tableId.equals(state.location.get(bust.player()))) {
        busted.add(bust);
        table.seats.values().removeIf(s -> s.player.equals(bust.player()));
        table.releasing.remove(bust.player());
        state.location.remove(bust.player());
      } else if (isMovingFrom(tableId, bust.player())) {
        // Busted in the hand before the move: cancel the seat promised elsewhere.
        busted.add(bust);
        table.seats.values().removeIf(s -> s.player.equals(bust.player()));
        table.releasing.remove(bust.player());
        var dest = state.tables.get(state.location.remove(bust.player()));
        if (dest != null) {
          dest.incoming.values().remove(bust.player());
        }
      }
    }
    var commands = new ArrayList<Command>();
    if (state.handForHand) {
      state.roundBusts.addAll(busted);
      state.roundReported.add(tableId);
      if (state.roundReported.containsAll(dealingTables())) {
        rank(state.roundBusts);
        state.roundBusts.clear();
        state.roundReported.clear();
        commands.addAll(afterChange());
        if (state.handForHand) {
          for (var id : state.tables.keySet()) {
            commands.add(Command.of(id, "deal"));
          }
        }
        return commands;
      }
      return commands;
    }
    rank(busted);
    commands.addAll(afterChange());
    return commands;
  }

  private boolean isMovingFrom(String tableId, String player) {
    var table = state.tables.get(tableId);
    return table.releasing.contains(player)
        || table.seats.values().stream().anyMatch(s -> s.player.equals(player));
  }

  /** A table let a player go (balancing or breaking): seat them where they were promised. */
  public List<Command> onReleased(String tableId, String player, long chips) {
    var table = state.tables.get(tableId);
    if (table == null || !table.releasing.remove(player)) {
      return List.of();
    }
    table.seats.values().removeIf(s -> s.player.equals(player));
    var commands = new ArrayList<Command>();
    var destId = state.location.get(player);
    var dest = destId == null ? null : state.tables.get(destId);
    Integer seat = null;
    if (dest != null) {
      for (var e : dest.incoming.entrySet()) {
        if (e.getValue().equals(player)) {
          seat = e.getKey();
        }
      }
    }
    if (seat == null) {
      // The promised seat is gone (its table broke meanwhile): the smallest table takes them.
      destId = smallest(tableId);
      dest = state.tables.get(destId);
      seat = freeSeat(dest);
      state.location.put(player, destId);
    } else {
      dest.incoming.remove(seat);
    }
    if (chips <= 0) {
      state.location.remove(player);
      rank(List.of(new Bust(player, 0)));
    } else {
      dest.seats.put(seat, new Seat(player, chips));
      commands.add(
          Command.of(
              destId,
              "seat",
              "player",
              player,
              "seat",
              Integer.toString(seat),
              "chips",
              Long.toString(chips)));
    }
    if (table.breaking && table.seats.isEmpty() && table.incoming.isEmpty()) {
      commands.add(Command.of(tableId, "close"));
      state.tables.remove(tableId);
      state.roundReported.remove(tableId);
    }
    commands.addAll(afterChange());
    return commands;
  }

  /**
   * A table refused to release a player. If the player busted meanwhile the bust already cancelled
   * the move; otherwise the move is cancelled here and balancing tries again.
   */
  public List<Command> onRefused(String tableId, String player) {
    var table = state.tables.get(tableId);
    if (table == null || !table.releasing.remove(player)) {
      return List.of();
    }
    var dest = state.tables.get(state.location.get(player));
    if (dest != null) {
      dest.incoming.values().remove(player);
    }
    state.location.put(player, tableId);
    return afterChange();
  }

  /** Places for players busted together: more starting chips = better; equal share a place. */
  private void rank(List<Bust> busts) {
    if (busts.isEmpty()) {
      return;
    }
    var sorted = new ArrayList<>(busts);
    sorted.sort(Comparator.comparingLong(Bust::startingStack).reversed());
    int bestOfGroup = state.playersLeft() - sorted.size() + 1;
    int i = 0;
    while (i < sorted.size()) {
      int j = i;
      while (j < sorted.size() && sorted.get(j).startingStack() == sorted.get(i).startingStack()) {
        j++;
      }
      int place = bestOfGroup + i;
      for (int k = i; k < j; k++) {
        state.finishes.add(new Payouts.Finish(sorted.get(k).player(), place));
      }
      i = j;
    }
  }

  private List<Command> afterChange() {
    var commands = new ArrayList<Command>();
    if (state.playersLeft() <= 1) {
      finish(commands);
      return commands;
    }
    commands.addAll(balance());
    boolean bubble = onTheBubble();
    if (bubble && !state.handForHand) {
      state.handForHand = true;
      state.roundReported.clear();
      for (var id : state.tables.keySet()) {
        commands.add(Command.of(id, "handForHand", "on", "1"));
      }
    } else if (!bubble && state.handForHand) {
      state.handForHand = false;
      rank(state.roundBusts);
      state.roundBusts.clear();
      state.roundReported.clear();
      for (var id : state.tables.keySet()) {
        commands.add(Command.of(id, "handForHand", "on", "0"));
      }
      if (state.playersLeft() <= 1) {
        finish(commands);
      }
    }
    return commands;
  }

  /**
   * Hand-for-hand is on while the money is at most one bust per table away: more players left than
   * paid places, but no more than paid places + tables. Busts of one hand-for-hand round, at any
   * table, count as simultaneous (placed by starting stack), so nobody gains by stalling.
   */
  boolean onTheBubble() {
    int left = state.playersLeft();
    int tables = state.tables.size();
    return tables > 1
        && state.paidPlaces < state.entrants
        && left > state.paidPlaces
        && left <= state.paidPlaces + tables;
  }

  private void finish(List<Command> commands) {
    if ("finished".equals(state.phase)) {
      return;
    }
    var winner =
        state.location.keySet().stream()
            .filter(p -> state.finishes.stream().noneMatch(f -> f.player().equals(p)))
            .findFirst();
    winner.ifPresent(p -> state.finishes.add(new Payouts.Finish(p, 1)));
    for (var id : state.tables.keySet()) {
      commands.add(Command.of(id, "close"));
    }
    state.phase = "finished";
  }

  /** Tables whose hand a hand-for-hand round waits for: those that can deal (two players). */
  private Set<String> dealingTables() {
    var ids = new HashSet<String>();
    state.tables.forEach(
        (id, t) -> {
          if (t.seats.size() >= 2) {
            ids.add(id);
          }
        });
    return ids;
  }

  /** The first of {@code movable} seated after the table's last big blind, clockwise. */
  private String nextBigBlind(TableState table, List<String> movable) {
    if (table.bigBlind == null) {
      return movable.get(random.nextInt(movable.size()));
    }
    var after = new ArrayList<>(table.seats.tailMap(table.bigBlind, false).values());
    after.addAll(table.seats.headMap(table.bigBlind, true).values());
    return after.stream()
        .map(seat -> seat.player)
        .filter(movable::contains)
        .findFirst()
        .orElseThrow();
  }

  /**
   * TDA balancing: break a table when the others can absorb its players (the table with the fewest
   * players, the highest-numbered among equals); otherwise, while the largest table has two or more
   * players more than the smallest, move one player from the largest to the smallest. Counts
   * include players already promised a seat. The moved player is the one who would be big blind
   * next (the first seated player after the last hand's big blind, not already moving), so nobody
   * escapes or pays the blinds twice by moving; drawn at random before the table's first hand. The
   * seat at the new table is drawn at random among its free seats.
   */
  public List<Command> balance() {
    var commands = new ArrayList<Command>();
    // Players of a breaking table who found no free seat before: try again.
    for (var e : List.copyOf(state.tables.entrySet())) {
      if (e.getValue().breaking) {
        for (var seat : List.copyOf(e.getValue().seats.values())) {
          if (!e.getValue().releasing.contains(seat.player)) {
            commands.addAll(move(e.getKey(), seat.player, "break"));
          }
        }
      }
    }
    int total = 0;
    for (var t : state.tables.values()) {
      total += t.count();
    }
    var live = state.tables.entrySet().stream().filter(e -> !e.getValue().breaking).toList();
    if (live.size() > 1 && total <= (live.size() - 1) * state.seatsPerTable) {
      var victim =
          live.stream()
              .min(
                  Comparator.comparingInt((Map.Entry<String, TableState> e) -> e.getValue().count())
                      .thenComparing(Map.Entry::getKey, (a, b) -> byNumber(b, a)))
              .orElseThrow()
              .getKey();
      var table = state.tables.get(victim);
      table.breaking = true;
      // Players on their way to the breaking table go to the smallest other table instead.
      for (var e : List.copyOf(table.incoming.entrySet())) {
        var target = smallest(victim);
        if (target != null) {
          table.incoming.remove(e.getKey());
          state.tables.get(target).incoming.put(freeSeat(state.tables.get(target)), e.getValue());
          state.location.put(e.getValue(), target);
        }
      }
      for (var seat : List.copyOf(table.seats.values())) {
        if (!table.releasing.contains(seat.player)) {
          commands.addAll(move(victim, seat.player, "break"));
        }
      }
      if (table.seats.isEmpty() && table.incoming.isEmpty()) {
        commands.add(Command.of(victim, "close"));
        state.tables.remove(victim);
      }
      commands.addAll(balance());
      return commands;
    }
    while (true) {
      String big = null;
      String small = null;
      for (var e : state.tables.entrySet()) {
        if (e.getValue().breaking) {
          continue;
        }
        int c = e.getValue().count();
        if (big == null
            || c > state.tables.get(big).count()
            || (c == state.tables.get(big).count() && byNumber(e.getKey(), big) > 0)) {
          big = e.getKey();
        }
        if (small == null || c < state.tables.get(small).count()) {
          small = e.getKey();
        }
      }
      if (big == null || state.tables.get(big).count() - state.tables.get(small).count() <= 1) {
        return commands;
      }
      var bigTable = state.tables.get(big);
      var movable =
          bigTable.seats.values().stream()
              .map(seat -> seat.player)
              .filter(p -> !bigTable.releasing.contains(p))
              .toList();
      if (movable.isEmpty()) {
        return commands;
      }
      var moved = move(big, nextBigBlind(bigTable, movable), "balance");
      if (moved.isEmpty()) {
        return commands;
      }
      commands.addAll(moved);
    }
  }

  /** Asks {@code from} to release a player and promises them a seat at the smallest table. */
  private List<Command> move(String from, String player, String reason) {
    var target = smallest(from);
    if (target == null) {
      return List.of(); // no seat free anywhere until a release completes
    }
    var dest = state.tables.get(target);
    int seat = freeSeat(dest);
    dest.incoming.put(seat, player);
    state.tables.get(from).releasing.add(player);
    state.location.put(player, target);
    state.moves++;
    return List.of(Command.of(from, "release", "player", player, "reason", reason));
  }

  /** The table with the fewest players (lowest number among equals), not {@code except}. */
  private String smallest(String except) {
    String best = null;
    for (var e : state.tables.entrySet()) {
      if (e.getKey().equals(except) || e.getValue().breaking) {
        continue;
      }
      if (e.getValue().seats.size() + e.getValue().incoming.size() >= state.seatsPerTable) {
        continue;
      }
      if (best == null || e.getValue().count() < state.tables.get(best).count()) {
        best = e.getKey();
      }
    }
    return best;
  }

  private int freeSeat(TableState table) {
    var free = new ArrayList<Integer>();
    for (int s = 1; s <= state.seatsPerTable; s++) {
      if (!table.seats.containsKey(s) && !table.incoming.containsKey(s)) {
        free.add(s);
      }
    }
    return free.get(random.nextInt(free.size()));
  }

  static int ceilDiv(int a, int b) {
    return (a + b - 1) / b;
  }
}
