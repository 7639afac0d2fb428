package dev.pitboss.engine.fairness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import org.junit.jupiter.api.Test;

class UniformDrawTest {

  /** A byte stream that cycles through 0..255, so every byte value appears equally often. */
  @SuppressWarnings("serial")
  static final class CyclingBytes extends SecureRandom {
    int next;

    @Override
    public void nextBytes(byte[] bytes) {
      for (int i = 0; i < bytes.length; i++) bytes[i] = (byte) next++;
    }
  }

  @Test
  void everyResultIsEquallyLikelyForEveryBound() {
    for (int bound = 1; bound <= 256; bound++) {
      var draw = new UniformDraw(new CyclingBytes());
      int limit = 256 - 256 % bound;
      long[] count = new long[bound];
      // Exactly the accepted bytes of 10 full cycles: each value must come up equally often.
      for (int i = 0; i < 10 * limit; i++) count[draw.below(bound)]++;
      for (long c : count) assertThat(c).as("bound %d", bound).isEqualTo(10L * limit / bound);
    }
  }

  @Test
  void bytesThatWouldBiasTheResultAreSkipped() {
    var bytes = new CyclingBytes();
    bytes.next = 207; // for bound 52 bytes 208..255 are rejected
    var draw = new UniformDraw(bytes);
    assertThat(draw.below(52)).isEqualTo(207 % 52);
    assertThat(draw.below(52)).isZero(); // 208..255 skipped, the next byte is 0
  }

  @Test
  void boundsOutsideOneTo256AreRejected() {
    var draw = new UniformDraw(new SecureRandom());
    assertThatThrownBy(() -> draw.below(0)).hasMessageContaining("bound must be in 1..256, got 0");
    assertThatThrownBy(() -> draw.below(257)).hasMessageContaining("got 257");
    assertThat(draw.below(1)).isZero();
  }
}
