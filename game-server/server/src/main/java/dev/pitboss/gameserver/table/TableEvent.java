package dev.pitboss.gameserver.table;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What happened at a table, in order. Every event is public except the hole cards and the reveals
 * of them: {@link #forViewer(int)} gives the copy a viewer (a seat, or {@link #OBSERVER}) may see,
 * and only that copy is ever sent, stored for resumption or logged. Every viewer sees every event
 * (with private parts removed), so the sequence numbers a client sees have no gaps.
 */
public sealed interface TableEvent {

  /** The viewer seat of an observer, or of a seated player's public view. */
  int OBSERVER = 0;

  /** This event as {@code viewerSeat} may see it. */
  default TableEvent forViewer(int viewerSeat) {
    return this;
  }

  record Stack(int seat, String player, long stack) {}

  record SeatTaken(int seat, String player, long stack) implements TableEvent {}

  /** {@code stack}: the chips the player left with (cashed out at a cash table). */
  record SeatLeft(int seat, String player, long stack) implements TableEvent {}

  record SittingOut(int seat, boolean sittingOut) implements TableEvent {}

  /** {@code commitment}: the Merkle root of the shuffled deck, published before any card. */
  record HandStarted(
      long hand,
      int button,
      long smallBlind,
      long bigBlind,
      long ante,
      String commitment,
      List<Stack> players)
      implements TableEvent {}

  /**
   * {@code posting}: ante, small_blind, big_blind, big_blind_ante, post_to_play, dead_small_blind.
   */
  record Posted(int seat, String posting, long amount) implements TableEvent {}

  /**
   * The deal, as stored: every seat's cards. Never sent as is; {@link #forViewer} turns it into a
   * {@link HoleCards} with the viewer's own cards only.
   */
  record Dealt(Map<Integer, List<String>> cards) implements TableEvent {
    @Override
    public TableEvent forViewer(int viewerSeat) {
      var own = cards.get(viewerSeat);
      return new HoleCards(
          cards.keySet().stream().sorted().toList(),
          own == null ? OBSERVER : viewerSeat,
          own == null ? List.of() : own);
    }
  }

  /** {@code seats}: who was dealt in; {@code cards}: the viewer's own two cards, if any. */
  record HoleCards(List<Integer> seats, int seat, List<String> cards) implements TableEvent {}

  record Turn(
      int seat,
      boolean canCheck,
      long callAmount,
      boolean canBet,
      boolean canRaise,
      long minTo,
      long maxTo,
      Instant deadline)
      implements TableEvent {}

  /**
   * {@code amount}: the chips the action put in; {@code streetBet}: the seat's total bet this
   * street afterwards (a raise's "to").
   */
  record Acted(
      int seat, String action, long amount, long streetBet, long stack, long pot, boolean timedOut)
      implements TableEvent {}

  record Board(String street, List<String> cards) implements TableEvent {}

  record Shown(int seat, List<String> cards, String hand) implements TableEvent {}

  record Win(int seat, long amount) {}

  record PotWon(long amount, List<Win> winners) {}

  /** {@code rake}: what the house took from the pots; {@code returned}: an uncalled bet. */
  record Won(List<PotWon> pots, long rake, Win returned) implements TableEvent {}

  record Reveal(int position, String card, String salt, List<String> path) {}

  /**
   * The end of a hand: final stacks and the reveals that prove the public cards (board, burns and
   * shown hands) came from the committed deck. Each seat's own hole cards are revealed to it alone.
   */
  record HandEnded(
      long hand,
      List<Stack> stacks,
      List<Reveal> reveals,
      Map<Integer, List<Reveal>> privateReveals)
      implements TableEvent {
    @Override
    public TableEvent forViewer(int viewerSeat) {
      var own = privateReveals.get(viewerSeat);
      if (own == null) return new HandEnded(hand, stacks, reveals, Map.of());
      var all = new java.util.ArrayList<>(reveals);
      all.addAll(own);
      all.sort(java.util.Comparator.comparingInt(Reveal::position));
      return new HandEnded(hand, stacks, List.copyOf(all), Map.of());
    }
  }

  /** A hand that could not be settled: nothing it bet moved; stacks are as before it. */
  record HandVoided(long hand, String reason) implements TableEvent {}

  record Closing(String reason) implements TableEvent {}
}
