package dev.pitboss.gameserver.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pitboss.gameserver.table.TableEvent;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ServerFramesTest {

  @Test
  void viewersOfOneCopyShareItsFrame() {
    var acted = new TableEvent.Acted(2, "call", 100, 100, 900, 250, false);

    var first = ServerFrames.event(7, acted);

    assertThat(ServerFrames.event(7, acted)).isSameAs(first);
    assertThat(ServerFrames.event(8, acted)).isNotSameAs(first).contains("\"seq\":8");
  }

  @Test
  void eachSeatsPrivateCopyGetsAFrameOfItsOwnEvenWhenEqual() {
    var deal =
        new TableEvent.Dealt(
            Map.of(1, List.of("As", "Kd"), 2, List.of("7c", "7h"), 3, List.of("2s", "3s")));

    var one = ServerFrames.event(9, deal.forViewer(1));
    var two = ServerFrames.event(9, deal.forViewer(2));
    var observer = ServerFrames.event(9, deal.forViewer(TableEvent.OBSERVER));
    var otherObserver = ServerFrames.event(9, deal.forViewer(TableEvent.OBSERVER));

    assertThat(one).contains("As", "Kd").doesNotContain("7c", "2s");
    assertThat(two).contains("7c", "7h").doesNotContain("As", "2s");
    assertThat(observer).doesNotContain("As", "7c", "2s");
    // Equal copies made apart are serialised apart: sharing goes by identity only.
    assertThat(otherObserver).isEqualTo(observer).isNotSameAs(observer);
  }
}
