package dev.pitboss.gameserver.table;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pitboss.crds.Game;
import dev.pitboss.crds.TableRules;
import dev.pitboss.engine.fairness.Shuffler;
import dev.pitboss.engine.game.Action;
import dev.pitboss.gameserver.protocol.ErrorCode;
import dev.pitboss.gameserver.protocol.ServerFrames;
import dev.pitboss.testbed.ManualClock;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TableTest {

  static final TableRules CASH =
      new TableRules(
          "table/default/cash/",
          Game.NLHE,
          6,
          30,
          new TableRules.Cash(50, 100, "EUR", 4_000, 20_000, 500, 300),
          null);

  final ManualClock clock = new ManualClock(Instant.parse("2026-12-01T12:00:00Z"));
  final FakeBank bank = new FakeBank();
  final List<TableEvent> events = new ArrayList<>();
  final Table table =
      Table.open(
          "table/default/cash/0",
          CASH,
          bank,
          TournamentDirector.NONE,
          new Table.Services(
              clock, new Shuffler(), new SecureRandom(), Duration.ZERO, Duration.ofMinutes(5)),
          0,
          events::add);
  final Random rng = new Random(7);
  int handled;

  void seat(String player, int seat, long buyIn) {
    bank.fund(player, 1_000_000);
    table.buyIn(player, seat, buyIn, "seat/table/default/cash/0/" + player + "/r" + seat);
  }

  /** Plays until {@code hands} more hands have ended, re-buying busted players. */
  void play(int hands) {
    long target = table.handNumber() + hands;
    while (table.handNumber() < target || table.handInPlay()) {
      if (handled == events.size() && !table.handInPlay() && table.players().size() < 2) return;
      if (handled == events.size()) {
        table.tick();
        if (handled == events.size()) {
          clock.advance(Duration.ofMillis(1));
          table.tick();
        }
        continue;
      }
      var e = events.get(handled++);
      if (e instanceof TableEvent.Turn turn && handled == events.size()) {
        var player = table.players().get(turn.seat());
        table.act(player, TurnBot.decide(turn, rng));
      }
      if (e instanceof TableEvent.SeatLeft left
          && left.stack() == 0
          && bank.players.get(left.player()) >= 4_000)
        table.buyIn(left.player(), left.seat(), 4_000, "rebuy/" + left.player() + "/" + handled);
    }
  }

  @Test
  void everyHandSettlesOnceAndTheLedgerAlwaysHoldsTheTableStacks() {
    for (int s = 1; s <= 6; s++) seat("p" + s, s, 10_000);
    long total = bank.total();
    int checked = 0;
    for (int round = 0; round < 40; round++) {
      play(5);
      for (var e : events) {
        if (e instanceof TableEvent.HandEnded ended) {
          checked++;
          assertThat(bank.settled).contains(ended.hand());
        }
      }
      var snapshot = table.snapshot(TableEvent.OBSERVER);
      for (var seat : snapshot.seats())
        assertThat(bank.escrow.get(seat.seat()))
            .as("escrow of seat " + seat.seat())
            .isEqualTo(seat.stack());
      assertThat(bank.total()).isEqualTo(total);
    }
    assertThat(checked).isGreaterThan(200);
    assertThat(bank.house).as("rake collected").isPositive();
  }

  @Test
  void actedEventsAddUpToThePotAndNameTheirKind() {
    for (int s = 1; s <= 6; s++) seat("p" + s, s, 10_000);
    play(100);
    long pot = 0;
    int acted = 0;
    for (var e : events) {
      switch (e) {
        case TableEvent.HandStarted h -> pot = 0;
        case TableEvent.Posted p -> pot += p.amount();
        case TableEvent.Acted a -> {
          acted++;
          pot += a.amount();
          assertThat(a.pot()).as("pot after %s", a).isEqualTo(pot);
          assertThat(a.amount()).isNotNegative();
          assertThat(a.stack()).isNotNegative();
          if (a.action().equals("fold") || a.action().equals("check"))
            assertThat(a.amount()).isZero();
        }
        default -> {}
      }
      var copy = e.forViewer(1);
      var kind = java.beans.Introspector.decapitalize(copy.getClass().getSimpleName());
      assertThat(ServerFrames.event(1, copy)).contains("\"kind\":\"" + kind + "\"");
    }
    assertThat(acted).isGreaterThan(500);
  }

  @Test
  void noViewerEverSeesAnotherSeatsUnshownHoleCards() {
    for (int s = 1; s <= 6; s++) seat("p" + s, s, 10_000);
    play(150);
    Map<Integer, List<String>> dealt = Map.of();
    Set<Integer> shown = new HashSet<>();
    var seen = new HashMap<Integer, StringBuilder>();
    int hands = 0;
    for (var e : events) {
      if (e instanceof TableEvent.Dealt d) {
        check(dealt, shown, seen);
        dealt = d.cards();
        shown = new HashSet<>();
        seen = new HashMap<>();
        hands++;
      }
      if (e instanceof TableEvent.Shown s) shown.add(s.seat());
      for (int viewer = 0; viewer <= 6; viewer++) {
        if (e instanceof TableEvent.Shown) continue;
        seen.computeIfAbsent(viewer, v -> new StringBuilder())
            .append(ServerFrames.event(1, e.forViewer(viewer)));
      }
    }
    check(dealt, shown, seen);
    assertThat(hands).isGreaterThan(100);
  }

  /** Outside Shown events, a viewer's frames name no card dealt to another seat. */
  private static void check(
      Map<Integer, List<String>> dealt, Set<Integer> shown, Map<Integer, StringBuilder> seen) {
    for (var frames : seen.entrySet()) {
      for (var hole : dealt.entrySet()) {
        if (hole.getKey().equals(frames.getKey())) continue;
        for (var card : hole.getValue()) {
          var text = frames.getValue().toString();
          boolean revealedAtShowdown = shown.contains(hole.getKey());
          if (!revealedAtShowdown)
            assertThat(text)
                .as("viewer %d must never see seat %d's %s", frames.getKey(), hole.getKey(), card)
                .doesNotContain("\"" + card + "\"");
        }
      }
    }
  }

  @Test
  void outOfTurnAndIllegalActionsAreRefusedAndChangeNothing() {
    seat("a", 1, 10_000);
    seat("b", 2, 10_000);
    seat("c", 3, 10_000);
    table.tick();
    var turn = (TableEvent.Turn) events.getLast();
    var before = table.snapshot(TableEvent.OBSERVER);
    int waiting = turn.seat() % 3 + 1;
    var other = table.players().get(waiting);
    assertThatThrownBy(() -> table.act(other, Action.call()))
        .isInstanceOf(TableException.class)
        .extracting(e -> ((TableException) e).code())
        .isEqualTo(ErrorCode.OUT_OF_TURN);
    var toAct = table.players().get(turn.seat());
    assertThatThrownBy(() -> table.act(toAct, Action.raiseTo(turn.minTo() - 1)))
        .extracting(e -> ((TableException) e).code())
        .isEqualTo(ErrorCode.ILLEGAL_ACTION);
    assertThatThrownBy(() -> table.act("nobody", Action.fold()))
        .extracting(e -> ((TableException) e).code())
        .isEqualTo(ErrorCode.NOT_SEATED);
    assertThat(table.snapshot(TableEvent.OBSERVER)).isEqualTo(before);
  }

  @Test
  void buyInsOutsideTheRangeOrIntoATakenSeatAreRefused() {
    seat("a", 1, 10_000);
    bank.fund("b", 100_000);
    assertThatThrownBy(() -> table.buyIn("b", 2, 3_999, "h1"))
        .extracting(e -> ((TableException) e).code())
        .isEqualTo(ErrorCode.BUY_IN_OUT_OF_RANGE);
    assertThatThrownBy(() -> table.buyIn("b", 1, 5_000, "h2"))
        .extracting(e -> ((TableException) e).code())
        .isEqualTo(ErrorCode.SEAT_TAKEN);
    assertThatThrownBy(() -> table.buyIn("a", 3, 5_000, "h3"))
        .extracting(e -> ((TableException) e).code())
        .isEqualTo(ErrorCode.ALREADY_SEATED);
    bank.players.put("poor", 100L);
    assertThatThrownBy(() -> table.buyIn("poor", 4, 5_000, "h4"))
        .extracting(e -> ((TableException) e).code())
        .isEqualTo(ErrorCode.BUY_IN_REFUSED);
    assertThat(table.players()).containsOnlyKeys(1);
  }

  @Test
  void aHandThatCannotSettleIsVoidAndEveryStackStaysAsBefore() {
    seat("a", 1, 10_000);
    seat("b", 2, 10_000);
    bank.refuseSettlement = true;
    table.tick();
    var turn = (TableEvent.Turn) events.getLast();
    table.act(table.players().get(turn.seat()), Action.fold());
    assertThat(events).anyMatch(e -> e instanceof TableEvent.HandVoided);
    assertThat(events).noneMatch(e -> e instanceof TableEvent.HandEnded);
    assertThat(table.snapshot(TableEvent.OBSERVER).seats())
        .extracting(Table.SeatView::stack)
        .containsOnly(10_000L);
    assertThat(bank.escrow).containsValues(10_000L, 10_000L);
  }

  @Test
  void handForHandDealsOnlyWhenTheDirectorSaysSo() {
    table.handForHand(true);
    seat("a", 1, 10_000);
    seat("b", 2, 10_000);
    clock.advance(Duration.ofSeconds(1));
    table.tick();
    assertThat(table.handInPlay()).isFalse();
    table.allowDeal();
    table.tick();
    assertThat(table.handInPlay()).isTrue();
    var turn = (TableEvent.Turn) events.getLast();
    table.act(table.players().get(turn.seat()), Action.fold());
    clock.advance(Duration.ofSeconds(1));
    table.tick();
    assertThat(table.handInPlay()).as("no second hand without the director").isFalse();
    table.handForHand(false);
    table.tick();
    assertThat(table.handInPlay()).isTrue();
  }

  @Test
  void aPlayerWhoTimesOutChecksOrFoldsAndSitsOut() {
    seat("a", 1, 10_000);
    seat("b", 2, 10_000);
    table.tick();
    var turn = (TableEvent.Turn) events.getLast();
    clock.advance(Duration.ofSeconds(31));
    table.tick();
    assertThat(events)
        .anyMatch(e -> e instanceof TableEvent.Acted a && a.seat() == turn.seat() && a.timedOut());
    assertThat(events)
        .anyMatch(
            e -> e instanceof TableEvent.SittingOut s && s.seat() == turn.seat() && s.sittingOut());
    clock.advance(Duration.ofMinutes(6));
    table.tick();
    assertThat(table.players()).doesNotContainKey(turn.seat());
    assertThat(bank.escrow.get(turn.seat())).isZero();
  }

  @Test
  void aRefusedCashOutKeepsTheChipsAtTheSeatAndTheTablePlaysOn() {
    seat("a", 1, 10_000);
    seat("b", 2, 10_000);
    seat("c", 3, 10_000);
    play(1);
    bank.refuseCashOut = true;
    long chips =
        table.snapshot(0).seats().stream()
            .filter(s -> s.seat() == 1)
            .findFirst()
            .orElseThrow()
            .stack();
    table.leave("a");
    assertThat(table.seatOf("a")).as("still seated: the escrow still holds the chips").contains(1);
    assertThat(bank.escrow.get(1)).isEqualTo(chips);
    long before = table.handNumber();
    play(2);
    assertThat(table.handNumber()).as("the others play on").isGreaterThanOrEqualTo(before + 2);

    bank.refuseCashOut = false;
    clock.advance(Duration.ofMinutes(6));
    table.tick();
    assertThat(table.seatOf("a")).isEmpty();
    assertThat(bank.escrow.get(1)).isZero();
    assertThat(bank.players.get("a")).isEqualTo(1_000_000 - 10_000 + chips);
  }

  @Test
  void leavingMidHandFoldsAtTheTurnAndCashesOutWhenTheHandEnds() {
    seat("a", 1, 10_000);
    seat("b", 2, 10_000);
    seat("c", 3, 10_000);
    table.tick();
    var turn = (TableEvent.Turn) events.getLast();
    var leaver = table.players().get(turn.seat());
    table.leave(leaver);
    assertThat(events)
        .anyMatch(
            e ->
                e instanceof TableEvent.Acted a
                    && a.seat() == turn.seat()
                    && a.action().equals("fold"));
    play(1);
    assertThat(table.seatOf(leaver)).isEmpty();
    assertThat(bank.escrow.get(turn.seat())).isZero();
    assertThat(bank.players.get(leaver)).isGreaterThan(0);
  }

  @Test
  void aPlayerReleasedMidHandLeavesWhenItEndsAndTheDirectorHearsTheChipsAfterTheResults() {
    var heard = new ArrayList<String>();
    var director =
        new TournamentDirector() {
          @Override
          public void handFinished(
              String id, long hand, int bigBlind, List<TableEvent.Stack> stacks, List<Bust> busts) {
            heard.add("hand " + hand + ", big blind at " + bigBlind);
          }

          @Override
          public void released(String id, String player, long chips) {
            heard.add("released " + player + " " + chips);
          }
        };
    var rules =
        new TableRules(
            "tournament/default/mtt/",
            Game.NLHE,
            9,
            30,
            null,
            new TableRules.Tournament(
                1_500,
                List.of(new dev.pitboss.crds.TournamentSpec.BlindLevel(10, 20, 0, 10)),
                null));
    var events = new ArrayList<TableEvent>();
    var tournament =
        Table.open(
            "tournament/default/mtt/0",
            rules,
            bank,
            director,
            new Table.Services(
                clock, new Shuffler(), new SecureRandom(), Duration.ZERO, Duration.ofMinutes(5)),
            0,
            events::add);
    tournament.startClock(clock.instant());
    for (var p : List.of("a", "b", "c"))
      tournament.seatDirected(p, List.of("a", "b", "c").indexOf(p) + 1, 1_500);
    tournament.tick();
    assertThat(tournament.handInPlay()).isTrue();

    tournament.release("a");
    assertThat(tournament.seatOf("a")).as("never pulled out of a hand").contains(1);
    assertThat(heard).isEmpty();
    while (tournament.handInPlay()) {
      var turn =
          (TableEvent.Turn)
              events.reversed().stream()
                  .filter(e -> e instanceof TableEvent.Turn)
                  .findFirst()
                  .orElseThrow();
      tournament.act(
          tournament.players().get(turn.seat()), turn.canCheck() ? Action.check() : Action.call());
    }
    var left =
        events.stream()
            .filter(e -> e instanceof TableEvent.SeatLeft l && l.player().equals("a"))
            .map(e -> (TableEvent.SeatLeft) e)
            .findFirst()
            .orElseThrow();
    assertThat(left.stack()).isPositive();
    int bigBlind =
        events.stream()
            .filter(e -> e instanceof TableEvent.Posted p && p.posting().equals("big_blind"))
            .mapToInt(e -> ((TableEvent.Posted) e).seat())
            .findFirst()
            .orElseThrow();
    assertThat(heard)
        .containsExactly("hand 1, big blind at " + bigBlind, "released a " + left.stack());
    assertThat(tournament.seatOf("a")).isEmpty();

    tournament.release("a");
    assertThat(heard).last().isEqualTo("released a 0");
  }
}
