package dev.pitboss.operator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pitboss.testbed.ManualClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class PendingPlacementsTest {
  private final ManualClock clock = new ManualClock(Instant.parse("2026-12-02T00:00:00Z"));
  private final PendingPlacements pending = new PendingPlacements(clock);
  private final Owner owner = new Owner(Owner.TABLE, "default", "holdem");
  private final Owner other = new Owner(Owner.TABLE, "default", "omaha");

  private static OpenTable table(int index, String server, int seated) {
    return new OpenTable("table/default/holdem/" + index, server, "10.0.0.1", 7000, seated);
  }

  @Test
  void aPlacementTheCacheDoesNotShowYetCountsAsOpen() {
    pending.placed(owner, table(1, "gs-b", 0));

    assertThat(pending.view(owner, List.of(table(0, "gs-a", 3))))
        .contains(List.of(table(0, "gs-a", 3), table(1, "gs-b", 0)));
    assertThat(pending.view(other, List.of())).contains(List.of());
  }

  @Test
  void onceTheCacheShowsAPlacementTheCacheAloneCounts() {
    pending.placed(owner, table(1, "gs-b", 0));
    pending.view(owner, List.of(table(1, "gs-b", 2)));

    // Later the table closed elsewhere (its server went away): the cache is believed.
    assertThat(pending.view(owner, List.of())).contains(List.of());
  }

  @Test
  void aCloseTheCacheDoesNotShowYetHidesTheTable() {
    pending.closed(owner, table(1, "gs-b", 0));

    assertThat(pending.view(owner, List.of(table(0, "gs-a", 0), table(1, "gs-b", 0))))
        .contains(List.of(table(0, "gs-a", 0)));
    assertThat(pending.view(owner, List.of(table(0, "gs-a", 0))))
        .contains(List.of(table(0, "gs-a", 0)));
    // Placed again later on the same server: the old close no longer hides it.
    assertThat(pending.view(owner, List.of(table(0, "gs-a", 0), table(1, "gs-b", 0))))
        .contains(List.of(table(0, "gs-a", 0), table(1, "gs-b", 0)));
  }

  @Test
  void aPlacementNeverShownWithinThePatienceAsksForAFreshRead() {
    pending.placed(owner, table(1, "gs-b", 0));
    clock.advance(PendingPlacements.PATIENCE.plus(Duration.ofSeconds(1)));

    assertThat(pending.view(owner, List.of())).isEmpty();
    assertThat(pending.view(owner, List.of())).as("until the fresh read").isEmpty();

    pending.refreshed(owner);
    assertThat(pending.view(owner, List.of())).contains(List.of());
  }

  @Test
  void aLostAllocationAnswerAsksForAFreshRead() {
    pending.lostAnswer(owner);

    assertThat(pending.view(owner, List.of(table(0, "gs-a", 0)))).isEmpty();
    assertThat(pending.view(other, List.of())).contains(List.of());
  }
}
