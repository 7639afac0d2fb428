package dev.pitboss.engine.clock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class TournamentClockTest {

  static final Instant START = Instant.parse("2026-05-01T19:00:00Z");
  static final Period.Level L1 = new Period.Level(25, 50, 0, Duration.ofMinutes(20));
  static final Period.Level L2 = new Period.Level(50, 100, 100, Duration.ofMinutes(20));
  static final Period.Level L3 = new Period.Level(100, 200, 200, Duration.ofMinutes(20));
  static final BlindSchedule SCHEDULE =
      new BlindSchedule(List.of(L1, L2, new Period.Break(Duration.ofMinutes(10)), L3));

  private static Instant min(long minutes) {
    return START.plus(Duration.ofMinutes(minutes));
  }

  @Test
  void theLevelInForceFollowsTheDurationsAndTheLastLevelHolds() {
    var clock = TournamentClock.startingAt(START, SCHEDULE);
    assertThat(clock.at(START.minusSeconds(90)))
        .isEqualTo(new ClockReading.NotStarted(L1, Duration.ofSeconds(90)));
    assertThat(clock.at(START))
        .isEqualTo(new ClockReading.InLevel(1, L1, Duration.ofMinutes(20), false));
    assertThat(clock.at(min(19)))
        .isEqualTo(new ClockReading.InLevel(1, L1, Duration.ofMinutes(1), false));
    assertThat(clock.at(min(20)))
        .isEqualTo(new ClockReading.InLevel(2, L2, Duration.ofMinutes(20), false));
    assertThat(clock.at(min(45))).isEqualTo(new ClockReading.OnBreak(3, L3, Duration.ofMinutes(5)));
    assertThat(clock.at(min(45)).blinds()).isEqualTo(L3);
    assertThat(clock.at(min(50))).isEqualTo(new ClockReading.InLevel(3, L3, Duration.ZERO, true));
    assertThat(clock.at(min(5000))).isEqualTo(new ClockReading.InLevel(3, L3, Duration.ZERO, true));
  }

  @Test
  void pausedTimeDoesNotCount() {
    var clock = TournamentClock.startingAt(START, SCHEDULE).pause(min(10));
    assertThat(clock.at(min(30)))
        .isEqualTo(new ClockReading.InLevel(1, L1, Duration.ofMinutes(10), false));
    clock = clock.resume(min(30));
    assertThat(clock.at(min(35)))
        .isEqualTo(new ClockReading.InLevel(1, L1, Duration.ofMinutes(5), false));
    assertThat(clock.at(min(40)))
        .isEqualTo(new ClockReading.InLevel(2, L2, Duration.ofMinutes(20), false));
    assertThat(clock.elapsed(min(40))).isEqualTo(Duration.ofMinutes(20));
  }

  @Test
  void aBadScheduleIsRejectedWithTheReason() {
    var brk = new Period.Break(Duration.ofMinutes(5));
    assertThatThrownBy(() -> new BlindSchedule(List.of()))
        .hasMessageContaining("starts with a level");
    assertThatThrownBy(() -> new BlindSchedule(List.of(brk, L1)))
        .hasMessageContaining("starts with a level");
    assertThatThrownBy(() -> new BlindSchedule(List.of(L1, brk)))
        .hasMessageContaining("ends with a level");
    assertThatThrownBy(() -> new BlindSchedule(List.of(L1, brk, brk, L2)))
        .hasMessageContaining("both breaks");
    assertThatThrownBy(() -> new BlindSchedule(List.of(L2, L1)))
        .hasMessageContaining("level 2 lowers");
    assertThatThrownBy(() -> new Period.Level(100, 50, 0, Duration.ofMinutes(1)))
        .hasMessageContaining("small blind <= big blind");
    assertThatThrownBy(() -> new Period.Level(1, 2, 0, Duration.ZERO))
        .hasMessageContaining("positive duration");
    assertThatThrownBy(() -> TournamentClock.startingAt(START, SCHEDULE).resume(min(1)))
        .hasMessageContaining("not paused");
  }
}
