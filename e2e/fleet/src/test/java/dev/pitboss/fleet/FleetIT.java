package dev.pitboss.fleet;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** An end-to-end test class: a local fleet of its own, up before its first test, closed after. */
abstract class FleetIT {
  static Fleet fleet;

  @BeforeAll
  static void startFleet() throws Exception {
    fleet = Fleet.start(Fleet.Options.defaults(), line -> System.out.println("[fleet] " + line));
  }

  @AfterAll
  static void stopFleet() {
    if (fleet != null) fleet.close();
    fleet = null;
  }
}
