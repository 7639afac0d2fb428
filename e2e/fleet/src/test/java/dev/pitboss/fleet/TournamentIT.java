package dev.pitboss.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pitboss.agones.standin.AgonesRelease;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import org.junit.jupiter.api.Test;

/**
 * A tournament end to end on the local fleet, as the main job plays it: the example Tournament
 * applied, bots registered through the matchmaker's API, tables placed by the operator, seats
 * drawn, tables balanced and broken by the matchmaker's director, hands played on game-server
 * processes over WebSockets to one winner, the prize pool paid and the ledger reconciled.
 */
class TournamentIT extends FleetIT {

  @Test
  void thirtyBotsPlayTheExampleTournamentToOneWinnerAndThePrizesSumToThePool() throws Exception {
    var yaml =
        Files.readString(
            AgonesRelease.repositoryRoot(Path.of("")).resolve("manifests/examples/turbo-100.yaml"));
    var result =
        TournamentPlay.run(
            fleet, yaml, 30, Duration.ofMinutes(10), line -> System.out.println("[e2e] " + line));

    assertThat(result.problems()).isEmpty();
    assertThat(result.entrants()).isEqualTo(30);
    // 30 entrants on 9-handed tables: four tables, broken down to one as players bust.
    assertThat(result.tablesUsed()).isEqualTo(4);
    assertThat(result.moves()).as("players moved by balancing and breaking").isPositive();
    assertThat(result.hands()).isPositive();
    assertThat(result.prizePool()).isEqualTo(30 * 1_000L);
    assertThat(result.standings()).hasSize(30);
    assertThat(result.standings().getFirst().place()).isEqualTo(1);
    assertThat(result.standings().stream().filter(s -> s.place() == 1)).hasSize(1);
    assertThat(new HashSet<>(result.standings().stream().map(s -> s.player()).toList()))
        .hasSize(30);
    assertThat(result.standings().stream().mapToLong(TournamentPlay.Standing::prize).sum())
        .isEqualTo(result.prizePool());
    // The example pays six places: 40, 25, 15, 10, 6, 4 per cent.
    assertThat(result.standings().getFirst().prize()).isEqualTo(12_000);
    assertThat(result.reconciled()).isTrue();
  }
}
