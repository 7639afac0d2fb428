package dev.pitboss.engine.fairness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class ChiSquareTest {

  @Test
  void matchesPublishedCriticalValues() {
    // Critical values from standard chi-square tables.
    assertThat(ChiSquare.pValue(3.841, 1)).isCloseTo(0.05, within(1e-4));
    assertThat(ChiSquare.pValue(67.505, 50)).isCloseTo(0.05, within(1e-4));
    assertThat(ChiSquare.pValue(76.154, 50)).isCloseTo(0.01, within(1e-4));
    assertThat(ChiSquare.pValue(77.386, 51)).isCloseTo(0.01, within(1e-4));
    assertThat(ChiSquare.pValue(2.0, 2)).isCloseTo(Math.exp(-1), within(1e-12));
    assertThat(ChiSquare.pValue(50.0, 50)).isBetween(0.4, 0.55);
  }
}
