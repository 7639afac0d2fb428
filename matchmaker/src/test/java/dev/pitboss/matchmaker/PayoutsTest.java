package dev.pitboss.matchmaker;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PayoutsTest {
  static Payouts.Finish f(String player, int place) {
    return new Payouts.Finish(player, place);
  }

  @Test
  void oddMinorUnitsOfTheSplitGoToFirstPlace() {
    var prizes =
        Payouts.split(1_001, List.of(50, 30, 20), List.of(f("a", 1), f("b", 2), f("c", 3)));
    assertThat(prizes).isEqualTo(Map.of("a", 501L, "b", 300L, "c", 200L));
  }

  @Test
  void tiedPlayersShareThePrizesOfThePlacesTheyCoverOddUnitsByPlayerId() {
    // b and c tie for 2nd: they share 2nd + 3rd = 301 + 200 → 251 and 250, the odd unit to "b".
    var prizes =
        Payouts.split(
            1_000, List.of(49, 30, 20, 1), List.of(f("a", 1), f("c", 2), f("b", 2), f("d", 4)));
    assertThat(prizes.values().stream().mapToLong(Long::longValue).sum()).isEqualTo(1_000);
    assertThat(prizes.get("b") + prizes.get("c")).isEqualTo(300 + 200);
    assertThat(prizes.get("b")).isEqualTo(250);
    assertThat(prizes.get("c")).isEqualTo(250);
    var odd = Payouts.split(1_001, List.of(50, 25, 25), List.of(f("a", 1), f("z", 2), f("y", 2)));
    assertThat(odd).containsEntry("y", 250L).containsEntry("z", 250L).containsEntry("a", 501L);
  }

  @Test
  void fewerEntrantsThanPaidPlacesScaleThePaidPercentages() {
    var prizes = Payouts.split(900, List.of(50, 30, 20), List.of(f("a", 1), f("b", 2)));
    assertThat(prizes).isEqualTo(Map.of("a", 563L, "b", 337L));
  }

  @Test
  void playersBustingInOneHandArePlacedByStartingStackEqualStacksShare() throws Exception {
    var state = new TournamentDirector.State();
    state.seatsPerTable = 6;
    state.startingStack = 1_000;
    state.paidPlaces = 1;
    var director = new TournamentDirector(state, SecureRandom.getInstance("DRBG"));
    director.draw(List.of("a", "b", "c", "d", "e"), List.of("tournament/x/y/1"), 0);
    var stacks = new java.util.TreeMap<Integer, TournamentDirector.Seat>();
    state
        .tables
        .firstEntry()
        .getValue()
        .seats
        .forEach(
            (seat, s) -> {
              if (s.player.equals("a")) stacks.put(seat, new TournamentDirector.Seat("a", 5_000));
            });
    var busts =
        new ArrayList<>(
            List.of(
                new TournamentDirector.Bust("b", 500),
                new TournamentDirector.Bust("c", 2_000),
                new TournamentDirector.Bust("d", 500),
                new TournamentDirector.Bust("e", 1_000)));
    director.onHand("tournament/x/y/1", stacks, busts);
    assertThat(state.finishes)
        .containsExactlyInAnyOrder(f("c", 2), f("e", 3), f("b", 4), f("d", 4), f("a", 1));
    assertThat(state.phase).isEqualTo("finished");
  }
}
