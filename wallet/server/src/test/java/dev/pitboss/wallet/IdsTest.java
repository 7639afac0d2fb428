package dev.pitboss.wallet;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import org.junit.jupiter.api.Test;

class IdsTest {

  @Test
  void idsAreDistinctVersion7UuidsCarryingTheirTime() {
    var seen = new HashSet<java.util.UUID>();
    long before = System.currentTimeMillis();
    for (int i = 0; i < 100_000; i++) {
      var id = Ids.next();
      assertThat(id.version()).isEqualTo(7);
      assertThat(id.variant()).isEqualTo(2);
      assertThat(seen.add(id)).isTrue();
    }
    long stamp = Ids.next().getMostSignificantBits() >>> 16;
    assertThat(stamp).isBetween(before, System.currentTimeMillis());
  }

  @Test
  void idsTakenInTheSameMillisecondShareNoPredictableSuffix() {
    var a = Ids.next(1_000);
    var b = Ids.next(1_000);
    assertThat(a.getMostSignificantBits() >>> 16).isEqualTo(b.getMostSignificantBits() >>> 16);
    // 74 random bits: two ids of the same millisecond differ beyond the timestamp.
    assertThat(a.getLeastSignificantBits()).isNotEqualTo(b.getLeastSignificantBits());
  }
}
