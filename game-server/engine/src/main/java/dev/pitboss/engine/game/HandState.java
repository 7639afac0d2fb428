package dev.pitboss.engine.game;

import dev.pitboss.engine.cards.Card;
import dev.pitboss.engine.cards.Deck;
import dev.pitboss.engine.game.Rejection.Reason;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * One No-Limit Hold'em hand at one instant. Immutable: {@link #apply} and {@link #timeout} return a
 * new state (or a rejection) and never change this one, so a table runtime can keep the previous
 * state for a crash-safe resume and a replayer can re-run a history step by step.
 *
 * <p>Players are indexed in deal order: index 0 is the first seat clockwise from the button, the
 * button is last (PHH's p1..pn). Heads-up the button posts the small blind and acts first before
 * the flop, last after it.
 *
 * <p>Chips: {@code stack} is behind the player, {@code committed} is everything they put in live
 * this hand (antes, blinds, bets), {@code dead} is dead money (big-blind ante, missed small blinds)
 * that belongs to the main pot. Their sum never changes; tests check that.
 *
 * <p>This class is the betting: posting, legality of each action, whose turn it is and when a
 * street ends. When the hand ends, {@link PotRules} cuts the pots and {@link ShowdownRules} decides
 * who shows and who wins them.
 */
public final class HandState {

  private final HandSetup setup;
  private final Deck deck;
  private final SeatedPlayer[] players;
  private final long[] stack;
  private final long[] streetBet;
  private final long[] committed;
  private final boolean[] folded;
  private final boolean[] acted;
  // the round's bet level when the player last acted: decides whether betting is reopened to them
  private final long[] actedAgainst;
  private final long dead;
  private final List<Posting> postings;
  private final Street street;
  private final int toAct;
  private final long currentBet;
  private final long minRaise;
  private final int aggressor;
  private final boolean runout;
  private final int boardCards;
  private final Instant startedAt;
  private final Instant lastActionAt;
  private final Instant deadline;
  private final List<ActionRecord> actions;
  private final Outcome outcome;

  private HandState(Draft d) {
    this.setup = d.setup;
    this.deck = d.deck;
    this.players = d.players;
    this.stack = d.stack;
    this.streetBet = d.streetBet;
    this.committed = d.committed;
    this.folded = d.folded;
    this.acted = d.acted;
    this.actedAgainst = d.actedAgainst;
    this.dead = d.dead;
    this.postings = d.postings;
    this.street = d.street;
    this.toAct = d.toAct;
    this.currentBet = d.currentBet;
    this.minRaise = d.minRaise;
    this.aggressor = d.aggressor;
    this.runout = d.runout;
    this.boardCards = d.boardCards;
    this.startedAt = d.startedAt;
    this.lastActionAt = d.lastActionAt;
    this.deadline = d.deadline;
    this.actions = d.actions;
    this.outcome = d.outcome;
  }

  static HandState start(HandSetup setup, Deck deck, Instant at) {
    var order = setup.inDealOrder();
    int n = order.size();
    var d = new Draft(setup, deck, order.toArray(SeatedPlayer[]::new), at);
    var cfg = setup.config();
    int sb = n == 2 ? 1 : 0;
    int bb = n == 2 ? 0 : 1;
    for (int s : setup.postToPlay()) {
      int i = d.indexOf(s);
      if (i == sb || i == bb)
        throw new IllegalArgumentException(
            "seat " + s + " is in the blinds this hand; it posts the blind, not a post to play");
    }
    var posts = new ArrayList<Posting>();
    if (cfg.anteMode() == AnteMode.EACH)
      for (int i = 0; i < n; i++) d.post(i, cfg.ante(), Posting.Kind.ANTE, true, posts);
    d.post(sb, cfg.smallBlind(), Posting.Kind.SMALL_BLIND, true, posts);
    d.post(bb, cfg.bigBlind(), Posting.Kind.BIG_BLIND, true, posts);
    if (cfg.anteMode() == AnteMode.BIG_BLIND)
      d.post(bb, cfg.ante(), Posting.Kind.BIG_BLIND_ANTE, false, posts);
    for (int i = 0; i < n; i++) {
      int seat = d.players[i].seat();
      if (setup.deadSmallBlind().contains(seat))
        d.post(i, cfg.smallBlind(), Posting.Kind.DEAD_SMALL_BLIND, false, posts);
      if (setup.postToPlay().contains(seat))
        d.post(i, cfg.bigBlind(), Posting.Kind.POST_TO_PLAY, true, posts);
    }
    d.postings = List.copyOf(posts);
    // Even when the big blind is all-in for less, the others must call the full blind.
    d.currentBet = cfg.bigBlind();
    d.minRaise = cfg.bigBlind();
    d.settle((bb + 1) % n, at);
    return new HandState(d);
  }

  /** Applies a player's action at instant {@code at}; rejects it, with the reason, if illegal. */
  public Result apply(int seat, Action action, Instant at) {
    if (street == Street.COMPLETE)
      return rejected(Reason.HAND_OVER, "the hand is over; no more actions are taken");
    int i = indexOf(seat);
    if (i < 0) return rejected(Reason.UNKNOWN_SEAT, "seat " + seat + " is not in this hand");
    if (i != toAct)
      return rejected(
          Reason.OUT_OF_TURN,
          "it is seat " + players[toAct].seat() + "'s turn, not seat " + seat + "'s");
    if (at.isBefore(lastActionAt))
      return rejected(
          Reason.CLOCK_WENT_BACKWARDS,
          "action time " + at + " is before the previous action at " + lastActionAt);
    return act(i, action, at, false);
  }

  /**
   * The action clock: once the deadline has passed, the player to act checks if they can and folds
   * otherwise.
   */
  public Result timeout(Instant now) {
    if (street == Street.COMPLETE)
      return rejected(Reason.HAND_OVER, "the hand is over; no clock is running");
    if (now.isBefore(deadline))
      return rejected(
          Reason.NOT_TIMED_OUT,
          "seat " + players[toAct].seat() + " has until " + deadline + " to act");
    Action forced = streetBet[toAct] >= currentBet ? new Action.Check() : new Action.Fold();
    return act(toAct, forced, now, true);
  }

  private Result act(int i, Action action, Instant at, boolean timedOut) {
    long toCall = Math.max(0, currentBet - streetBet[i]);
    long maxTo = streetBet[i] + stack[i];
    Action normalized;
    switch (action) {
      case null -> {
        return rejected(Reason.INVALID_AMOUNT, "no action given");
      }
      case Action.Fold f -> normalized = f;
      case Action.Check c -> {
        if (toCall > 0)
          return rejected(
              Reason.CANNOT_CHECK, "cannot check facing a bet: call " + callAmount(i) + " or fold");
        normalized = c;
      }
      case Action.Call c -> {
        if (toCall == 0) return rejected(Reason.NOTHING_TO_CALL, "nothing to call; check instead");
        normalized = c;
      }
      case Action.Bet b -> {
        var why = checkBetOrRaise(i, b.amount(), true);
        if (why != null) return new Result.Rejected(why);
        normalized = b;
      }
      case Action.Raise r -> {
        var why = checkBetOrRaise(i, r.to(), false);
        if (why != null) return new Result.Rejected(why);
        normalized = r;
      }
      case Action.AllIn a -> {
        if (maxTo <= currentBet) normalized = new Action.Call();
        else if (currentBet == 0) normalized = new Action.Bet(maxTo);
        else normalized = new Action.Raise(maxTo);
        if (!(normalized instanceof Action.Call)) {
          var why = checkBetOrRaise(i, maxTo, currentBet == 0);
          if (why != null) return new Result.Rejected(why);
        }
      }
    }
    var d = new Draft(this);
    d.perform(i, normalized);
    d.actions =
        append(actions, new ActionRecord(street, players[i].seat(), normalized, at, timedOut));
    d.lastActionAt = at;
    d.settle((i + 1) % players.length, at);
    return new Result.Accepted(new HandState(d));
  }

  private Rejection checkBetOrRaise(int i, long to, boolean isBet) {
    long maxTo = streetBet[i] + stack[i];
    if (isBet && currentBet > 0)
      return Rejection.of(
          Reason.BET_NOT_ALLOWED,
          "there is already a bet of " + currentBet + " this round; raise instead");
    if (!isBet && currentBet == 0)
      return Rejection.of(Reason.RAISE_NOT_ALLOWED, "there is no bet to raise; bet instead");
    if (to <= 0) return Rejection.of(Reason.INVALID_AMOUNT, "amount must be positive, got " + to);
    if (to > maxTo)
      return Rejection.of(
          Reason.ABOVE_STACK, "total of " + to + " exceeds the player's all-in total of " + maxTo);
    if (!opponentCanRespond(i))
      return Rejection.of(
          isBet ? Reason.BET_NOT_ALLOWED : Reason.RAISE_NOT_ALLOWED,
          "no opponent can put in more than the current bet of "
              + currentBet
              + "; only call or fold");
    if (!isBet && !reopened(i))
      return Rejection.of(
          Reason.RAISE_NOT_ALLOWED,
          "betting is not reopened: the all-in since your last action was less than a full raise;"
              + " call or fold");
    if (to <= currentBet)
      return Rejection.of(
          Reason.BELOW_MINIMUM, "a raise must exceed the current bet of " + currentBet);
    long min = minTotal();
    if (to < min && to != maxTo)
      return Rejection.of(
          Reason.BELOW_MINIMUM,
          (isBet ? "minimum bet is " : "minimum raise is to ") + min + " (or all-in), got " + to);
    return null;
  }

  private long minTotal() {
    return currentBet + minRaise;
  }

  private boolean reopened(int i) {
    return !acted[i] || currentBet - actedAgainst[i] >= minRaise;
  }

  /**
   * A bet or raise needs an opponent who could put in more than the current bet; otherwise the
   * extra could never be called and would only come back as an uncalled bet.
   */
  private boolean opponentCanRespond(int i) {
    for (int j = 0; j < players.length; j++)
      if (j != i && !folded[j] && stack[j] > 0 && streetBet[j] + stack[j] > currentBet) return true;
    return false;
  }

  private long callAmount(int i) {
    return Math.min(Math.max(0, currentBet - streetBet[i]), stack[i]);
  }

  private static Result rejected(Reason reason, String message) {
    return new Result.Rejected(Rejection.of(reason, message));
  }

  private static List<ActionRecord> append(List<ActionRecord> list, ActionRecord r) {
    var copy = new ArrayList<ActionRecord>(list.size() + 1);
    copy.addAll(list);
    copy.add(r);
    return java.util.Collections.unmodifiableList(copy);
  }

  // ---- queries ----

  /** What the player to act may do; empty once the hand is over. */
  public Optional<LegalActions> legalActions() {
    if (street == Street.COMPLETE) return Optional.empty();
    int i = toAct;
    long toCall = callAmount(i);
    long maxTo = streetBet[i] + stack[i];
    boolean canGrow = maxTo > currentBet && opponentCanRespond(i);
    boolean canBet = canGrow && currentBet == 0;
    boolean canRaise = canGrow && currentBet > 0 && reopened(i);
    long minTo = Math.min(minTotal(), maxTo);
    return Optional.of(
        new LegalActions(
            players[i].seat(),
            streetBet[i] >= currentBet,
            toCall,
            canBet,
            canRaise,
            canBet || canRaise ? minTo : 0,
            canBet || canRaise ? maxTo : 0));
  }

  public OptionalInt seatToAct() {
    return street == Street.COMPLETE ? OptionalInt.empty() : OptionalInt.of(players[toAct].seat());
  }

  /** When the player to act times out; empty once the hand is over. */
  public Optional<Instant> deadline() {
    return Optional.ofNullable(deadline);
  }

  public boolean isComplete() {
    return street == Street.COMPLETE;
  }

  public Street street() {
    return street;
  }

  public Optional<Outcome> outcome() {
    return Optional.ofNullable(outcome);
  }

  public HandSetup setup() {
    return setup;
  }

  public HandConfig config() {
    return setup.config();
  }

  /** The deck the hand is dealt from. Secret while the hand runs: never send it to a client. */
  public Deck deck() {
    return deck;
  }

  public Instant startedAt() {
    return startedAt;
  }

  /** Players in deal order (index 0 left of the button, button last). */
  public List<SeatedPlayer> players() {
    return List.of(players);
  }

  public int buttonSeat() {
    return setup.buttonSeat();
  }

  public List<Posting> postings() {
    return postings;
  }

  public List<ActionRecord> actions() {
    return actions;
  }

  public long stack(int seat) {
    return stack[index(seat)];
  }

  /** Everything the seat has put in live this hand (antes, blinds, bets). */
  public long committed(int seat) {
    return committed[index(seat)];
  }

  public long streetBet(int seat) {
    return streetBet[index(seat)];
  }

  public boolean hasFolded(int seat) {
    return folded[index(seat)];
  }

  public long currentBet() {
    return currentBet;
  }

  /** Chips in the middle: live contributions plus dead money. */
  public long potTotal() {
    long sum = dead;
    for (long c : committed) sum = Math.addExact(sum, c);
    return sum;
  }

  /** Stacks plus the pot: equal to the starting stacks at every step (chip conservation). */
  public long chipsInPlay() {
    long sum = potTotal();
    for (long s : stack) sum = Math.addExact(sum, s);
    return sum;
  }

  public List<Card> holeCards(int seat) {
    int i = index(seat);
    return List.of(deck.get(i), deck.get(players.length + i));
  }

  /** The board cards dealt so far. */
  public List<Card> board() {
    int n = players.length;
    int[] pos = {2 * n + 1, 2 * n + 2, 2 * n + 3, 2 * n + 5, 2 * n + 7};
    var board = new ArrayList<Card>(5);
    for (int k = 0; k < boardCards; k++) board.add(deck.get(pos[k]));
    return List.copyOf(board);
  }

  /** Deck positions dealt by the end of this state, including burns, in deal order. */
  public List<Integer> dealtPositions() {
    int n = players.length;
    int last =
        switch (boardCards) {
          case 0 -> 2 * n - 1;
          case 3 -> 2 * n + 3;
          case 4 -> 2 * n + 5;
          default -> 2 * n + 7;
        };
    var positions = new ArrayList<Integer>();
    for (int p = 0; p <= last; p++) positions.add(p);
    return List.copyOf(positions);
  }

  private int indexOf(int seat) {
    for (int i = 0; i < players.length; i++) if (players[i].seat() == seat) return i;
    return -1;
  }

  private int index(int seat) {
    int i = indexOf(seat);
    if (i < 0) throw new IllegalArgumentException("seat " + seat + " is not in this hand");
    return i;
  }

  @Override
  public String toString() {
    return "HandState[" + street + ", to act " + seatToAct() + ", pot " + potTotal() + "]";
  }

  /** The mutable working copy one transition is computed in; it never escapes. */
  private static final class Draft {
    final HandSetup setup;
    final Deck deck;
    final SeatedPlayer[] players;
    final long[] stack;
    final long[] streetBet;
    final long[] committed;
    final boolean[] folded;
    final boolean[] acted;
    final long[] actedAgainst;
    long dead;
    List<Posting> postings;
    Street street;
    int toAct;
    long currentBet;
    long minRaise;
    int aggressor;
    boolean runout;
    int boardCards;
    final Instant startedAt;
    Instant lastActionAt;
    Instant deadline;
    List<ActionRecord> actions;
    Outcome outcome;

    Draft(HandSetup setup, Deck deck, SeatedPlayer[] players, Instant at) {
      int n = players.length;
      this.setup = setup;
      this.deck = deck;
      this.players = players;
      this.stack = new long[n];
      for (int i = 0; i < n; i++) stack[i] = players[i].stack();
      this.streetBet = new long[n];
      this.committed = new long[n];
      this.folded = new boolean[n];
      this.acted = new boolean[n];
      this.actedAgainst = new long[n];
      this.street = Street.PREFLOP;
      this.aggressor = -1;
      this.startedAt = at;
      this.lastActionAt = at;
      this.actions = List.of();
    }

    Draft(HandState s) {
      setup = s.setup;
      deck = s.deck;
      players = s.players;
      stack = s.stack.clone();
      streetBet = s.streetBet.clone();
      committed = s.committed.clone();
      folded = s.folded.clone();
      acted = s.acted.clone();
      actedAgainst = s.actedAgainst.clone();
      dead = s.dead;
      postings = s.postings;
      street = s.street;
      toAct = s.toAct;
      currentBet = s.currentBet;
      minRaise = s.minRaise;
      aggressor = s.aggressor;
      runout = s.runout;
      boardCards = s.boardCards;
      startedAt = s.startedAt;
      lastActionAt = s.lastActionAt;
      deadline = s.deadline;
      actions = s.actions;
      outcome = s.outcome;
    }

    int indexOf(int seat) {
      for (int i = 0; i < players.length; i++) if (players[i].seat() == seat) return i;
      return -1;
    }

    void post(int i, long amount, Posting.Kind kind, boolean live, List<Posting> log) {
      long paid = Math.min(amount, stack[i]);
      if (paid <= 0) return;
      stack[i] -= paid;
      if (live) {
        // An ante is the player's own money in the pot but not part of their bet this round.
        if (kind != Posting.Kind.ANTE) streetBet[i] += paid;
        committed[i] += paid;
      } else {
        dead = Math.addExact(dead, paid);
      }
      log.add(new Posting(players[i].seat(), kind, paid));
    }

    void put(int i, long amount) {
      stack[i] -= amount;
      streetBet[i] += amount;
      committed[i] += amount;
    }

    void perform(int i, Action a) {
      switch (a) {
        case Action.Fold f -> folded[i] = true;
        case Action.Check c -> {}
        case Action.Call c -> put(i, Math.min(Math.max(0, currentBet - streetBet[i]), stack[i]));
        case Action.Bet b -> raiseTo(i, b.amount());
        case Action.Raise r -> raiseTo(i, r.to());
        case Action.AllIn x -> throw new IllegalStateException("all-in is normalized first");
      }
      acted[i] = true;
      actedAgainst[i] = currentBet;
    }

    private void raiseTo(int i, long to) {
      put(i, to - streetBet[i]);
      long increment = to - currentBet;
      // A bet or raise of less than a full raise (an all-in) does not change the minimum raise.
      if (increment >= minRaise) minRaise = increment;
      currentBet = to;
      aggressor = i;
    }

    boolean active(int i) {
      return !folded[i] && stack[i] > 0;
    }

    boolean needsAction(int i) {
      return active(i) && (!acted[i] || streetBet[i] < currentBet);
    }

    boolean roundClosed() {
      int activeCount = 0;
      int last = -1;
      for (int i = 0; i < players.length; i++)
        if (active(i)) {
          activeCount++;
          last = i;
        }
      if (activeCount == 0) return true;
      if (activeCount == 1) {
        long maxOther = 0;
        for (int j = 0; j < players.length; j++)
          if (j != last) maxOther = Math.max(maxOther, streetBet[j]);
        return streetBet[last] >= maxOther;
      }
      for (int i = 0; i < players.length; i++) if (needsAction(i)) return false;
      return true;
    }

    /** Moves the hand forward from a consistent position: next player, next street or the end. */
    void settle(int from, Instant at) {
      int n = players.length;
      while (true) {
        int inHand = 0;
        for (int i = 0; i < n; i++) if (!folded[i]) inHand++;
        if (inHand == 1) {
          finish(false);
          return;
        }
        if (roundClosed()) {
          int canAct = 0;
          for (int i = 0; i < n; i++) if (active(i)) canAct++;
          if (street == Street.RIVER || canAct <= 1) {
            runout = canAct <= 1;
            boardCards = 5;
            finish(true);
            return;
          }
          street = Street.values()[street.ordinal() + 1];
          boardCards = street.boardCards();
          Arrays.fill(streetBet, 0);
          Arrays.fill(acted, false);
          Arrays.fill(actedAgainst, 0);
          currentBet = 0;
          minRaise = setup.config().bigBlind();
          aggressor = -1;
          from = 0;
          continue;
        }
        int i = from;
        while (!needsAction(i)) i = (i + 1) % n;
        toAct = i;
        deadline = at.plus(setup.config().actionTime());
        return;
      }
    }

    private void finish(boolean showdown) {
      int n = players.length;
      street = Street.COMPLETE;
      toAct = -1;
      deadline = null;
      Arrays.fill(streetBet, 0);
      var uncalled = PotRules.returnUncalled(committed, stack);
      int uncalledSeat = uncalled.index() < 0 ? 0 : players[uncalled.index()].seat();
      var layers = PotRules.layers(committed, folded, dead);
      int[] strength;
      List<Showdown> shows;
      if (showdown) {
        strength = ShowdownRules.strengths(deck, folded);
        shows = ShowdownRules.showOrder(players, deck, folded, layers, strength, aggressor, runout);
      } else {
        strength = new int[n];
        shows = ShowdownRules.unshown(players, deck, folded);
      }
      var pots = new ArrayList<Pot>();
      for (var layer : layers) pots.add(ShowdownRules.award(layer, strength, players, stack));
      var results = new ArrayList<Outcome.SeatResult>();
      for (int i = 0; i < n; i++)
        results.add(
            new Outcome.SeatResult(
                players[i].seat(), players[i].playerId(), players[i].stack(), stack[i]));
      Arrays.fill(committed, 0);
      dead = 0;
      outcome = new Outcome(uncalledSeat, uncalled.amount(), pots, shows, results);
    }
  }
}
