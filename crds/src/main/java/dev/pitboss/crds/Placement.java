package dev.pitboss.crds;

/**
 * One open table and the game server hosting it. The game server's Agones list {@code tables} is
 * the record of truth; status carries a copy so {@code kubectl} can show where a table runs.
 */
public record Placement(String table, String gameServer, String address, Integer port) {}
