package dev.pitboss.operator;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ScalingPlanTest {

  static OpenTable table(int index, int seated) {
    return new OpenTable("table/default/cash/" + index, "gs-0", "10.0.0.1", 7000, seated);
  }

  @Test
  void opensUpToMinTablesFromNothing() {
    var plan = ScalingPlan.of(List.of(), 6, 2, 10, 0);
    assertThat(plan.toOpen()).isEqualTo(2);
    assertThat(plan.toClose()).isEmpty();
  }

  @Test
  void opensUntilTheFreeSeatTargetIsMet() {
    // Two full 6-seat tables, 8 free seats wanted: two more tables give 12.
    var plan = ScalingPlan.of(List.of(table(0, 6), table(1, 6)), 6, 1, 10, 8);
    assertThat(plan.toOpen()).isEqualTo(2);
  }

  @Test
  void neverOpensBeyondMaxTables() {
    var plan = ScalingPlan.of(List.of(table(0, 6)), 6, 1, 3, 100);
    assertThat(plan.toOpen()).isEqualTo(2);
  }

  @Test
  void closesOnlyEmptySurplusTablesHighestIndexFirst() {
    var open = List.of(table(0, 0), table(1, 3), table(2, 0), table(3, 0));
    var plan = ScalingPlan.of(open, 6, 1, 10, 6);
    // free = 6+3+6+6 = 21; closing 3 and 2 leaves 9 >= 6; closing 0 too would leave 3.
    assertThat(plan.toClose()).containsExactly("table/default/cash/3", "table/default/cash/2");
    assertThat(plan.toOpen()).isZero();
  }

  @Test
  void aboveMaxClosesEmptiesButNeverASeatedTable() {
    var open = List.of(table(0, 2), table(1, 2), table(2, 0));
    var plan = ScalingPlan.of(open, 6, 0, 1, 0);
    assertThat(plan.toClose()).containsExactly("table/default/cash/2");
  }

  @Test
  void aConvergedStateIsLeftAlone() {
    var plan = ScalingPlan.of(List.of(table(0, 1), table(1, 0)), 6, 1, 10, 6);
    assertThat(plan.isEmpty()).isTrue();
  }

  @Test
  void forAnyStateASeatedTableIsNeverClosedAndBoundsHold() {
    var random = new Random(42);
    for (int round = 0; round < 5_000; round++) {
      int seats = 2 + random.nextInt(9);
      int min = random.nextInt(5);
      int max = min + 1 + random.nextInt(6);
      int freeWanted = random.nextInt(seats * max + 1);
      var open = new ArrayList<OpenTable>();
      int count = random.nextInt(12);
      for (int i = 0; i < count; i++)
        open.add(table(i, random.nextInt(3) == 0 ? random.nextInt(seats + 1) : 0));
      var plan = ScalingPlan.of(open, seats, min, max, freeWanted);
      var closed = plan.toClose();
      assertThat(open.stream().filter(t -> closed.contains(t.id())).allMatch(t -> t.seated() == 0))
          .isTrue();
      int after = count + plan.toOpen() - closed.size();
      assertThat(plan.toOpen() == 0 || closed.isEmpty()).isTrue();
      if (plan.toOpen() > 0) assertThat(after).isLessThanOrEqualTo(max);
      int seatedTables = (int) open.stream().filter(t -> t.seated() > 0).count();
      if (!closed.isEmpty()) assertThat(after).isGreaterThanOrEqualTo(Math.min(min, count));
      assertThat(after).isGreaterThanOrEqualTo(Math.min(seatedTables, count));
    }
  }
}
