package dev.pitboss.operator;

import java.util.Optional;

/**
 * The resource a poker table belongs to. Table ids are {@code <kind>/<namespace>/<name>/<n>}: a
 * game server's Agones list {@code tables} holds them, so the owner of every open table can be read
 * back from the game servers alone, and the wallet's hold references share the prefix.
 */
record Owner(String kind, String namespace, String name) {
  static final String TABLE = "table";
  static final String TOURNAMENT = "tournament";

  /** Every id of this owner starts with this; also the wallet's hold reference prefix. */
  String prefix() {
    return kind + "/" + namespace + "/" + name + "/";
  }

  String tableId(int index) {
    return prefix() + index;
  }

  static Optional<Owner> ofTableId(String id) {
    var parts = id.split("/", -1);
    if (parts.length != 4 || parts[1].isEmpty() || parts[2].isEmpty()) return Optional.empty();
    if (!parts[0].equals(TABLE) && !parts[0].equals(TOURNAMENT)) return Optional.empty();
    return Optional.of(new Owner(parts[0], parts[1], parts[2]));
  }

  static int indexOf(String id) {
    try {
      return Integer.parseInt(id.substring(id.lastIndexOf('/') + 1));
    } catch (NumberFormatException e) {
      return -1;
    }
  }
}
