package dev.pitboss.agones.sdk;

import java.util.List;

/** The client's scenarios against {@link SdkServerStandIn}. */
class StandInContractTest extends SdkContract {
  @Override
  Target start() {
    SdkServerStandIn standIn = SdkServerStandIn.start(0, NAME);
    standIn.setList("tables", 3, List.of());
    standIn.setList("players", 10, List.of());
    standIn.setCounter("seats", 0, 6);
    return new Target() {
      @Override
      public int port() {
        return standIn.port();
      }

      @Override
      public boolean localMode() {
        return false;
      }

      @Override
      public void close() {
        standIn.close();
      }
    };
  }
}
