package dev.pitboss.matchmaker;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BalancingTest {
  static final String T1 = "tournament/x/y/1";
  static final String T2 = "tournament/x/y/2";

  /** Each seat of the larger table in turn as the last big blind: the next one clockwise moves. */
  @Test
  void theMovedPlayerIsTheOneWhoWouldBeBigBlindNext() throws Exception {
    for (int turn = 0; turn < 8; turn++) {
      var state = new TournamentDirector.State();
      state.seatsPerTable = 9;
      state.startingStack = 1_000;
      state.paidPlaces = 1;
      var director = new TournamentDirector(state, SecureRandom.getInstance("DRBG"));
      var players = new ArrayList<String>();
      for (int i = 1; i <= 16; i++) players.add("p" + i);
      director.draw(players, List.of(T1, T2), 0);
      var first = state.tables.get(T1).seats;
      var second = state.tables.get(T2).seats;
      assertThat(first).hasSize(8);
      assertThat(second).hasSize(8);

      var seats = new ArrayList<>(first.keySet());
      int bigBlind = seats.get(turn);
      var nextBigBlind = first.get(seats.get((turn + 1) % seats.size())).player;
      assertThat(director.onHand(T1, bigBlind, Map.of(), List.of())).isEmpty();

      // Two busts at table 2 leave it two players short of table 1: one player moves.
      var busted = new ArrayList<>(second.values()).subList(0, 2);
      var commands =
          director.onHand(
              T2,
              null,
              Map.of(),
              busted.stream().map(s -> new TournamentDirector.Bust(s.player, 1_000)).toList());

      assertThat(commands)
          .contains(
              new TournamentDirector.Command(
                  T1, Map.of("cmd", "release", "player", nextBigBlind, "reason", "balance")));
      assertThat(state.tables.get(T1).releasing).containsExactly(nextBigBlind);
    }
  }
}
