package dev.pitboss.matchmaker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;

class SeatingPolicyTest {
  static TableAd ad(String id, int seats, int occupied, boolean closing) {
    return new TableAd(
        id,
        "gs",
        "127.0.0.1",
        7777,
        seats,
        occupied,
        seats - occupied,
        "EUR",
        50,
        100,
        2000L,
        20000L,
        closing,
        0);
  }

  @Test
  void fillsTablesWithPlayersEvenlyBeforeOpeningAnEmptyOne() {
    var order =
        Seating.policyOrder(
            List.of(
                ad("t/1", 6, 0, false),
                ad("t/2", 6, 5, false),
                ad("t/3", 6, 2, false),
                ad("t/4", 6, 6, false),
                ad("t/5", 6, 1, true),
                ad("t/6", 6, 2, false)));
    assertThat(order).extracting(TableAd::table).containsExactly("t/3", "t/6", "t/2", "t/1");
  }

  @Test
  void theDevelopmentIssuerRefusesAnythingButLoopback() {
    assertThatThrownBy(() -> new DevelopmentIssuer("0.0.0.0", Clock.systemUTC()))
        .hasMessageContaining("only runs on loopback");
    assertThatThrownBy(() -> new DevelopmentIssuer(null, Clock.systemUTC()))
        .hasMessageContaining("only runs on loopback");
    assertThatThrownBy(() -> new DevelopmentIssuer("10.1.2.3", Clock.systemUTC()))
        .hasMessageContaining("only runs on loopback");
    assertThat(new DevelopmentIssuer("127.0.0.1", Clock.systemUTC()).jwks()).contains("\"EC\"");
    assertThat(new DevelopmentIssuer("::1", Clock.systemUTC()).jwks()).contains("\"EC\"");
  }
}
