package dev.pitboss.wallet;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import org.junit.jupiter.api.Test;

class IdsTest {

  @Test
  void idsAreDistinctVersion4Uuids() {
    var seen = new HashSet<java.util.UUID>();
    for (int i = 0; i < 100_000; i++) {
      var id = Ids.next();
      assertThat(id.version()).isEqualTo(4);
      assertThat(id.variant()).isEqualTo(2);
      assertThat(seen.add(id)).isTrue();
    }
  }
}
