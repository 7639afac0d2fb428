package dev.pitboss.operator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pitboss.crds.TournamentSpec;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The operator's blind level comes from the engine's TournamentClock on the spec's schedule. */
class TournamentLevelTest {
  static final Instant START = Instant.parse("2026-11-22T10:00:00Z");
  static final TournamentSpec SPEC =
      TournamentOperatorIT.tournament("levels", null, START, 2).getSpec();

  @Test
  void theLevelChangesExactlyAtEachBoundaryAndTheLastLevelLasts() {
    var started = START.toString();
    assertThat(TournamentReconciler.currentLevel(SPEC, null, START)).isEqualTo(1);
    assertThat(TournamentReconciler.currentLevel(SPEC, started, START)).isEqualTo(1);
    assertThat(TournamentReconciler.currentLevel(SPEC, started, START.plusSeconds(599)))
        .isEqualTo(1);
    assertThat(TournamentReconciler.currentLevel(SPEC, started, START.plusSeconds(600)))
        .isEqualTo(2);
    assertThat(TournamentReconciler.currentLevel(SPEC, started, START.plusSeconds(86_400)))
        .isEqualTo(2);
  }
}
