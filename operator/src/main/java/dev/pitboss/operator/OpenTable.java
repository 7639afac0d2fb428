package dev.pitboss.operator;

import dev.pitboss.crds.Placement;

/** A poker table open on a game server, with the players seated at it right now. */
record OpenTable(String id, String gameServer, String address, Integer port, int seated) {
  Placement placement() {
    return new Placement(id, gameServer, address, port);
  }
}
