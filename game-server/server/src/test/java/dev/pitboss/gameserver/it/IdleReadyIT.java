package dev.pitboss.gameserver.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pitboss.gameserver.host.TableHost;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * With {@code PITBOSS_WHEN_IDLE=ready}, a server whose last table closed hands itself back to
 * Agones as Ready after the grace period (so the FleetAutoscaler can count it free), keeps running,
 * and takes the next placement.
 */
class IdleReadyIT {
  static ServerFixture fx;

  @BeforeAll
  static void start() throws Exception {
    fx = new ServerFixture("game_server_idle_it", 50, 100, TableHost.WhenIdle.READY);
  }

  @AfterAll
  static void stop() {
    if (fx != null) fx.close();
  }

  @Test
  void anIdleServerGoesBackToReadyAndTakesTheNextTable() {
    var rules = ServerFixture.cashRules("table/it/idle/", 6);
    fx.place("table/it/idle/0", rules);
    int readies = fx.agones.calls("Ready").size();
    fx.agones.setList("tables", 10, List.of());
    await().until(() -> fx.server.host().tableIds().isEmpty());
    await().until(() -> fx.agones.calls("Ready").size() > readies);
    assertThat(fx.agones.calls("Shutdown")).isEmpty();
    assertThat(fx.server.host().accepting()).isTrue();
    fx.place("table/it/idle/1", rules);
    assertThat(fx.server.host().tableIds()).containsExactly("table/it/idle/1");
  }
}
