package dev.pitboss.gameserver.table;

import dev.pitboss.crds.TableRules;
import dev.pitboss.engine.cards.Card;
import dev.pitboss.engine.fairness.DeckCommitment;
import dev.pitboss.engine.fairness.Shuffler;
import dev.pitboss.engine.game.Action;
import dev.pitboss.engine.game.Hand;
import dev.pitboss.engine.game.HandState;
import dev.pitboss.engine.game.Outcome;
import dev.pitboss.engine.game.Result;
import dev.pitboss.engine.game.Street;
import dev.pitboss.engine.game.TableSeating;
import dev.pitboss.engine.history.HandHistories;
import dev.pitboss.gameserver.protocol.ErrorCode;
import dev.pitboss.gameserver.table.TableEvent.Stack;
import dev.pitboss.history.HandHistoryJson;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * One poker table: who sits where, the hand in play, and the money at a cash table. It is a plain
 * single-threaded object; {@link TableActor} gives each table its own thread and feeds it requests
 * and timer ticks one at a time. Every change is told to the listener as a {@link TableEvent}.
 *
 * <p>Money moves only between hands: a seat's escrow is captured at the buy-in, each finished hand
 * settles in one transfer before the next is dealt, and a leaving player is cashed out. A hand that
 * cannot be settled is void, so the ledger always holds each seat's chips as of the last settled
 * hand.
 */
public final class Table {

  /** What a table needs besides its rules; {@code pause} is the time between two hands. */
  public record Services(
      Clock clock, Shuffler shuffler, SecureRandom salts, Duration pause, Duration sitOutLimit) {}

  /** A player at the table, as the snapshot shows it. */
  public record SeatView(
      int seat,
      String player,
      long stack,
      boolean sittingOut,
      boolean inHand,
      boolean folded,
      long streetBet) {}

  /** The table as one viewer sees it now; the start of a session or a resumption. */
  public record Snapshot(
      String table,
      long hand,
      int button,
      List<SeatView> seats,
      List<String> board,
      long pot,
      String commitment,
      TableEvent.Turn turn,
      int yourSeat,
      List<String> yourCards) {}

  private final String id;
  private final TableRules rules;
  private final Bank bank;
  private final Services services;
  private final TableModes.Mode mode;
  private final Consumer<TableEvent> listener;

  private TableSeating seating;
  private HandState hand;
  private DeckCommitment commitment;
  private long handNumber;
  private Instant nextHandAt;
  private boolean closing;

  /** Hand-for-hand: deal only when the director allows one more hand. */
  private boolean handForHand;

  private int dealsAllowed;
  private final Set<Integer> leaving = new HashSet<>();

  /** Tournament players to release for a move once the hand they play in ends, in order asked. */
  private final Set<String> releaseAfterHand = new java.util.LinkedHashSet<>();

  private final Map<Integer, Instant> sittingOutSince = new HashMap<>();

  Table(
      String id,
      TableRules rules,
      Bank bank,
      Services services,
      TableModes.Mode mode,
      long lastHand,
      Consumer<TableEvent> listener) {
    this.id = id;
    this.rules = rules;
    this.bank = bank;
    this.services = services;
    this.mode = mode;
    this.listener = listener;
    this.handNumber = lastHand;
    this.seating = TableSeating.empty(mode.config(now()), rules.seats());
  }

  /**
   * A table with the given rules: cash when the rules carry stakes (its money goes through {@code
   * bank}), a tournament table otherwise (it reports to {@code director}). Hand numbers continue
   * after {@code lastHand}, so a reopened table never reuses a settled hand's number.
   */
  public static Table open(
      String id,
      TableRules rules,
      Bank bank,
      TournamentDirector director,
      Services services,
      long lastHand,
      Consumer<TableEvent> listener) {
    return new Table(id, rules, bank, services, TableModes.of(rules, director), lastHand, listener);
  }

  /**
   * Hand-for-hand (the director's bubble play): while on, the table deals a hand only after the
   * director's {@link #allowDeal()}, so busts at every table happen in the same round.
   */
  public void handForHand(boolean on) {
    handForHand = on;
    dealsAllowed = 0;
    scheduleNextHand();
  }

  /** Lets a hand-for-hand table deal its next hand. */
  public void allowDeal() {
    dealsAllowed++;
    scheduleNextHand();
  }

  /** A tournament table's clock starts when the director starts the tournament. */
  public void startClock(Instant start) {
    if (mode instanceof TableModes.Tournament t) t.startAt(start);
  }

  public String id() {
    return id;
  }

  public TableRules rules() {
    return rules;
  }

  public boolean isCash() {
    return rules.cash() != null;
  }

  public long handNumber() {
    return handNumber;
  }

  public boolean handInPlay() {
    return hand != null;
  }

  public boolean isEmpty() {
    return seating.occupants().isEmpty();
  }

  /** Seat number → player, for the GameServer's {@code players} list. */
  public Map<Integer, String> players() {
    var players = new TreeMap<Integer, String>();
    seating.occupants().forEach((seat, o) -> players.put(seat, o.playerId()));
    return players;
  }

  public Optional<Integer> seatOf(String player) {
    return seating.occupants().entrySet().stream()
        .filter(e -> e.getValue().playerId().equals(player))
        .map(Map.Entry::getKey)
        .findFirst();
  }

  /**
   * Seats a cash player with the buy-in the matchmaker holds for them. The ticket named the seat;
   * the hold is captured into the seat's escrow before anyone sees the player seated.
   */
  public void buyIn(String player, int seat, long amount, String holdReference) {
    var cash = rules.cash();
    if (cash == null)
      throw new TableException(ErrorCode.BUY_IN_REFUSED, "a tournament table takes no buy-ins");
    if (amount < cash.minBuyIn() || amount > cash.maxBuyIn())
      throw new TableException(
          ErrorCode.BUY_IN_OUT_OF_RANGE,
          "buy-in "
              + amount
              + " is outside this table's range "
              + cash.minBuyIn()
              + ".."
              + cash.maxBuyIn());
    checkSeatFree(player, seat);
    long chips;
    try {
      chips = bank.buyIn(seat, player, holdReference, amount);
    } catch (Bank.MoneyException e) {
      throw new TableException(ErrorCode.BUY_IN_REFUSED, e.getMessage());
    }
    sit(player, seat, chips);
  }

  /** Seats a tournament player the director sent here, with their chips. */
  public void seatDirected(String player, int seat, long chips) {
    if (isCash())
      throw new TableException(ErrorCode.BUY_IN_REFUSED, "a cash table seats by buy-in only");
    checkSeatFree(player, seat);
    sit(player, seat, chips);
  }

  /** Puts back a player the ledger shows at this seat when the table reopens; no money moves. */
  public void restore(String player, int seat, long chips) {
    checkSeatFree(player, seat);
    sit(player, seat, chips);
  }

  private void checkSeatFree(String player, int seat) {
    if (closing) throw new TableException(ErrorCode.TABLE_CLOSING, "table " + id + " is closing");
    if (seat < 1 || seat > rules.seats())
      throw new TableException(
          ErrorCode.BAD_FIELD, "seat must be 1.." + rules.seats() + ", got " + seat);
    if (seatOf(player).isPresent())
      throw new TableException(ErrorCode.ALREADY_SEATED, player + " is already seated here");
    if (seating.occupants().containsKey(seat))
      throw new TableException(ErrorCode.SEAT_TAKEN, "seat " + seat + " is taken");
  }

  private void sit(String player, int seat, long chips) {
    seating = mode.join(seating, seat, player, chips);
    emit(new TableEvent.SeatTaken(seat, player, chips));
    scheduleNextHand();
  }

  /** The player's action in the hand in play. */
  public void act(String player, Action action) {
    int seat = seatOf(player).orElseThrow(() -> notSeated(player));
    if (hand == null) throw new TableException(ErrorCode.NO_HAND, "no hand is in play");
    if (hand.seatToAct().orElse(-1) != seat)
      throw new TableException(ErrorCode.OUT_OF_TURN, "it is not seat " + seat + "'s turn");
    if (sittingOutSince.remove(seat) != null) {
      seating = seating.sitIn(seat);
      emit(new TableEvent.SittingOut(seat, false));
    }
    apply(seat, hand.apply(seat, action, now()));
  }

  /** Stands the player up: at once between hands, otherwise folding and leaving after the hand. */
  public void leave(String player) {
    int seat = seatOf(player).orElseThrow(() -> notSeated(player));
    if (hand != null && inHand(seat) && !hand.hasFolded(seat)) {
      leaving.add(seat);
      if (hand.seatToAct().orElse(-1) == seat) apply(seat, hand.apply(seat, Action.fold(), now()));
      return;
    }
    if (hand != null && inHand(seat)) {
      leaving.add(seat);
      return;
    }
    standUp(seat);
  }

  public void sitOut(String player, boolean out) {
    int seat = seatOf(player).orElseThrow(() -> notSeated(player));
    boolean was = seating.occupants().get(seat).sittingOut();
    if (was == out) return;
    seating = out ? seating.sitOut(seat) : seating.sitIn(seat);
    if (out) sittingOutSince.put(seat, now());
    else sittingOutSince.remove(seat);
    emit(new TableEvent.SittingOut(seat, out));
    if (!out) scheduleNextHand();
  }

  /** Stops dealing; cash players are stood up and paid out once the hand in play ends. */
  public void close(String reason) {
    if (closing) return;
    closing = true;
    emit(new TableEvent.Closing(reason));
    if (hand == null) standUpEveryone();
  }

  /**
   * Removes a tournament player for a table move or the table breaking: at once between hands, or
   * when the hand they play in ends (a player is never pulled out of a hand). The director hears
   * the chips they leave with either way; 0 when they are not seated here (busted meanwhile).
   */
  public void release(String player) {
    var seat = seatOf(player);
    if (seat.isPresent() && hand != null && inHand(seat.get())) {
      releaseAfterHand.add(player);
      return;
    }
    long chips = 0;
    if (seat.isPresent()) {
      chips = seating.occupants().get(seat.get()).stack();
      seating = seating.leave(seat.get());
      emit(new TableEvent.SeatLeft(seat.get(), player, chips));
    }
    mode.released(this, player, chips);
  }

  /** When the table next needs a {@link #tick()}: an action deadline or the next deal. */
  public Optional<Instant> nextWakeUp() {
    if (hand != null) return hand.deadline();
    var wake = nextHandAt;
    for (var since : sittingOutSince.values()) {
      var limit = since.plus(services.sitOutLimit());
      if (wake == null || limit.isBefore(wake)) wake = limit;
    }
    return Optional.ofNullable(wake);
  }

  /** Acts on whatever is due: a timed-out player, a player sitting out too long, the next deal. */
  public void tick() {
    var now = now();
    if (hand != null) {
      var deadline = hand.deadline();
      if (deadline.isPresent() && !now.isBefore(deadline.get())) {
        int seat = hand.seatToAct().orElseThrow();
        apply(seat, hand.timeout(now));
        if (isCash() && seating.occupants().containsKey(seat)) sitOut(playerAt(seat), true);
      }
      return;
    }
    for (var e : List.copyOf(sittingOutSince.entrySet())) {
      if (!now.isBefore(e.getValue().plus(services.sitOutLimit()))) standUp(e.getKey());
    }
    if (nextHandAt != null && !now.isBefore(nextHandAt)) {
      nextHandAt = null;
      deal();
    }
  }

  public Snapshot snapshot(int viewerSeat) {
    var seats = new ArrayList<SeatView>();
    seating
        .occupants()
        .forEach(
            (seat, o) -> {
              boolean in = hand != null && inHand(seat);
              seats.add(
                  new SeatView(
                      seat,
                      o.playerId(),
                      in ? hand.stack(seat) : o.stack(),
                      o.sittingOut(),
                      in,
                      in && hand.hasFolded(seat),
                      in ? hand.streetBet(seat) : 0));
            });
    seats.sort(java.util.Comparator.comparingInt(SeatView::seat));
    if (hand == null)
      return new Snapshot(
          id,
          handNumber,
          seating.buttonSeat(),
          seats,
          List.of(),
          0,
          null,
          null,
          viewerSeat,
          List.of());
    boolean dealtIn = inHand(viewerSeat);
    return new Snapshot(
        id,
        handNumber,
        hand.buttonSeat(),
        seats,
        names(hand.board()),
        hand.potTotal(),
        commitment.root(),
        turn().orElse(null),
        viewerSeat,
        dealtIn ? names(hand.holeCards(viewerSeat)) : List.of());
  }

  // --- the hand --------------------------------------------------------------------------

  private void scheduleNextHand() {
    if (handForHand && dealsAllowed == 0) return;
    if (hand == null && nextHandAt == null && !closing && seating.nextHand().isPresent())
      nextHandAt = now().plus(services.pause());
  }

  private void deal() {
    if (closing) return;
    var config = mode.config(now());
    seating =
        new TableSeating(
            config,
            seating.seatCount(),
            seating.occupants(),
            seating.buttonSeat(),
            seating.smallBlindSeat(),
            seating.bigBlindSeat());
    var next = seating.nextHand();
    if (next.isEmpty()) return;
    if (handForHand) dealsAllowed--;
    var deck = services.shuffler().shuffle();
    commitment = DeckCommitment.commit(deck, services.salts());
    handNumber++;
    seating = next.get().seating();
    hand = Hand.start(next.get().setup(), deck, now());
    var players = hand.players().stream().map(p -> new Stack(p.seat(), p.playerId(), p.stack()));
    emit(
        new TableEvent.HandStarted(
            handNumber,
            hand.buttonSeat(),
            config.smallBlind(),
            config.bigBlind(),
            config.ante(),
            commitment.root(),
            players.sorted(java.util.Comparator.comparingInt(Stack::seat)).toList()));
    for (var p : hand.postings())
      emit(new TableEvent.Posted(p.seat(), p.kind().name().toLowerCase(), p.amount()));
    var cards = new TreeMap<Integer, List<String>>();
    for (var p : hand.players()) cards.put(p.seat(), names(hand.holeCards(p.seat())));
    emit(new TableEvent.Dealt(cards));
    progress(hand, 0, 0);
  }

  private void apply(int seat, Result result) {
    switch (result) {
      case Result.Rejected r ->
          throw new TableException(
              ErrorCode.ILLEGAL_ACTION, r.rejection().reason() + ": " + r.rejection().message());
      case Result.Accepted a -> {
        var before = hand;
        hand = a.state();
        progress(before, before.actions().size(), before.board().size());
      }
    }
  }

  /**
   * Tells what changed since {@code before}: actions, new board cards, then the turn or the end.
   */
  private void progress(HandState before, int actionsBefore, int boardBefore) {
    var actions = hand.actions();
    // One action per step; its effect is read off the state before it, because a hand that the
    // action ends has already returned the uncalled bet and awarded the pots.
    for (int i = actionsBefore; i < actions.size(); i++) {
      var a = actions.get(i);
      int seat = a.seat();
      long owed = Math.max(0, before.currentBet() - before.streetBet(seat));
      long amount =
          switch (a.action()) {
            case Action.Call c -> Math.min(owed, before.stack(seat));
            case Action.Bet b -> b.amount() - before.streetBet(seat);
            case Action.Raise r -> r.to() - before.streetBet(seat);
            case Action.AllIn x -> before.stack(seat);
            case Action.Fold f -> 0;
            case Action.Check c -> 0;
          };
      emit(
          new TableEvent.Acted(
              seat,
              actionName(a.action()),
              amount,
              before.streetBet(seat) + amount,
              before.stack(seat) - amount,
              before.potTotal() + amount,
              a.timedOut()));
    }
    var board = hand.board();
    for (int n : new int[] {3, 4, 5}) {
      if (boardBefore < n && board.size() >= n)
        emit(new TableEvent.Board(streetOf(n), names(board.subList(0, n))));
    }
    if (hand.isComplete()) {
      finish();
      return;
    }
    int toAct = hand.seatToAct().orElseThrow();
    if (leaving.contains(toAct)) {
      apply(toAct, hand.apply(toAct, Action.fold(), now()));
      return;
    }
    turn().ifPresent(this::emit);
  }

  private Optional<TableEvent.Turn> turn() {
    return hand.legalActions()
        .map(
            l ->
                new TableEvent.Turn(
                    l.seat(),
                    l.canCheck(),
                    l.callAmount(),
                    l.canBet(),
                    l.canRaise(),
                    l.minTo(),
                    l.maxTo(),
                    hand.deadline().orElse(null)));
  }

  private void finish() {
    var finished = hand;
    var outcome = finished.outcome().orElseThrow();
    var taken = mode.rake().take(outcome, finished.board().size() >= 3);
    if (isCash()) {
      var deltas = new TreeMap<Integer, Long>();
      for (var r : taken.outcome().results()) if (r.net() != 0) deltas.put(r.seat(), r.net());
      try {
        var history =
            HandHistories.of(
                finished, id + "/hand/" + handNumber, id, java.util.Optional.of(commitment));
        bank.settle(handNumber, deltas, taken.rake(), HandHistoryJson.toJson(history));
      } catch (RuntimeException e) {
        // Nothing moved in the ledger: the hand is void and every stack stays as it was.
        hand = null;
        emit(new TableEvent.HandVoided(handNumber, "settlement failed: " + e.getMessage()));
        afterHand();
        return;
      }
    }
    for (var s : outcome.showdowns())
      if (s.shown()) emit(new TableEvent.Shown(s.seat(), names(s.holeCards()), s.description()));
    emit(won(taken, outcome));
    seating = seating.settle(taken.outcome());
    hand = null;
    emit(ended(finished, taken.outcome()));
    mode.handFinished(this, handNumber, finished, taken.outcome());
    afterHand();
  }

  private void afterHand() {
    for (int seat : List.copyOf(leaving)) standUp(seat);
    leaving.clear();
    for (var e : List.copyOf(seating.occupants().entrySet())) {
      if (e.getValue().stack() == 0) {
        seating = seating.leave(e.getKey());
        sittingOutSince.remove(e.getKey());
        emit(new TableEvent.SeatLeft(e.getKey(), e.getValue().playerId(), 0));
      }
    }
    for (var player : List.copyOf(releaseAfterHand)) release(player);
    releaseAfterHand.clear();
    if (closing) standUpEveryone();
    else scheduleNextHand();
  }

  private TableEvent.Won won(Rake.Taken taken, Outcome outcome) {
    var pots =
        taken.outcome().pots().stream()
            .map(
                p ->
                    new TableEvent.PotWon(
                        p.amount(),
                        p.wins().stream()
                            .map(w -> new TableEvent.Win(w.seat(), w.amount()))
                            .toList()))
            .toList();
    var returned =
        outcome.uncalledAmount() > 0
            ? new TableEvent.Win(outcome.uncalledSeat(), outcome.uncalledAmount())
            : null;
    return new TableEvent.Won(pots, taken.rake(), returned);
  }

  /** Public reveals: burns, board and shown hands; each seat's own hole cards to it alone. */
  private TableEvent.HandEnded ended(HandState finished, Outcome outcome) {
    int n = finished.players().size();
    var shown = new HashSet<Integer>();
    for (var s : outcome.showdowns()) if (s.shown()) shown.add(s.seat());
    var publicReveals = new ArrayList<TableEvent.Reveal>();
    var privateReveals = new HashMap<Integer, List<TableEvent.Reveal>>();
    for (int pos : finished.dealtPositions()) {
      if (pos < 2 * n) {
        int seat = finished.players().get(pos % n).seat();
        var reveal = reveal(pos);
        if (shown.contains(seat)) publicReveals.add(reveal);
        else privateReveals.computeIfAbsent(seat, k -> new ArrayList<>()).add(reveal);
      } else {
        publicReveals.add(reveal(pos));
      }
    }
    var stacks = new ArrayList<Stack>();
    for (var r : outcome.results()) stacks.add(new Stack(r.seat(), r.playerId(), r.finalStack()));
    stacks.sort(java.util.Comparator.comparingInt(Stack::seat));
    return new TableEvent.HandEnded(
        handNumber, List.copyOf(stacks), List.copyOf(publicReveals), Map.copyOf(privateReveals));
  }

  private TableEvent.Reveal reveal(int position) {
    var r = commitment.reveal(position);
    return new TableEvent.Reveal(position, r.card().toString(), r.salt(), r.path());
  }

  private void standUpEveryone() {
    for (int seat : List.copyOf(seating.occupants().keySet())) standUp(seat);
  }

  private void standUp(int seat) {
    var o = seating.occupants().get(seat);
    if (o == null) return;
    if (isCash() && o.stack() > 0) {
      try {
        bank.cashOut(seat, o.playerId(), o.stack());
      } catch (Bank.MoneyException e) {
        // The wallet refused to pay out: the chips stay at the seat and in its escrow, so the seat
        // is never given to anyone else; the player sits out, the table plays on, and the sit-out
        // limit tries again later instead of at every tick.
        System.getLogger(Table.class.getName())
            .log(
                System.Logger.Level.WARNING,
                "{0}: paying out {1} at seat {2} failed, they sit out: {3}",
                id,
                o.playerId(),
                seat,
                e.getMessage());
        if (!o.sittingOut()) {
          seating = seating.sitOut(seat);
          emit(new TableEvent.SittingOut(seat, true));
        }
        sittingOutSince.put(seat, now());
        return;
      }
    }
    seating = seating.leave(seat);
    sittingOutSince.remove(seat);
    emit(new TableEvent.SeatLeft(seat, o.playerId(), o.stack()));
    mode.left(this, o.playerId(), o.stack());
  }

  // --- small helpers ---------------------------------------------------------------------

  private boolean inHand(int seat) {
    return hand != null && hand.players().stream().anyMatch(p -> p.seat() == seat);
  }

  private String playerAt(int seat) {
    return seating.occupants().get(seat).playerId();
  }

  private TableException notSeated(String player) {
    return new TableException(ErrorCode.NOT_SEATED, player + " is not seated at " + id);
  }

  private void emit(TableEvent event) {
    listener.accept(event);
  }

  private Instant now() {
    return services.clock().instant();
  }

  private static String actionName(Action action) {
    return switch (action) {
      case Action.Fold f -> "fold";
      case Action.Check c -> "check";
      case Action.Call c -> "call";
      case Action.Bet b -> "bet";
      case Action.Raise r -> "raise";
      case Action.AllIn a -> "allin";
    };
  }

  private static String streetOf(int boardCards) {
    return switch (boardCards) {
      case 3 -> Street.FLOP.name().toLowerCase();
      case 4 -> Street.TURN.name().toLowerCase();
      default -> Street.RIVER.name().toLowerCase();
    };
  }

  static List<String> names(List<Card> cards) {
    return cards.stream().map(Card::toString).toList();
  }
}
