package dev.pitboss.matchmaker;

/**
 * Every Redis key the matchmaker reads or writes, in one place. The {@code table}, {@code owner},
 * {@code table-commands} and {@code tournament-results} keys are the contract with the game servers
 * (README, "Contracts"); the rest are the matchmaker's own.
 */
final class Keys {
  private Keys() {}

  static String table(String tableId) {
    return "pitboss:table:" + tableId;
  }

  static String owner(String ownerPrefix) {
    return "pitboss:owner:" + ownerPrefix;
  }

  static String reservation(String tableId, int seat) {
    return "pitboss:reservation:" + tableId + ":" + seat;
  }

  /** The player's live reservation at a table type: {@code tableId|seat|reservationId|buyIn}. */
  static String playerReservation(String ownerPrefix, String player) {
    return "pitboss:player-reservation:" + ownerPrefix + player;
  }

  /** The demand signal: players waiting for a seat of a table type, score = deadline (epoch ms). */
  static String demand(String ownerPrefix) {
    return "pitboss:demand:" + ownerPrefix;
  }

  /** Pub/sub channel announcing a table type (its owner prefix) that has waiting players. */
  static final String DEMAND_CHANNEL = "pitboss:demand";

  static String seatRequest(String player, String ownerPrefix) {
    return "pitboss:seat-request:" + player + ":" + ownerPrefix;
  }

  static String seatCancel(String player, String ownerPrefix) {
    return "pitboss:seat-cancel:" + player + ":" + ownerPrefix;
  }

  /** Holds not yet known to be captured, score = when to release them (epoch ms). */
  static final String PENDING_HOLDS = "pitboss:holds:pending";

  static String rate(String who, long second) {
    return "pitboss:rate:" + who + ":" + second;
  }

  static String tableCommands(String tableId) {
    return "pitboss:table-commands:" + tableId;
  }

  static String tournamentResults(String ownerPrefix) {
    return "pitboss:tournament-results:" + ownerPrefix;
  }

  /** Registered entries of a tournament: player → entry JSON. */
  static String entrants(String tournament) {
    return "pitboss:tournament:" + tournament + ":entrants";
  }

  /** Idempotency keys of registration calls: key → player. */
  static String registrationKeys(String tournament) {
    return "pitboss:tournament:" + tournament + ":registration-keys";
  }

  static String directorState(String tournament) {
    return "pitboss:director:" + tournament + ":state";
  }

  static String directorLock(String tournament) {
    return "pitboss:director:" + tournament + ":lock";
  }

  static String directorFence(String tournament) {
    return "pitboss:director:" + tournament + ":fence";
  }
}
