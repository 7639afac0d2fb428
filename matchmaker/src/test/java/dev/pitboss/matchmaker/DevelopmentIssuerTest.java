package dev.pitboss.matchmaker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import org.junit.jupiter.api.Test;

class DevelopmentIssuerTest {
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
